import path from 'node:path';
import { said, type Message } from '../../contract';
import type { LocatedProblem } from '../files/located-parse';
import type { Logger } from '../log';
import type { FormFieldsOf } from './settings-checks';
import { checkSettingsFile } from './settings-file';
import type { SettingsFileStatus } from './settings-service';

const keyOf = (p: LocatedProblem) => `${p.line ?? ''}|${p.field ?? ''}|${p.problem}`;

/**
 * What a start cannot say about IT's settings file: a form endpoint's mapping naming a field its
 * form does not have (settings-checks.ts, formEndpointFindings), known only once the forms are
 * loaded from the script folder. Checked again after each load; each problem is logged once with
 * its line and key, and IT's notice on the agent's screen names them until the file or the form
 * is fixed.
 */
export class FormMappingCheck {
  private readonly logged = new Set<string>();
  private current: Message[] = [];

  constructor(
    private readonly deps: {
      /** IT's settings file as the desk read it at start; null: none (then there is no mapping of IT's to check). */
      status: () => SettingsFileStatus | null;
      fieldsOf: FormFieldsOf;
      /** Whether any client's form endpoint has a mapping; without one the file is not read again. */
      mapped: () => boolean;
      logger: Logger;
    },
  ) {}

  /** The notice for IT, empty while nothing is wrong. */
  get notices(): Message[] {
    return this.current;
  }

  /** Checks the mappings against the forms loaded now; true when the notice changed. */
  check(): boolean {
    const status = this.deps.status();
    // A file running on its last good version is already reported, and its mappings are not the ones in the file.
    const found = status && !status.lastGood && this.deps.mapped() ? this.problems(status) : [];
    for (const p of found) {
      if (this.logged.has(keyOf(p))) continue;
      this.logged.add(keyOf(p));
      this.deps.logger.log('warn', `settings file: ${p.problem}`, { file: status?.file, line: p.line, key: p.field });
    }
    const notices = found.length
      ? [
          said('settings.formMappingFields', {
            file: path.basename(status?.file ?? ''),
            count: found.length,
            places: found.map((p) => `${p.field ?? ''}${p.line ? ` (line ${p.line})` : ''}`).join(', '),
          }),
        ]
      : [];
    const changed = JSON.stringify(notices) !== JSON.stringify(this.current);
    this.current = notices;
    return changed;
  }

  private problems(status: SettingsFileStatus): LocatedProblem[] {
    const known = new Set(status.warnings.map(keyOf));
    return checkSettingsFile(status.file, { fieldsOf: this.deps.fieldsOf }).warnings.filter((p) => !known.has(keyOf(p)));
  }
}
