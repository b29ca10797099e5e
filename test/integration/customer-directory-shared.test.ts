import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { openDirectoryFile, type DirectoryLocation } from '../../src-main/core/customers/directory-file';
import { openDatabase } from '../../src-main/core/store/database';
import { projectRoot, tempDir } from '../support/temp';
import { makeWorkstation } from '../support/workstation';

// The machine's customer directory is one SQLite file that every user of the desk (and, on a
// share, every desk) writes. These tests run real processes on one real file, as two users would.

const writer = path.join(projectRoot, 'test', 'support', 'directory-writer.ts');
const deskScript = path.join(projectRoot, 'test', 'support', 'directory-desk.ts');
/** A desk's user who is not root (root writes any folder whatever its mode): nobody. */
const NOBODY = { uid: 65534, gid: 65534 };

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0).reverse()) close();
});

interface Desk {
  location: Promise<DirectoryLocation>;
  /** Starts the work; resolves with what the writer printed last. */
  go(): Promise<{ done?: unknown; error?: string }>;
}

/** A writer process: another user of this computer, with its own connection to the file. */
function desk(folder: string, mode: 'import' | 'move', source: string, as?: { uid: number; gid: number }): Desk {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, folder, mode, source], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(as ?? {}),
  });
  closers.push(() => child.kill());
  const lines: Record<string, unknown>[] = [];
  const waiting: (() => void)[] = [];
  let stderr = '';
  let buffer = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
      buffer = buffer.slice(newline + 1);
      for (const wake of waiting.splice(0)) wake();
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const next = (key: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const look = () => {
        const line = lines.find((l) => key in l || 'error' in l);
        if (line) resolve(line);
        else waiting.push(look);
      };
      look();
      void exited.then(() => setTimeout(() => reject(new Error(`the writer ended without ${key}: ${stderr}`)), 50));
    });
  return {
    location: next('location').then((line) => line.location as DirectoryLocation),
    go: async () => {
      child.stdin.write('go\n');
      const line = await next('done');
      return line as { done?: unknown; error?: string };
    },
  };
}

/** The shared file, made by the first desk as the workstation makes it. */
function sharedFolder(): string {
  const folder = path.join(tempDir(), 'Anlauf');
  const opened = openDirectoryFile({ folder, appVersion: 'test' });
  opened.db?.close();
  return folder;
}

function sharedDirectory(folder: string): CustomerDirectory {
  const opened = openDirectoryFile({ folder, appVersion: 'test' });
  closers.push(() => opened.db?.close());
  return new CustomerDirectory(opened.db!);
}

/** An export of 120 customers: every third without a customer number (a household, a walk-in). */
function exportFile(): string {
  const file = path.join(tempDir(), 'kunden.csv');
  const rows = ['Kundennummer;Name;Telefon'];
  for (let i = 0; i < 120; i++) rows.push(`${i % 3 === 0 ? '' : `K${i}`};Kunde ${i};030 ${String(2000000 + i)}`);
  fs.writeFileSync(file, rows.join('\n'));
  return file;
}

