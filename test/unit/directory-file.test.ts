import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { isNetworkFolder, machineDirectoryFolder, moveAgentCustomers, openDirectoryFile } from '../../src-main/core/customers/directory-file';
import { silentLogger } from '../../src-main/core/log';
import { openDatabase } from '../../src-main/core/store/database';
import { tempDir } from '../support/temp';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0).reverse()) close();
});

function open(folder: string) {
  const opened = openDirectoryFile({ folder, appVersion: 'test' });
  if (opened.db) closers.push(() => opened.db?.close());
  return opened;
}

const phone = (e164: string) => [{ e164, extension: null, kind: 'phone' }];

describe('the customer directory is shared per machine', () => {
  it('is one file in the machine-wide folder by default, per OS', () => {
    expect(machineDirectoryFolder({ ProgramData: 'C:\\ProgramData' }, 'win32')).toBe('C:\\ProgramData\\Anlauf');
    expect(machineDirectoryFolder({}, 'darwin')).toBe('/Library/Application Support/Anlauf');
    expect(machineDirectoryFolder({}, 'linux')).toBe('/var/lib/anlauf');
    expect(isNetworkFolder('\\\\fileserver\\anlauf', 'win32')).toBe(true);
    expect(isNetworkFolder('C:\\ProgramData\\Anlauf', 'win32')).toBe(false);
    expect(isNetworkFolder(tempDir(), 'linux')).toBe(false);
  });

  it('is seen at once by every user of the desk: two connections (two Windows sessions) on one file', () => {
    const folder = path.join(tempDir(), 'Anlauf');
    const first = open(folder);
    const second = open(folder);
    expect(first.location).toMatchObject({ access: 'readwrite', network: false, file: path.join(folder, 'customers.sqlite') });
    // A rollback journal: a user who may only read the file can open it while nobody else has it open.
    expect(first.db?.pragma('journal_mode', { simple: true })).toBe('delete');
    // Writable by the desk's other users, not private to the first one.
    expect(fs.statSync(first.location.file).mode & 0o777).toBe(0o664);
    new CustomerDirectory(first.db!).upsert({ name: 'Ada Berg', customerNumber: '1', source: 'import', phones: phone('+49301111111') }, 1);
    expect(new CustomerDirectory(second.db!).findByNumber('030 1111111', 'DE').map((c) => c.name)).toEqual(['Ada Berg']);
  });

  it("moves the agent's own (per-user) customers into it once, never losing a row and keeping a newer shared one", () => {
    const agent = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'old' });
    closers.push(() => agent.close());
    const own = new CustomerDirectory(agent);
    own.upsert({ name: 'Old Name', customerNumber: '1', source: 'import', phones: phone('+49301111111') }, 10);
    own.upsert({ name: 'Only Mine', customerNumber: '2', source: 'manual', phones: phone('+49302222222') }, 10);
    own.upsert({ name: 'Newer Here', customerNumber: '3', source: 'import' }, 30);
    const shared = new CustomerDirectory(open(path.join(tempDir(), 'Anlauf')).db!);
    shared.upsert({ name: 'Newer Shared', customerNumber: '1', source: 'import' }, 20);
    shared.upsert({ name: 'Older Shared', customerNumber: '3', source: 'import' }, 5);

    expect(moveAgentCustomers(agent, shared, silentLogger)).toEqual({ moved: 2, keptNewer: 1 });
    expect(shared.findByCustomerNumber('1').map((c) => c.name)).toEqual(['Newer Shared']);
    expect(shared.findByCustomerNumber('2')[0]).toMatchObject({ name: 'Only Mine', source: 'manual', phones: phone('+49302222222') });
    expect(shared.findByCustomerNumber('3').map((c) => c.name)).toEqual(['Newer Here']);
    expect(shared.search('Only', 5).map((c) => c.name)).toEqual(['Only Mine']);
    expect(shared.count()).toBe(3);
    // Moved, not copied: the agent's database no longer holds them, and a second start has nothing to move.
    expect(own.count()).toBe(0);
    expect(moveAgentCustomers(agent, shared, silentLogger)).toBeNull();
  });

  it('searches at once while another desk holds the file for an import, finding what is indexed and the rest by number', () => {
    const folder = path.join(tempDir(), 'Anlauf');
    const mine = new CustomerDirectory(open(folder).db!);
    mine.writeMany([{ name: 'Ada Berg', customerNumber: '1', source: 'import' }], 1);
    // Added since, not yet in the search index.
    mine.upsert({ name: 'Bo Berg', customerNumber: '2', source: 'manual' }, 2);
    const importing = open(folder).db!;
    importing.exec('BEGIN IMMEDIATE');
    closers.push(() => importing.inTransaction && importing.exec('ROLLBACK'));
    const started = Date.now();
    expect(mine.search('Berg', 5).map((c) => c.name)).toEqual(['Ada Berg']);
    expect(mine.search('2', 5).map((c) => c.name)).toEqual(['Bo Berg']);
    expect(Date.now() - started).toBeLessThan(1000);
    importing.exec('COMMIT');
    expect(
      mine
        .search('Berg', 5)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['Ada Berg', 'Bo Berg']);
  });

  it('serves lookups from a read-only folder and says imports are refused; an unreachable one gives no file', () => {
    const folder = path.join(tempDir(), 'Anlauf');
    const writer = open(folder);
    new CustomerDirectory(writer.db!).upsert({ name: 'Ada Berg', customerNumber: '1', source: 'import' }, 1);
    writer.db?.pragma('wal_checkpoint(TRUNCATE)');
    writer.db?.pragma('journal_mode = DELETE');
    writer.db?.close();
    fs.chmodSync(writer.location.file, 0o444);
    fs.chmodSync(folder, 0o555);
    closers.push(() => fs.chmodSync(folder, 0o755));
    // Root writes anywhere; the check is what a desk's user meets.
    if (process.getuid?.() === 0) return;
    const reader = open(folder);
    expect(reader.location).toMatchObject({ access: 'readonly', problem: expect.stringContaining('imports are refused') });
    expect(new CustomerDirectory(reader.db!).findByCustomerNumber('1').map((c) => c.name)).toEqual(['Ada Berg']);
  });

  it('gives no file, with the reason, when the folder cannot be reached (a share that is down)', () => {
    const file = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(file, '');
    const opened = openDirectoryFile({ folder: path.join(file, 'Anlauf'), appVersion: 'test' });
    expect(opened.db).toBeNull();
    expect(opened.location).toMatchObject({ access: 'unreachable', problem: expect.stringContaining('cannot be made') });
  });
});
