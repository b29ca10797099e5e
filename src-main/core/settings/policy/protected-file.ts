import fs from 'node:fs';
import { said } from '../../../contract';
import type { PolicyRefusal } from './policy-values';

/**
 * A machine policy file is honoured only when no one but root could have written it: a regular
 * file (not a symbolic link, which could point at a file an agent owns), owned by root, not
 * writable by group or others. Otherwise any local account could unlock what IT locked. Checked
 * on the open descriptor (O_NOFOLLOW, then fstat), so the file read is the file checked.
 */
export type ProtectedRead = { kind: 'absent' } | { kind: 'refused'; refusal: PolicyRefusal } | { kind: 'read'; bytes: Buffer };

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

export function readProtectedFile(file: string): ProtectedRead {
  const refuse = (problem: string, reason: PolicyRefusal['reason']): ProtectedRead => ({
    kind: 'refused',
    refusal: { source: file, line: null, problem, reason },
  });
  const fix = `chown root:root '${file}'; chmod 644 '${file}'`;
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return refuse(`cannot be read (${code ?? String(error)})`, said('policyReason.unreadable', { detail: code ?? 'error' }));
  }
  if (link.isSymbolicLink())
    return refuse(
      `is a symbolic link; machine policy is read only from a regular file owned by root: put the file itself there (${fix})`,
      said('policyReason.symlink', {}),
    );
  if (!link.isFile()) return refuse('is not a regular file', said('policyReason.notFile', {}));
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return refuse(`cannot be read (${code})`, said('policyReason.unreadable', { detail: code }));
  }
  try {
    const stat = fs.fstatSync(fd);
    // Swapped between the look and the open: whatever it is now, it is not what was checked.
    if (stat.ino !== link.ino || stat.dev !== link.dev || !stat.isFile())
      return refuse('changed while it was read; try again', said('policyReason.notFile', {}));
    if (stat.uid !== 0)
      return refuse(
        `is owned by user id ${stat.uid}, not root, so that account could change the policy; it is ignored until you run: ${fix}`,
        said('policyReason.notRoot', { owner: stat.uid }),
      );
    if (stat.mode & 0o022)
      return refuse(
        `can be written by ${stat.mode & 0o002 ? 'every user' : 'its group'} (mode ${octal(stat.mode)}), so the policy is ignored until you run: ${fix}`,
        said('policyReason.writable', { mode: octal(stat.mode) }),
      );
    return { kind: 'read', bytes: fs.readFileSync(fd) };
  } finally {
    fs.closeSync(fd);
  }
}
