import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { errorForLog, type Logger } from '../log';

/**
 * The data folder holds who called, about what, and what the agent wrote down: on a shared desk
 * or terminal server no other account may read it. Modes are always set with chmod, because what
 * mkdir and open create depends on the process umask, which the user (or a launcher) chooses.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const windows = process.platform === 'win32';
const restricted = new Set<string>();

const octal = (mode: number) => `0${mode.toString(8)}`;

/**
 * Creates `dir` (and missing parents) owner-only, or tightens it when it exists with looser
 * modes, and says so in the log: a folder others could read may already have been read.
 */
export function ensurePrivateDir(dir: string, logger?: Logger): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (windows) {
    // One icacls per folder and process: its grants are inherited, so once is enough.
    if (!restricted.has(dir)) restrictWindowsAcl(dir, logger);
    restricted.add(dir);
    return;
  }
  tighten(dir, PRIVATE_DIR_MODE, 'folder', logger);
}

/** Sets an existing file owner-only (nothing happens when it does not exist); looser modes are logged. */
export function ensurePrivateFile(file: string, logger?: Logger): void {
  if (windows || !fs.existsSync(file)) return;
  tighten(file, PRIVATE_FILE_MODE, 'file', logger);
}

/**
 * Opens `file` for writing (created or truncated) readable by its owner only. An existing file
 * keeps the mode it had under open(), so the mode is set on the descriptor as well.
 */
export function openPrivateForWriting(file: string): number {
  const fd = fs.openSync(file, 'w', PRIVATE_FILE_MODE);
  try {
    // A pipe or a device (/dev/stdout, /dev/null) keeps nothing at rest and is not ours to chmod.
    if (!windows && fs.fstatSync(fd).isFile()) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (error) {
    fs.closeSync(fd);
    throw new Error(`${file} cannot be made readable by you alone (${(error as Error).message}); choose another file.`, { cause: error });
  }
  return fd;
}

/** Writes a whole file readable by its owner only. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const fd = openPrivateForWriting(file);
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates an empty owner-only file unless it exists (SQLite then gives its -wal and -shm the same mode). */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
}

/** Problems that stay are told once per process, not at every open of the database. */
const told = new Set<string>();
function once(target: string): boolean {
  if (told.has(target)) return false;
  told.add(target);
  return true;
}

function tighten(target: string, wanted: number, what: 'folder' | 'file', logger: Logger | undefined): void {
  const stat = fs.statSync(target);
  const mode = stat.mode & 0o777;
  if (mode === wanted) return;
  // A sticky folder is shared by design (/tmp): closing it would break everyone else's use of it,
  // and as root chmod would succeed. The files inside are still made private.
  if (stat.mode & 0o1000) {
    if (!once(target)) return;
    logger?.log(
      'error',
      `the data ${what} is a shared folder (like /tmp); Anlauf keeps its files private but leaves the folder as it is: give it a folder of its own`,
      { path: target, mode: octal(stat.mode & 0o7777) },
    );
    return;
  }
  try {
    fs.chmodSync(target, wanted);
  } catch (error) {
    // Not ours (a folder an administrator made): say so, and keep working rather than lock the desk out.
    if (once(target))
      logger?.log('error', `the data ${what} is readable by other users and could not be made private`, {
        path: target,
        mode: octal(mode),
        error: errorForLog(error),
      });
    return;
  }
  if (mode & 0o077)
    logger?.log('warn', `the data ${what} was readable by other users; it is now private`, { path: target, was: octal(mode), now: octal(wanted) });
}

/**
 * The arguments for icacls that leave `dir` to the signed-in user (and SYSTEM, which the OS
 * itself needs): inherited entries are removed and the grants are inherited by everything inside.
 */
export function windowsAclArgs(dir: string, env: NodeJS.ProcessEnv, username: string): string[] {
  const user = env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME ?? username}` : (env.USERNAME ?? username);
  return [dir, '/inheritance:r', '/grant:r', `${user}:(OI)(CI)F`, '/grant:r', '*S-1-5-18:(OI)(CI)F', '/Q'];
}

/**
 * Windows has no modes: chmod only toggles read-only. The nearest real thing is the folder's
 * ACL; files created inside inherit it. Not testable on this project's machines (docs/it-admin.md).
 */
function restrictWindowsAcl(dir: string, logger: Logger | undefined): void {
  try {
    execFileSync('icacls', windowsAclArgs(dir, process.env, osUser()), { stdio: 'ignore', windowsHide: true, timeout: 10_000 });
  } catch (error) {
    logger?.log('error', "the data folder's access list could not be limited to this user", { path: dir, error: errorForLog(error) });
  }
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}