describe('two desks writing the shared customer directory at the same time', () => {
  it('import the same file at once: every customer is there once, also those without a customer number, and neither import fails', async () => {
    const folder = sharedFolder();
    const file = exportFile();
    const first = desk(folder, 'import', file);
    const second = desk(folder, 'import', file);
    await Promise.all([first.location, second.location]);
    const [a, b] = await Promise.all([first.go(), second.go()]);
    expect(a).toEqual({ done: { imported: 120, rejected: 0 } });
    expect(b).toEqual({ done: { imported: 120, rejected: 0 } });
    const shared = sharedDirectory(folder);
    expect(shared.count()).toBe(120);
    expect(shared.findByNumber('030 2000000', 'DE').map((c) => c.name)).toEqual(['Kunde 0']);
    expect(shared.search('Kunde 3', 5).filter((c) => c.name === 'Kunde 3')).toHaveLength(1);
  });

  it("move their agents' own customers in at once: a customer both had (without a customer number) is there once", async () => {
    const folder = sharedFolder();
    const agents = ['anna', 'ben'].map((name) => {
      const file = path.join(tempDir(), `${name}.sqlite`);
      const db = openDatabase(file, { appVersion: 'old' });
      const own = new CustomerDirectory(db);
      // Both imported the same list into their own databases while the share was down: the same
      // people under different ids, most without a customer number.
      for (let i = 0; i < 60; i++) {
        own.upsert(
          {
            name: `Kunde ${i}`,
            customerNumber: i % 4 === 0 ? `K${i}` : null,
            source: 'import',
            phones: [{ e164: `+4930${3000000 + i}`, extension: null, kind: 'phone' }],
          },
          10,
        );
      }
      own.upsert({ name: `Only ${name}`, source: 'manual' }, 10);
      db.close();
      return file;
    });
    const first = desk(folder, 'move', agents[0]!);
    const second = desk(folder, 'move', agents[1]!);
    await Promise.all([first.location, second.location]);
    const results = await Promise.all([first.go(), second.go()]);
    for (const result of results) expect(result.error).toBeUndefined();
    const shared = sharedDirectory(folder);
    expect(shared.count()).toBe(62);
    expect(shared.findByNumber('030 3000001', 'DE').map((c) => c.name)).toEqual(['Kunde 1']);
    expect(
      shared
        .search('Only', 5)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Only anna', 'Only ben']);
    // Moved, not copied.
    for (const file of agents) {
      const db = openDatabase(file, { appVersion: 'test' });
      expect(new CustomerDirectory(db).count()).toBe(0);
      db.close();
    }
  });
});

describe('what the agent is told when the shared directory cannot be used as meant', () => {
  it('read-only for this user: customers are found, and an import or a new customer is refused naming the folder', () => {
    const base = tempDir();
    fs.chmodSync(base, 0o755);
    const folder = path.join(base, 'Anlauf');
    const made = openDirectoryFile({ folder, appVersion: 'test' });
    // Imported on a desk that may write it (an import indexes for search as it goes) …
    new CustomerDirectory(made.db!).writeMany([{ name: 'Jana Berg', customerNumber: '1', source: 'import' }], 1);
    // … and a customer added there since, which no writing desk has indexed yet.
    new CustomerDirectory(made.db!).upsert({ name: 'Lars Berg', customerNumber: '7', source: 'manual' }, 2);
    made.db!.close();
    // IT gave the desk's users read access only: the file and its folder are root's.
    fs.chmodSync(made.location.file, 0o644);
    fs.chmodSync(folder, 0o755);
    const csv = path.join(base, 'kunden.csv');
    fs.writeFileSync(csv, 'Kundennummer;Name;Telefon\n2;Ole Berg;030 1234567\n');
    fs.chmodSync(csv, 0o644);
    const dataDir = path.join(base, 'data');
    fs.mkdirSync(dataDir);
    fs.chownSync(dataDir, NOBODY.uid, NOBODY.gid);

    const run = spawnSync(process.execPath, ['--import', 'tsx', deskScript, dataDir, folder, csv], { cwd: projectRoot, encoding: 'utf8', ...NOBODY });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toEqual({
      directory: { folder, access: 'readonly', notice: { key: 'customerDirectory.readOnly', params: { folder } } },
      // The search does not fail on the index it may not bring up to date; the number finds the rest.
      found: ['Jana Berg'],
      foundByNumber: ['Lars Berg'],
      import: {
        said: { key: 'customer.directoryReadOnly', params: { folder } },
        message: `Nothing was saved: the shared customer directory in ${folder} is read-only for you, so customers cannot be imported or added. Your IT department can give you write access to the folder.`,
      },
      create: { said: { key: 'customer.directoryReadOnly', params: { folder } }, message: expect.any(String) },
    });
    const shared = sharedDirectory(folder);
    expect(shared.count()).toBe(2);
  });

  it('unreachable at start: the agent is told customers imported elsewhere are not found; the next start that reaches it says nothing', async () => {
    const base = tempDir();
    // A folder that cannot be made (its parent is a file): as a share that is down.
    const blocker = path.join(base, 'share');
    fs.writeFileSync(blocker, '');
    const folder = path.join(blocker, 'Anlauf');
    const first = makeWorkstation({ directoryFolder: folder });
    expect(first.ws.snapshot().customerDirectory).toEqual({
      folder,
      access: 'unreachable',
      notice: { key: 'customerDirectory.unreachable', params: { folder } },
    });
    // Meanwhile the agent's own database stands in: a customer added now is kept.
    first.ws.customers.createCustomer({ name: 'Walk In', phones: ['030 7654321'] });
    await first.ws.stop();

    fs.rmSync(blocker);
    const second = makeWorkstation({ directoryFolder: folder, dataDir: first.dataDir });
    expect(second.ws.snapshot().customerDirectory).toEqual({ folder, access: 'readwrite', notice: null });
    expect(second.ws.customers.searchCustomers('030 7654321', 5).map((c) => c.name)).toEqual(['Walk In']);
    await second.ws.stop();
    expect(
      sharedDirectory(folder)
        .findByNumber('030 7654321', 'DE')
        .map((c) => c.name),
    ).toEqual(['Walk In']);
  });
});
