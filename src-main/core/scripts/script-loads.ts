import path from 'node:path';
import { said, type InnerMessage, type Message } from '../../contract';
import { Emitter } from '../events';
import type { LoadResult, ScriptLibrary } from './library';
import type { ScriptProblem } from './problems';
import { formatProblem } from './problems';

/** What became of a file that is no script (a client form): said to the agent as a script's load is. */
export type OtherLoad =
  | {
      ok: true;
      changed: boolean;
      message: string;
      said: Message;
      warnings?: ScriptProblem[];
      loaded: { id: string; version: number; title: string; client: string | null };
    }
  | { ok: false; problems: ScriptProblem[]; form?: true };

/**
 * Files beside the scripts that are not scripts: the client forms (core/forms/, a layer above),
 * which the trainer loads and the folder watches the same way. `claims` tells them by their text.
 */
export interface OtherFiles<R extends OtherLoad = OtherLoad> {
  claims(text: string): boolean;
  loadText(text: string, file: string): R;
}

/** What the Dispatcher may ask of loading scripts: the trainer's file from the window. */
export interface IScriptLoads {
  loadScript(fileName: string, content: string): LoadResult | OtherLoad;
}

export interface ScriptLoadsDeps {
  library: Pick<ScriptLibrary, 'loadText'>;
  /** Form files (a top-level `form:`) are loaded into the form library instead (docs/forms.md). */
  forms?: OtherFiles;
  /** Tells the agent what became of a file in the script folder; `info` is news, not a failure. */
  notice: (said: Message, level?: 'info') => void;
}

/**
 * Scripts coming into the library, from the trainer's window or the script folder: a load from
 * the window is answered to its sender, one from the folder is told to the agent. Either way the
 * list of loaded scripts may have changed, which the snapshot shows.
 */
export class ScriptLoads implements IScriptLoads {
  private readonly changed = new Emitter<void>();
  /** A load was tried (whether or not it stored a version). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ScriptLoadsDeps) {}

  /** Checks and loads a script (from the trainer's file dialog or drop); the result says what happened. */
  loadScript(fileName: string, content: string): LoadResult | OtherLoad {
    const result = this.deps.forms?.claims(content) ? this.deps.forms.loadText(content, fileName) : this.deps.library.loadText(content, fileName);
    this.changed.fire();
    return result;
  }

  /** What became of a file the script folder loaded (the folder's report). */
  reportLoad(file: string, result: LoadResult | OtherLoad): void {
    if (result.ok) {
      if (result.changed) this.deps.notice(said('scripts.loaded', { file: path.basename(file), detail: result.said as InnerMessage }), 'info');
      // A name the desk's settings may not know: worth a look even when the content is unchanged.
      if (result.warnings?.length)
        this.deps.notice(said('scripts.loadedWithWarnings', { file: path.basename(file), problems: result.warnings.map(formatProblem).join('; ') }));
    } else {
      const shown = result.problems.slice(0, 5).map(formatProblem).join('; ');
      const more = result.problems.length - 5;
      const name = path.basename(file);
      this.deps.notice(
        'form' in result
          ? more > 0
            ? said('forms.notLoadedMore', { file: name, problems: shown, more })
            : said('forms.notLoaded', { file: name, problems: shown })
          : more > 0
            ? said('scripts.notLoadedMore', { file: name, problems: shown, more })
            : said('scripts.notLoaded', { file: name, problems: shown }),
      );
    }
    this.changed.fire();
  }
}
