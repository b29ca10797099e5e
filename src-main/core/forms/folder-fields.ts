import fs from 'node:fs';
import path from 'node:path';
import { readScriptText } from '../scripts/loader';
import { isFormText, parseForm } from './loader';

/**
 * The forms in a script folder by id, with their field ids, as a desk with this folder would
 * load them (files with problems left out: the desk would not load them either). For checks
 * made without a desk, such as `anlauf settings validate` against the form endpoints' mappings.
 * Null when the folder cannot be read.
 */
export function formFieldsInFolder(folder: string): Map<string, string[]> | null {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return null;
  }
  const forms = new Map<string, string[]>();
  for (const name of names.filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith('.')).sort()) {
    const file = path.join(folder, name);
    const read = readScriptText(file);
    if (!read.ok || !isFormText(read.text)) continue;
    const parsed = parseForm(read.text, file);
    if (parsed.ok)
      forms.set(
        parsed.form.id,
        parsed.form.fields.map((f) => f.id),
      );
  }
  return forms;
}
