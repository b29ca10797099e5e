import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the files a script includes (`- include: shared/datenschutz.yaml`) come from. A script
 * checked from disk reads them from its folder; a version kept in the library reads the copies
 * stored with it, so an old version shows what was included when it was loaded.
 */

/** One included file as read: `file` as messages name it, and its text. */
export interface IncludedFile {
  file: string;
  text: string;
}

export type ReadInclude = (written: string, from: string) => { ok: true; included: IncludedFile } | { ok: false; message: string };

/** The largest file an include reads; the same as a script (loader.ts MAX_SCRIPT_BYTES). */
const MAX_INCLUDE_BYTES = 256 * 1024;

/**
 * Why a written include path is refused, or null. Only paths below the including file's folder:
 * a script in the shared folder must not read other files of the desk (`../../secrets.json`).
 */
export function includePathProblem(written: string): string | null {
  if (written.trim() === '') return 'include needs a file name, e.g. include: shared/datenschutz.yaml';
  if (path.isAbsolute(written) || /^[A-Za-z]:/.test(written) || written.startsWith('\\'))
    return `include takes a path relative to the script, not "${written}"`;
  if (written.split(/[\\/]/).includes('..'))
    return `include may not leave the script folder ("${written}" has ..); put shared files below the folder, e.g. shared/`;
  if (!/\.ya?ml$/i.test(written)) return `include reads .yaml files only, not "${written}"`;
  return null;
}

/** The file an include names, as messages show it: next to the including file. */
export const includeTarget = (written: string, from: string) => path.join(path.dirname(from), written);

/** Reads included files from disk, confined to `root` (symbolic links included). */
export function folderReader(root: string): ReadInclude {
  return (written, from) => {
    const problem = includePathProblem(written);
    if (problem) return { ok: false, message: problem };
    const file = includeTarget(written, from);
    let fd: number | null = null;
    try {
      const real = fs.realpathSync(file);
      const realRoot = fs.realpathSync(root);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep))
        return { ok: false, message: `include may not leave the script folder ("${written}" leads outside it)` };
      fd = fs.openSync(real, 'r');
      const { size } = fs.fstatSync(fd);
      if (size > MAX_INCLUDE_BYTES)
        return { ok: false, message: `the included file "${written}" is too large (${Math.ceil(size / 1024)} KB; at most ${MAX_INCLUDE_BYTES / 1024} KB)` };
      return { ok: true, included: { file, text: fs.readFileSync(fd, 'utf8') } };
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : ((error as NodeJS.ErrnoException).code ?? String(error));
      return { ok: false, message: `the included file "${written}" cannot be read (${reason})` };
    } finally {
      if (fd !== null) fs.closeSync(fd);
    }
  };
}

/** Reads included files from the copies kept with a stored version. */
export function storedReader(files: readonly IncludedFile[]): ReadInclude {
  const byFile = new Map(files.map((f) => [f.file, f.text]));
  return (written, from) => {
    const problem = includePathProblem(written);
    if (problem) return { ok: false, message: problem };
    const file = includeTarget(written, from);
    const text = byFile.get(file);
    return text === undefined
      ? { ok: false, message: `the included file "${written}" was not stored with this version` }
      : { ok: true, included: { file, text } };
  };
}
