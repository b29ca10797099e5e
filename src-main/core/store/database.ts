import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { createPrivateFile, ensurePrivateDir, ensurePrivateFile } from '../files/private-files';
import type { Logger } from '../log';
import { migrations as defaultMigrations, type Migration } from './migrations';

export const DATABASE_FILE = 'anlauf.sqlite';

/** The file was written by a newer Anlauf; opening it here could damage it, so we refuse. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
    readonly writtenBy: string | null,
  ) {
    super(
      `The call log ${file} was written by a newer Anlauf` +
        (writtenBy ? ` (${writtenBy})` : '') +
        ` with database schema ${found}; this Anlauf understands schema ${known} at most. ` +
        'Update Anlauf, or start it with another data folder. The file was not changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** SQLite's words for a file that is not (or no longer) a readable database. */
const UNREADABLE = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

export function isUnreadableDatabase(error: unknown): boolean {
  return UNREADABLE.has((error as { code?: string })?.code ?? '');
}

/** The disk (or the database's size limit) is full: the write was refused, nothing was changed. */
export function isStorageFull(error: unknown): boolean {
  return (error as { code?: string })?.code === 'SQLITE_FULL';
}

export interface OpenedStore {
  db: Database;
  /** Where an unreadable database was moved, when one was found; null normally. */
  setAside: string | null;
}

/**
 * Opens the store like openDatabase, but an unreadable (corrupt) file is never deleted or
 * silently replaced: it is renamed, with its -wal and -shm files, to `…corrupt-<time>` beside
 * the original, and a new database is started. The caller reports `setAside` to the agent.
 */
export function openStore(file: string, options: OpenOptions, now: number): OpenedStore {
  try {
    const db = openDatabase(file, options);
    db.prepare('SELECT count(*) FROM calls').get();
    return { db, setAside: null };
  } catch (error) {
    if (!isUnreadableDatabase(error)) throw error;
    const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
    const target = `${file}.corrupt-${stamp}`;
    fs.renameSync(file, target);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
    }
    return { db: openDatabase(file, options), setAside: target };
  }
}

export interface OpenOptions {
  /** Version string of the running app, recorded in the file's meta table. */
  appVersion: string;
  migrations?: readonly Migration[];
  readonly?: boolean;
  /** Told when the folder or the files were readable by other users and were tightened. */
  logger?: Logger;
  /**
   * A file every user of the computer opens (the customer directory): not made private, and its
   * journal as given — WAL needs shared memory, which a network share does not give.
   */
  shared?: { journal: 'wal' | 'delete' };
}

/**
 * Opens (creating if needed) the workstation's database: WAL so the CLI can read while the app
 * writes, synchronous=FULL so a committed call survives a power cut, then applies migrations.
 */
export function openDatabase(file: string, options: OpenOptions): Database {
  const migrations = options.migrations ?? defaultMigrations;
  const shared = options.shared ?? null;
  if (shared === null) ensurePrivateDir(path.dirname(file), options.logger);
  // SQLite creates the file 0644 less the umask, and its -wal and -shm with the file's mode:
  // an owner-only file made first keeps all three private.
  if (options.readonly !== true && shared === null) createPrivateFile(file);
  const companions = () => (shared ? undefined : ['', '-wal', '-shm'].forEach((suffix) => ensurePrivateFile(file + suffix, options.logger)));
  companions();
  const db = new BetterSqlite3(file, { fileMustExist: options.readonly === true, readonly: options.readonly === true });
  try {
    db.pragma('busy_timeout = 5000');
    const known = migrations.at(-1)?.version ?? 0;
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > known) {
      throw new SchemaTooNewError(file, found, known, readWrittenBy(db));
    }
    registerFunctions(db);
    if (options.readonly === true) {
      // A read-only file is read as it is; its schema must already be there.
      return db;
    }
    db.pragma(`journal_mode = ${shared?.journal === 'delete' ? 'DELETE' : 'WAL'}`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A 4 MB page cache. better-sqlite3 is built with 16 MB, and the one connection lives as
    // long as main: filling with every call written, it grew main by ~3 MB per 100 calls until
    // the 16 MB were reached. 4 MB keeps the call-log page reads of bench/calllog.bench.ts at
    // their figures (2 MB did not: p99 10-15 ms); reads that miss come from the OS's file cache.
    db.pragma('cache_size = -4000');
    migrate(db, migrations, options.appVersion);
    companions();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** SQL functions the schema's triggers use; every connection must have them before writing. */
function registerFunctions(db: Database): void {
  db.function('anlauf_digits', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.replace(/\D/g, '') : null));
}

function readWrittenBy(db: Database): string | null {
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'written_by'").get() as { value: string } | undefined;
    return row?.value ?? null;
  } catch {
    return null;
  }
}

function migrate(db: Database, migrations: readonly Migration[], appVersion: string): void {
  // IMMEDIATE: two processes opening a fresh folder at once must not both migrate.
  const run = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
    if (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()) {
      db.prepare("INSERT INTO meta (key, value) VALUES ('written_by', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(`Anlauf ${appVersion}`);
    }
  });
  run.immediate();
}
