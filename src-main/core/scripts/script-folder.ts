import fs from 'node:fs';
import path from 'node:path';
import { errorForLog, type Logger } from '../log';
import type { LoadResult, ScriptLibrary } from './library';
import { readScriptText } from './loader';
import type { OtherFiles } from './script-loads';
import { formatProblem } from './problems';

/**
 * The trainers' script folder (settings `scripts.folder`): every `*.yaml` / `*.yml` in it is
 * loaded at start and again when it changes, so publishing a script is saving a file. Problems
 * are reported to the agent's screen and the log with file, line and column; a broken file never
 * replaces the version loaded before it.
 */
export class ScriptFolder {
  private watcher: fs.FSWatcher | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The files each script includes (as last loaded): a change to one reloads the script. */
  private readonly includes = new Map<string, readonly string[]>();

  constructor(
    private readonly folder: string | null,
    private readonly library: ScriptLibrary,
    private readonly logger: Logger,
    private readonly report: (file: string, result: LoadResult) => void,
    /** Where other files beside the scripts go (the client forms, core/forms/); without it every file is read as a script. */
    private readonly forms?: OtherFiles & { report: (file: string, result: ReturnType<OtherFiles['loadText']>) => void },
  ) {}

  start(): void {
    const folder = this.folder;
    if (!folder) return;
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch (error) {
      this.logger.log('error', 'the script folder cannot be read', { folder, error: errorForLog(error) });
      return;
    }
    for (const name of names.filter(isScript).sort()) this.load(path.join(folder, name));
    try {
      // Recursive: shared files included by the scripts live in subfolders (shared/…). Only the
      // folder's own files are scripts; a file below is loaded through the scripts including it.
      this.watcher = fs.watch(folder, { recursive: true }, (_event, name) => {
        if (!name || !isScript(path.basename(String(name)))) return;
        const file = path.join(folder, String(name));
        if (path.dirname(file) === path.normalize(folder)) this.schedule(file);
        for (const [script, included] of this.includes) if (included.includes(file)) this.schedule(script);
      });
      this.watcher.on('error', (error) => this.logger.log('error', 'watching the script folder failed', { folder, error: errorForLog(error) }));
    } catch (error) {
      this.logger.log('error', 'the script folder cannot be watched', { folder, error: errorForLog(error) });
    }
  }

  /** Editors write a file in several steps: load once it has been quiet for a moment. */
  private schedule(file: string): void {
    clearTimeout(this.timers.get(file));
    this.timers.set(file, setTimeout(() => this.load(file), 300).unref());
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * Loads one file. Nothing escapes: this runs from start() and from the watcher's timer, where
   * a throw would stop the workstation or the whole host, and one trainer's file must not stop
   * every desk that reads the folder. Whatever goes wrong is reported as a problem of the file.
   */
  private load(file: string): void {
    let result: LoadResult;
    try {
      if (!fs.existsSync(file)) {
        this.includes.delete(file);
        return;
      }
      const read = this.forms ? readScriptText(file) : null;
      if (read?.ok && this.forms?.claims(read.text)) {
        this.loadForm(file, read.text, this.forms);
        return;
      }
      result = this.library.load(file);
      this.includes.set(file, result.includes ?? []);
    } catch (error) {
      this.logger.log('error', 'a script could not be loaded', { file, error: error instanceof Error ? error.stack : String(error) });
      const message = `Anlauf could not load this file (${error instanceof Error ? error.message : String(error)}); please send it to IT`;
      result = { ok: false, problems: [{ file, line: 1, col: 1, code: 'not-checked', message }] };
    }
    if (result.ok) this.logger.log('info', `script ${path.basename(file)}: ${result.message}`);
    else
      this.logger.log('warn', 'a script in the script folder has problems; the version loaded before stays', { problems: result.problems.map(formatProblem) });
    try {
      this.report(file, result);
    } catch (error) {
      this.logger.log('error', 'a script load could not be reported', { file, error: error instanceof Error ? error.stack : String(error) });
    }
  }

  /** A form file of the folder: checked and kept as scripts are, a broken one never replacing the version before. */
  private loadForm(file: string, text: string, forms: NonNullable<ScriptFolder['forms']>): void {
    const result = forms.loadText(text, file);
    if (result.ok) this.logger.log('info', `form ${path.basename(file)}: ${result.message}`);
    else this.logger.log('warn', 'a form in the script folder has problems; the version loaded before stays', { problems: result.problems.map(formatProblem) });
    try {
      forms.report(file, result);
    } catch (error) {
      this.logger.log('error', 'a form load could not be reported', { file, error: errorForLog(error) });
    }
  }
}

/** The configured script folder; a relative one is read against the settings file's folder. */
export function resolveScriptFolder(folder: string | null, configFile: string | undefined): string | null {
  if (!folder) return null;
  return path.isAbsolute(folder) || !configFile ? folder : path.resolve(path.dirname(configFile), folder);
}

function isScript(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}
