import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { settingsSchema } from '../contract';
import { readLocated } from '../core/files/located-parse';
import { variantFor } from '../core/scripts/languages';
import { readScriptFile, readScriptText } from '../core/scripts/loader';
import { isFormText, parseForm } from '../core/forms/loader';
import { SAMPLE_CONTEXT, walkPreview } from '../core/scripts/preview';
import { formatProblem } from '../core/scripts/problems';
import { referencesFromSettings, shippedReferences, type References } from '../core/scripts/references';
import { SAMPLE_FORMS, SAMPLE_NAMES } from '../core/scripts/shipped-names';
import { previewForm } from '../core/forms/form-preview';
import { checkTopicFile } from '../core/topics/topic-file';
import { checkedSettingsSchema } from '../core/settings/settings-service';
import type { ScriptContext } from '../core/scripts/variables';
import { listVersions, loadIntoLibrary } from './scripts-library-command';
import { parseScriptArgs, ScriptsUsageError } from './scripts-usage';

export const SCRIPTS_USAGE = `  scripts validate FILE... [--config SETTINGS]
                      check call scripts, client forms (docs/forms.md) and topics files
                      (docs/topics.md); every problem as file:line:col: message. With the
                      desk's settings, an unknown campaign, client or disposition is an error;
                      without, a name no shipped default or sample uses is a warning
  scripts load FILE [--data-dir D] [--config SETTINGS]
                      check a script (or a client form) and store it in the desk's library;
                      prints its id, version and whether it is new, changed or unchanged
  scripts versions ID [--data-dir D]
                      list the stored versions of a script with dates, sizes and hashes
  scripts preview FILE [--customer JSON|FILE] [--call JSON|FILE] [--answers JSON|FILE] [--language LANG]
                      print a walk through a script with sample customer data (a form: its
                      fields, types, bounds and conditions); exits 1
                      when an answer is refused or names no question; --language picks
                      the variant of a script written in several languages
`;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** JSON (or YAML) given inline, or the name of a file holding it. */
function readObject(flag: string, value: string): Record<string, unknown> {
  let text = value;
  if (!/^\s*[{[]/.test(value)) {
    try {
      text = fs.readFileSync(value, 'utf8');
    } catch (error) {
      throw new ScriptsUsageError(`--${flag}: ${value} is neither JSON nor a readable file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ScriptsUsageError(`--${flag} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ScriptsUsageError(`--${flag} must be a JSON object such as {"firstName": "Erika"}`);
  return parsed as Record<string, unknown>;
}

/** The names to check scripts against: the settings file's, else the shipped ones (warnings only). */
function referencesFor(config: string | undefined): References {
  if (config === undefined) return shippedReferences(settingsSchema.parse({}).wrapUp.dispositions, SAMPLE_NAMES);
  return referencesFromSettings(readLocated(path.resolve(config), checkedSettingsSchema));
}

function validate(args: string[], io: Output): number {
  const { values, positionals: files } = parseScriptArgs(args, { config: { type: 'string' } });
  if (files.length === 0) throw new ScriptsUsageError('scripts validate needs at least one FILE');
  const settingsReferences = referencesFor(values.config as string | undefined);
  // Without --config only the shipped samples' names are known (no clients): only a desk's settings can say.
  const forms = files.map((file) => ({ file, form: checkForm(file, settingsReferences.severity === 'error' ? settingsReferences.clients : null) }));
  // The forms checked in the same run are the ones a script's `form:` may name (as the script folder's on the desk).
  const formIds = forms.flatMap(({ form }) => (form?.ok ? [form.form.id] : []));
  const references = forms.some(({ form }) => form !== null) ? { ...settingsReferences, forms: formIds, shippedForms: SAMPLE_FORMS } : settingsReferences;
  let failed = 0;
  const kinds = new Set<'scripts' | 'forms' | 'topics files'>();
  for (const { file, form } of forms) {
    const topics = checkTopics(file, settingsReferences);
    kinds.add(topics !== null ? 'topics files' : form !== null ? 'forms' : 'scripts');
    if (topics !== null) {
      io.out(topics.text);
      if (!topics.ok) failed++;
      continue;
    }
    if (form !== null) {
      if (form.ok)
        io.out(`${file}: valid (form ${form.form.id}${form.form.client ? `, client ${form.form.client}` : ''}, ${form.form.fields.length} fields)\n`);
      else {
        failed++;
        for (const problem of form.problems) io.out(formatProblem(problem) + '\n');
      }
      continue;
    }
    const result = readScriptFile(file, { references });
    if (result.ok) {
      const s = result.script;
      for (const warning of result.warnings ?? []) io.out(formatProblem(warning) + '\n');
      io.out(`${file}: valid (campaign ${s.campaign}${s.client ? `, client ${s.client}` : ''}, ${s.nodes.size} nodes)\n`);
    } else {
      failed++;
      for (const problem of result.problems) io.out(formatProblem(problem) + '\n');
    }
  }
  if (files.length > 1 && failed) {
    const named = (['scripts', 'forms', 'topics files'] as const).filter((k) => kinds.has(k));
    const what = named.length === 1 ? named.join('') : `files (${named.join(' and ')})`;
    io.err(`${failed} of ${files.length} ${what} have problems.\n`);
  }
  return failed ? 1 : 0;
}

/** A form file's check (a top-level `form:`), or null for a script (or a file that cannot be read, which the script check reports). */
function checkForm(file: string, clients: readonly string[] | null): ReturnType<typeof parseForm> | null {
  const read = readScriptText(file);
  return read.ok && isFormText(read.text) ? parseForm(read.text, file, { clients }) : null;
}

function preview(args: string[], io: Output): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { customer: { type: 'string' }, call: { type: 'string' }, answers: { type: 'string' }, language: { type: 'string' } },
    });
  } catch (error) {
    throw new ScriptsUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new ScriptsUsageError('scripts preview needs exactly one FILE');
  const file = positionals[0] as string;
  const context: ScriptContext = { ...SAMPLE_CONTEXT };
  if (values.customer !== undefined) context.customer = readObject('customer', values.customer);
  if (values.call !== undefined) context.call = readObject('call', values.call);
  const answers = values.answers === undefined ? {} : readObject('answers', values.answers);
  const form = checkForm(file, null);
  if (form !== null) return previewFormFile(file, form, values.language, io);
  const result = readScriptFile(file);
  if (!result.ok) {
    for (const problem of result.problems) io.out(formatProblem(problem) + '\n');
    return 1;
  }
  const languages = [...(result.script.variants?.keys() ?? [result.script.language])];
  if (values.language !== undefined && !languages.includes(values.language)) {
    io.err(`anlauf: ${file} has no ${values.language} texts; its languages: ${languages.join(', ')}\n`);
    return 1;
  }
  const walk = walkPreview(variantFor(result.script, values.language), { context, answers });
  io.out(walk.text);
  // A refused or unknown answer means the walk shown is not the one the trainer asked for.
  return walk.rejected.length || walk.unknown.length ? 1 : 0;
}

/** `anlauf scripts …`; returns the exit code (0 fine, 1 problems found, 2 wrong usage). */
export function scriptsCommand(args: string[], io: Output = processOutput): number {
  const [sub, ...rest] = args;
  try {
    if (sub === 'validate') return validate(rest, io);
    if (sub === 'preview') return preview(rest, io);
    if (sub === 'load') return loadIntoLibrary(rest, io);
    if (sub === 'versions') return listVersions(rest, io);
    throw new ScriptsUsageError(
      `unknown scripts command ${sub ? `"${sub}"` : '(none)'}; try "scripts validate FILE...", "scripts preview FILE", "scripts load FILE" or "scripts versions ID"`,
    );
  } catch (error) {
    if (!(error instanceof ScriptsUsageError)) throw error;
    io.err(`anlauf: ${error.message}\n\nUsage:\n${SCRIPTS_USAGE}`);
    return 2;
  }
}

/** A form file's preview: its fields as the agent is offered them (a form has no walk to answer). */
function previewFormFile(file: string, result: ReturnType<typeof parseForm>, language: string | undefined, io: Output): number {
  if (!result.ok) {
    for (const problem of result.problems) io.out(formatProblem(problem) + '\n');
    return 1;
  }
  const languages = [...(result.form.variants?.keys() ?? [result.form.language])];
  if (language !== undefined && !languages.includes(language)) {
    io.err(`anlauf: ${file} has no ${language} texts; its languages: ${languages.join(', ')}\n`);
    return 1;
  }
  io.out(previewForm(variantFor(result.form, language), new Date()));
  return 0;
}

/**
 * A topics file's check (a top-level `topics:`, docs/topics.md), as a desk checks the topics
 * folder; null for any other file. Client ids are checked against --config's settings only.
 */
function checkTopics(file: string, references: References): { ok: boolean; text: string } | null {
  const read = readScriptText(file);
  if (!read.ok || !/^topics\s*:/m.test(read.text)) return null;
  const clients = references.severity === 'error' ? (references.clients ?? []) : [];
  const result = checkTopicFile(read.text, file, { clients });
  // Top to bottom, as the trainer reads the file.
  const byLine = (a: { line: number; col: number }, b: { line: number; col: number }) => a.line - b.line || a.col - b.col;
  if (!result.ok)
    return {
      ok: false,
      text: [...result.problems]
        .sort(byLine)
        .map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}\n`)
        .join(''),
    };
  const ids = [...new Set(result.topics.map((t) => t.client))];
  const unchecked = clients.length ? '' : `; check the client ids (${ids.join(', ')}) against the desk's settings with --config SETTINGS`;
  return { ok: true, text: `${file}: valid (topics file, ${result.topics.length} topic${result.topics.length === 1 ? '' : 's'}${unchecked})\n` };
}
