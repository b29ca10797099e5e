import path from 'node:path';
import { checkSettingsFile, formatProblem } from '../core/settings/settings-file';

export const SETTINGS_USAGE = `  settings validate FILE
                      check a settings file as a start would, before it is rolled out (no data
                      folder needed); every problem on its own line as file:line: key: problem,
                      warnings too; exit code 1 when the file would not be used
`;

/** A mistake in how `anlauf settings …` was called: printed with the usage, exit code 2. */
export class SettingsUsageError extends Error {}

/**
 * `anlauf settings validate FILE`: the reader a start uses, so what it passes a desk reads. The
 * last good version a desk falls back to is left out on purpose: the question is whether this
 * file is good, not whether a desk would survive it.
 */
export function settingsCommand(args: string[], out: (text: string) => void = (t) => process.stdout.write(t)): number {
  const [sub, ...files] = args;
  if (sub !== 'validate') throw new SettingsUsageError(`unknown settings command ${sub ? `"${sub}"` : '(none)'}; try "settings validate FILE"`);
  if (files.length !== 1 || files[0]?.startsWith('-')) throw new SettingsUsageError('settings validate needs exactly one FILE');
  const file = files[0] as string;
  const report = checkSettingsFile(path.resolve(file));
  const lines = [...report.errors.map((p) => formatProblem(file, p)), ...report.warnings.map((p) => formatProblem(file, p, true))];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  lines.push(
    report.errors.length
      ? `${file}: not usable: ${count(report.errors.length, 'error')}, ${count(report.warnings.length, 'warning')}`
      : `${file}: OK${report.warnings.length ? `, with ${count(report.warnings.length, 'warning')}` : ''}`,
  );
  out(lines.join('\n') + '\n');
  return report.errors.length ? 1 : 0;
}
