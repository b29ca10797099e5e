import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { said, type Message } from '../../contract/messages';
import { errorForLog, type Logger } from '../log';
import { openDatabase } from '../store/database';
import type { Migration } from '../store/migrations';
import { CustomerDirectory } from './directory';

export const DIRECTORY_FILE = 'customers.sqlite';

/**
 * The directory's own schema: the same tables as the call log's migrations 8, 15 and 18 made, so
 * CustomerDirectory runs unchanged on either file, plus its own meta (the search index's mark).
 */
export const directoryMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'customer directory',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        CREATE TABLE customers (
          id TEXT PRIMARY KEY, client TEXT, customer_number TEXT, name TEXT, email TEXT, postcode TEXT, city TEXT,
          street TEXT, notes TEXT, extra_json TEXT, source TEXT NOT NULL CHECK (source IN ('import', 'crm', 'manual')),
          updated_at INTEGER NOT NULL,
          salutation TEXT CHECK (salutation IN ('female', 'male', 'neutral'))
        ) STRICT;
        CREATE INDEX customers_by_number ON customers (customer_number, client);
        CREATE TABLE customer_phones (
          customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
          e164 TEXT NOT NULL, extension TEXT, kind TEXT
        ) STRICT;
        CREATE INDEX customer_phones_by_e164 ON customer_phones (e164);
        CREATE INDEX customer_phones_by_customer ON customer_phones (customer_id);
        CREATE VIRTUAL TABLE customers_search USING fts5(
          digits, words, content = '', contentless_delete = 1, tokenize = 'trigram remove_diacritics 1'
        );
        INSERT INTO meta (key, value) VALUES ('customers_indexed_rowid', '0');
      `);
    },
  },
  {
    version: 2,
    name: 'customers without a customer number by name',
    up(db) {
      // As the call log's migration 18: a customer without a customer number is known by client,
      // name and phones (CustomerDirectory's `existing`); this finds the candidates.
      db.exec('CREATE INDEX customers_by_name ON customers (name, client) WHERE customer_number IS NULL;');
    },
  },
  {
    version: 3,
    name: "the customer's language",
    up(db) {
      // As the call log's migration 25.
      db.exec('ALTER TABLE customers ADD COLUMN language TEXT');
    },
  },
  {
    version: 4,
    name: 'changes made at a desk, by id',
    up(db) {
      // As the call log's migration 24: the desk that changed a customer finds here, after a crash,
      // whether its change committed, and so whether the backend and the CRM must hear of it.
      db.exec('CREATE TABLE customer_changes_applied (id TEXT PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL) STRICT;');
    },
  },
];

/** The machine-wide folder every user of the computer can reach; the installers create it writable for them. */
export function machineDirectoryFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Anlauf');
  if (platform === 'darwin') return '/Library/Application Support/Anlauf';
  return '/var/lib/anlauf';
}

/** statfs types of network file systems (Linux): NFS, CIFS, SMB2/3, SMB, FUSE (sshfs and the like). */
const NETWORK_FS = new Set([0x6969, 0xff534d42, 0xfe534d42, 0x517b, 0x65735546]);

/**
 * A network share (said in the log and the support bundle; the journal is a rollback journal
 * everywhere, see openDirectoryFile). Windows: a UNC path (a mapped drive letter
 * cannot be told apart here: name shares by UNC). Linux: the file system's type. macOS: `/Volumes/`.
 */
export function isNetworkFolder(folder: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') return /^[\\/]{2}[^\\/]/.test(folder);
  if (platform === 'darwin') return folder.startsWith('/Volumes/');
  try {
    return NETWORK_FS.has(fs.statfsSync(folder).type);
  } catch {
    return false;
  }
}

export interface DirectoryLocation {
  folder: string;
  file: string;
  network: boolean;
  /** `readonly`: lookups work, imports are refused; `unreachable`: the agent's own database stands in. */
  access: 'readwrite' | 'readonly' | 'unreachable';
  /** Why it is not `readwrite`, in English, for the log, the CLI and the agent's notice. */
  problem: string | null;
}

/**
 * What the agent is told about the directory as the desk found it, or null when it can be used as
 * meant. The folder is named as the settings or the machine default name it (`\\server\share`),
 * so IT knows which share the desk could not use.
 */
export function directoryNotice(location: DirectoryLocation): Message | null {
  if (location.access === 'readonly') return said('customerDirectory.readOnly', { folder: location.folder });
  if (location.access === 'unreachable') return said('customerDirectory.unreachable', { folder: location.folder });
  return null;
}

export interface OpenedDirectory {
  /** The shared file, or null when it cannot be reached. */
  db: Database | null;
  location: DirectoryLocation;
}

/**
 * Opens the shared customer directory. A folder or file the user may not write is opened read-only;
 * one that cannot be reached (a share that is down, a folder that does not exist and cannot be made)
 * gives no database, and the caller uses the agent's own: nothing stops the desk.
 */
export function openDirectoryFile(options: {
  folder: string | null;
  appVersion: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}): OpenedDirectory {
  const platform = options.platform ?? process.platform;
  const folder = options.folder ?? machineDirectoryFolder(options.env ?? process.env, platform);
  const file = path.join(folder, DIRECTORY_FILE);
  const network = isNetworkFolder(folder, platform);
  const location = (access: DirectoryLocation['access'], problem: string | null): DirectoryLocation => ({ folder, file, network, access, problem });
  try {
    // setgid: files made here keep the folder's group, the desk's users (the installers set it).
    if (!fs.existsSync(folder)) fs.mkdirSync(folder, { recursive: true, mode: 0o2775 });
  } catch (error) {
    return { db: null, location: location('unreachable', `the folder ${folder} does not exist and cannot be made: ${(error as Error).message}`) };
  }
  const exists = fs.existsSync(file);
  if (canWrite(folder) && (!exists || canWrite(file))) {
    try {
      if (!exists) {
        // Writable by the group and others' reads: every user of the desk writes it.
        fs.closeSync(fs.openSync(file, 'a', 0o664));
        fs.chmodSync(file, 0o664);
      }
      // A rollback journal, not WAL, on every folder: a WAL file cannot be opened by a user who may
      // only read it while nobody with write access has it open (its shared-memory file is missing
      // and may not be made), and WAL across computers corrupts it on a share mapped to a drive
      // letter, which cannot be told from a local disk. Imports commit in batches, so a reader
      // waits at most for one batch's commit.
      const db = openDatabase(file, { appVersion: options.appVersion, migrations: directoryMigrations, shared: { journal: 'delete' } });
      return { db, location: location('readwrite', null) };
    } catch (error) {
      if (!exists) return { db: null, location: location('unreachable', `${file} cannot be opened: ${(error as Error).message}`) };
      // A file we may write but not open for writing (a share's own locks): try reading it.
    }
  }
  if (!exists) return { db: null, location: location('unreachable', `the folder ${folder} is read-only and holds no ${DIRECTORY_FILE}`) };
  try {
    const db = openDatabase(file, { appVersion: options.appVersion, migrations: directoryMigrations, readonly: true });
    return { db, location: location('readonly', `${file} is read-only for this user: lookups work, imports are refused`) };
  } catch (error) {
    return { db: null, location: location('unreachable', `${file} cannot be read: ${(error as Error).message}`) };
  }
}

function canWrite(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface DirectoryMove {
  moved: number;
  /** Customers the shared directory already had in a newer version: theirs stays. */
  keptNewer: number;
}

/**
 * Moves the customers of the agent's own database (earlier versions kept the directory per user,
 * and imports while the share was unreachable land there) into the shared directory, once: each
 * customer is written to the shared file first and deleted from the agent's only after that
 * committed, so a crash in between moves it again rather than losing it. A customer the shared
 * directory has (same id; same customer number and client; or, without a customer number, same
 * client, name and phones) in a newer version is kept as it is. Each batch holds the shared file's
 * write lock from its first look, so two users' desks moving at once take turns and the second
 * finds what the first moved.
 */
export function moveAgentCustomers(agentDb: Database, shared: CustomerDirectory, logger: Logger): DirectoryMove | null {
  const ids = agentDb.prepare('SELECT id FROM customers ORDER BY rowid').pluck().all() as string[];
  if (ids.length === 0) return null;
  const own = new CustomerDirectory(agentDb);
  const result: DirectoryMove = { moved: 0, keptNewer: 0 };
  const BATCH = 2000;
  for (let start = 0; start < ids.length; start += BATCH) {
    const chunk = ids.slice(start, start + BATCH);
    shared.transaction(() => {
      for (const id of chunk) {
        const customer = own.get(id);
        if (!customer) continue;
        const there = shared.findSame(customer);
        if (there && there.updatedAt >= customer.updatedAt) {
          result.keptNewer++;
          continue;
        }
        shared.write({ ...customer, id: there?.id ?? customer.id }, customer.updatedAt);
        result.moved++;
      }
      shared.indexPending();
    });
    agentDb.transaction(() => {
      const remove = agentDb.prepare('DELETE FROM customers WHERE id = ?');
      for (const id of chunk) remove.run(id);
    })();
  }
  try {
    // The agent's index now points at deleted rows: empty it, and start its mark again.
    agentDb.transaction(() => {
      if (Number(agentDb.prepare('SELECT count(*) FROM customers').pluck().get()) === 0) {
        agentDb.exec("DELETE FROM customers_search; UPDATE meta SET value = '0' WHERE key = 'customers_indexed_rowid'");
      }
    })();
  } catch (error) {
    logger.log('warn', "the agent's old customer search index could not be emptied", { error: errorForLog(error) });
  }
  return result;
}
