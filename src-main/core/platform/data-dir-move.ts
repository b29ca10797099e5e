import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir, roamingDataDir } from './paths';

/** What moving the data folder did; written as `moved-from-roaming.json` into the new folder, and logged. */
export interface DataDirMove {
  from: string;
  to: string;
  at: number;
  /** Entries (files and folders) now in the new folder. */
  moved: string[];
  /** Entries both folders had: the new folder's stays, the old one is kept under `asideIn`. */
  keptAside: string[];
  asideIn: string | null;
  /** Entries that could not be moved (in use, no access): they stay in the old folder, the next start tries again. */
  failed: { name: string; error: string }[];
}

export const MOVE_REPORT_FILE = 'moved-from-roaming.json';
const MOVING_SUFFIX = '.moving';

/**
 * The database and its companions move as one: a -wal left behind loses the calls it holds, and a
 * -wal that arrives alone would be replayed into another database. Companions go first and the
 * database last, so an interrupted move resumes by moving what is left of the unit.
 */
const DATABASE_UNIT = ['anlauf.sqlite-wal', 'anlauf.sqlite-shm', 'anlauf.sqlite-journal', 'anlauf.sqlite'];

/**
 * Moves the data of earlier versions from roaming to local app data on Windows, at every start
 * until nothing is left (an interrupted or partly failed move resumes). It never overwrites: an
 * entry the new folder already has (newer data, written since) stays, and the old one is kept in
 * `roaming-<time>/` inside the new folder. The old folder is removed once empty. Returns null when
 * there was nothing to move (not Windows, a chosen data folder, or no old folder).
 */
export function moveRoamingDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, now: number): DataDirMove | null {
  const from = roamingDataDir(env, platform);
  const to = defaultDataDir(env, platform);
  if (from === null || path.resolve(from) === path.resolve(to) || !isDirectory(from)) return null;
  const names = fs.readdirSync(from);
  const report: DataDirMove = { from, to, at: now, moved: [], keptAside: [], asideIn: null, failed: [] };
  fs.mkdirSync(to, { recursive: true });
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const aside = () => (report.asideIn ??= path.join(to, `roaming-${stamp}`));

  const unit = DATABASE_UNIT.filter((name) => names.includes(name));
  // The new folder has a database: it was written by this version since, so what is left of the
  // old one goes aside whole (an interrupted move never leaves the new folder a database while the
  // old still holds part of its unit: the database itself moves last).
  const unitConflicts = fs.existsSync(path.join(to, 'anlauf.sqlite'));
  const rest = names.filter((name) => !DATABASE_UNIT.includes(name)).sort();
  for (const name of [...unit, ...rest]) {
    const source = path.join(from, name);
    const conflict = DATABASE_UNIT.includes(name) ? unitConflicts : fs.existsSync(path.join(to, name));
    const target = conflict ? path.join(aside(), name) : path.join(to, name);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      moveEntry(source, target);
      (conflict ? report.keptAside : report.moved).push(name);
    } catch (error) {
      report.failed.push({ name, error: (error as Error).message });
    }
  }
  if (report.failed.length === 0) {
    try {
      fs.rmdirSync(from);
    } catch {
      // Something appeared in the meantime: the next start moves it.
    }
  }
  fs.writeFileSync(path.join(to, MOVE_REPORT_FILE), JSON.stringify(report, null, 2) + '\n');
  return report;
}

/**
 * A rename where it can (same volume: instant and atomic); across volumes (a redirected roaming
 * folder on a share) a copy under a temporary name, renamed when complete, then the source removed.
 * A temporary copy left by an interrupted move is dropped and made again.
 */
function moveEntry(source: string, target: string): void {
  try {
    fs.renameSync(source, target);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const partial = target + MOVING_SUFFIX;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.cpSync(source, partial, { recursive: true, preserveTimestamps: true, errorOnExist: true });
  fs.renameSync(partial, target);
  fs.rmSync(source, { recursive: true, force: true });
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The move in one English line for the log and stderr. */
export function describeMove(move: DataDirMove): string {
  const parts = [`moved ${move.moved.length} entries of the data folder from ${move.from} to ${move.to}`];
  if (move.keptAside.length)
    parts.push(`kept ${move.keptAside.length} older entries the new folder already had in ${move.asideIn}: ${move.keptAside.join(', ')}`);
  if (move.failed.length) parts.push(`could not move ${move.failed.map((f) => `${f.name} (${f.error})`).join(', ')}; the next start tries again`);
  return parts.join('; ');
}
