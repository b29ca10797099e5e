import path from 'node:path';
import { formFieldsInFolder } from '../core/forms/folder-fields';
import { resolveScriptFolder } from '../core/scripts/script-folder';
import { checkSettingsFile, formatProblem, type SettingsFileReport } from '../core/settings/settings-file';

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
  const first = checkSettingsFile(path.resolve(file), { folders: true });
  const { report, note } = withFormFields(file, first);
  const lines = [...report.errors.map((p) => formatProblem(file, p)), ...report.warnings.map((p) => formatProblem(file, p, true))];
  if (note) lines.push(`${file}: ${note}`);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  lines.push(
    report.errors.length
      ? `${file}: not usable: ${count(report.errors.length, 'error')}, ${count(report.warnings.length, 'warning')}`
      : `${file}: OK${report.warnings.length ? `, with ${count(report.warnings.length, 'warning')}` : ''}`,
  );
  out(lines.join('\n') + '\n');
  return report.errors.length ? 1 : 0;
}

/**
 * A form endpoint's mapping names the fields of the forms in the script folder: when the file
 * has mappings and sets `scripts.folder`, the file is checked again with those forms known, as a
 * desk does once it has loaded them. The note says which forms that was, or why it could not be.
 */
function withFormFields(file: string, report: SettingsFileReport): { report: SettingsFileReport; note: string | null } {
  const layer = report.layer;
  const clients = Array.isArray(layer?.clients) ? (layer.clients as { forms?: { mapping?: Record<string, unknown> } }[]) : [];
  const mapped = clients.some((c) => Object.keys(c.forms?.mapping ?? {}).length > 0);
  if (!layer || !mapped) return { report, note: null };
  const scripts = layer.scripts as { folder?: unknown } | undefined;
  const folder = typeof scripts?.folder === 'string' ? resolveScriptFolder(scripts.folder, path.resolve(file)) : null;
  if (!folder) return { report, note: 'the form mappings are not checked against the forms: scripts.folder is not set, so the forms are not known here' };
  const forms = formFieldsInFolder(folder);
  if (!forms) return { report, note: `the form mappings are not checked against the forms: the script folder ${folder} cannot be read from here` };
  const checked = checkSettingsFile(path.resolve(file), { folders: true, fieldsOf: (id) => forms.get(id) ?? null });
  const ids = [...forms.keys()];
  return {
    report: checked,
    note: `form mappings checked against the ${ids.length} form(s) in ${folder}${ids.length ? `: ${ids.join(', ')}` : ''}`,
  };
}
