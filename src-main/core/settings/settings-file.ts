import fs from 'node:fs';
import path from 'node:path';
import { settingsSchema } from '../../contract';
import { checkLocated, formatPath, InputFileError, readText, type LocatedProblem } from '../files/located-parse';
import { settingsFindings, type FormFieldsOf } from './settings-checks';

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * IT's settings file as a start reads it, with everything wrong in it at once: what keeps it
 * from being used (`errors`) and what is used but deserves a word (`warnings`). The one reader of
 * the file, for the workstation, `anlauf settings validate` and the other commands, so a check
 * before a rollout says exactly what a start will say.
 */
export interface SettingsFileReport {
  file: string;
  /** The file's settings as written, paths made absolute; null when there are errors. */
  layer: Plain | null;
  errors: LocatedProblem[];
  warnings: LocatedProblem[];
  /** Nothing but blanks and comments: most likely a copy that failed, so the agent is told too. */
  empty: boolean;
}

/**
 * `fieldsOf`: the fields of the forms the desk has (the script folder's), to check the form
 * endpoints' mappings against. `folders`: also try the folders trainers' files are read from
 * (`anlauf settings validate`, run on a desk's computer; a desk itself logs an unreadable one).
 */
export function checkSettingsFile(file: string, options: { fieldsOf?: FormFieldsOf; folders?: boolean } = {}): SettingsFileReport {
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    return { file, layer: null, errors: [{ line: error.line, field: error.field, problem: error.problem }], warnings: [], empty: false };
  }
  const checked = checkLocated(text, file, settingsSchema);
  // Only a document that is a group of settings has paths to resolve and sections to cross-check.
  const layer = isPlain(checked.raw) ? resolvePaths(checked.raw, file) : null;
  const errors = [...checked.problems];
  const warnings: LocatedProblem[] = [];
  if (checked.empty) warnings.push({ line: null, field: null, problem: 'the file is empty: every setting has its default' });
  if (layer) {
    for (const finding of settingsFindings(layer, options)) {
      const problem = { line: checked.lineOf(finding.path), field: formatPath(finding.path), problem: finding.message };
      (finding.level === 'error' ? errors : warnings).push(problem);
    }
    if (options.folders)
      for (const p of unreadableFolders(layer, file)) warnings.push({ line: checked.lineOf(p.path), field: formatPath(p.path), problem: p.problem });
  }
  return { file, layer: errors.length ? null : (layer ?? {}), errors: byLine(errors), warnings: byLine(warnings), empty: checked.empty };
}

/** Problems in the order of the file, so an admin reads them top to bottom. */
function byLine(problems: LocatedProblem[]): LocatedProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
}

/** `file:line: key: problem`, one line per problem (`warning: ` before a warning's words). */
export function formatProblem(file: string, p: LocatedProblem, warning = false): string {
  return `${file}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${warning ? 'warning: ' : ''}${p.problem}`;
}

/** Relative paths in the settings file are resolved against the file's folder. */
function resolvePaths(layer: Plain, configFile: string): Plain {
  const training = layer.training;
  if (isPlain(training) && typeof training.scenarioFile === 'string') {
    training.scenarioFile = path.resolve(path.dirname(configFile), training.scenarioFile);
  }
  // Client logos given as file paths are found next to the settings file, like the scenario.
  if (Array.isArray(layer.clients)) {
    for (const client of layer.clients) {
      if (isPlain(client) && typeof client.logo === 'string' && !client.logo.startsWith('data:')) {
        client.logo = path.resolve(path.dirname(configFile), client.logo);
      }
    }
  }
  return layer;
}

/** The folders a desk reads trainers' files from that cannot be read here: a desk like this one would have nothing from them. */
function unreadableFolders(layer: Plain, file: string): { path: string[]; problem: string }[] {
  const found: { path: string[]; problem: string }[] = [];
  const what = { scripts: 'no scripts and forms', topics: 'no current topics' } as const;
  for (const section of ['scripts', 'topics'] as const) {
    const group = layer[section];
    const folder = isPlain(group) ? group.folder : undefined;
    if (typeof folder !== 'string' || !folder) continue;
    const resolved = path.isAbsolute(folder) ? folder : path.resolve(path.dirname(file), folder);
    let readable: boolean;
    try {
      fs.readdirSync(resolved);
      readable = true;
    } catch {
      readable = false;
    }
    if (!readable)
      found.push({
        path: [section, 'folder'],
        problem: `the folder ${resolved} cannot be read from this computer: a desk that cannot read it has ${what[section]} from it`,
      });
  }
  return found;
}
