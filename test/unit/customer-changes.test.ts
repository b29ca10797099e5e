import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src-main/contract';
import { CrmWriter } from '../../src-main/core/customers/crm-writer';
import { CustomerChanges } from '../../src-main/core/customers/customer-changes';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { directoryMigrations } from '../../src-main/core/customers/directory-file';
import { silentLogger } from '../../src-main/core/log';
import { openDatabase } from '../../src-main/core/store/database';
import { OutboxRepository } from '../../src-main/core/store/outbox';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';

// The shared directory is another file than the call log: one transaction cannot hold a customer's
// change and its outbox row. What a crash between the two leaves must be told once, or not at all.

describe('customer changes with the directory in its own file', () => {
  let callLog: Database;
  let directoryDb: Database;
  let directory: CustomerDirectory;
  let outbox: OutboxRepository;
  let changes: CustomerChanges;

  beforeEach(() => {
    const dir = tempDir();
    callLog = openDatabase(path.join(dir, 'anlauf.sqlite'), { appVersion: 'test' });
    directoryDb = openDatabase(path.join(dir, 'customers.sqlite'), { appVersion: 'test', migrations: directoryMigrations });
    directory = new CustomerDirectory(directoryDb);
    outbox = new OutboxRepository(callLog);
    const settings = settingsSchema.parse({ crm: { writeUrl: 'https://crm.example.org/api/customers' } });
    const crm = new CrmWriter({ db: callLog, settings: () => settings.crm, clock: new ManualClock(1000), logger: silentLogger, notice: () => {} });
    changes = new CustomerChanges({
      db: callLog,
      directory,
      outbox,
      crm,
      agent: () => ({ id: null, name: 'Jana' }),
      clock: new ManualClock(1000),
      logger: silentLogger,
    });
  });
  afterEach(() => {
    callLog.close();
    directoryDb.close();
  });

  const crmWrites = () => Number(callLog.prepare('SELECT count(*) FROM crm_writes').pluck().get());

  it('a change is told to the backend and queued for the CRM once; one that changes nothing is not told', () => {
    changes.apply({ id: 'cust-1', source: 'manual', name: 'Jana Berg' }, { origin: 'desk', callId: null });
    changes.apply({ id: 'cust-1', source: 'manual', name: 'Jana Berg' }, { origin: 'desk', callId: null });
    expect(outbox.pending(10).map((row) => row.topic)).toEqual(['customer.upsert']);
    expect(crmWrites()).toBe(1);
    expect(changes.recover()).toEqual({ told: 0, dropped: 0 });
  });

  it('a crash after the directory committed: the next start tells the change, once', () => {
    // What a crash leaves: the change's id in the call log, the change and its note in the directory.
    callLog.prepare('INSERT INTO customer_changes (id, created_at) VALUES (?, ?)').run('change-1', 1000);
    const payload = {
      id: 'cust-1',
      change: 'change-1',
      created: true,
      origin: 'desk',
      customer: {
        id: 'cust-1',
        client: null,
        customerNumber: null,
        name: 'Jana Berg',
        salutation: null,
        email: null,
        postcode: null,
        city: null,
        street: null,
        phones: [],
      },
      changed: ['name'],
      agent: { id: null, name: 'Jana' },
      callId: null,
      at: 1000,
    };
    directory.transaction(() => {
      directory.write({ id: 'cust-1', source: 'manual', name: 'Jana Berg' }, 1000);
      directory.markApplied('change-1', JSON.stringify(payload), 1000);
    });
    expect(changes.recover()).toEqual({ told: 1, dropped: 0 });
    expect(outbox.pending(10).map((row) => [row.topic, JSON.parse(row.payload).change])).toEqual([['customer.upsert', 'change-1']]);
    expect(crmWrites()).toBe(1);
    expect(directory.applied('change-1')).toBeNull();
    // A second start finds nothing left to tell.
    expect(changes.recover()).toEqual({ told: 0, dropped: 0 });
    expect(outbox.pending(10)).toHaveLength(1);
  });

  it('a crash before the directory committed: nothing is told of a change that did not happen', () => {
    callLog.prepare('INSERT INTO customer_changes (id, created_at) VALUES (?, ?)').run('change-2', 1000);
    expect(changes.recover()).toEqual({ told: 0, dropped: 1 });
    expect(outbox.pending(10)).toEqual([]);
    expect(crmWrites()).toBe(0);
  });

  it('a directory write that fails tells nothing and leaves nothing pending', () => {
    directoryDb.exec("CREATE TRIGGER no_writes BEFORE INSERT ON customers BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    expect(() => changes.apply({ id: 'cust-3', source: 'manual', name: 'Jana Berg' }, { origin: 'desk', callId: null })).toThrow('disk full');
    expect(outbox.pending(10)).toEqual([]);
    expect(Number(callLog.prepare('SELECT count(*) FROM customer_changes').pluck().get())).toBe(0);
  });
});

describe('customer changes with the directory in the call log (the shared file unreachable)', () => {
  it('the change, its outbox row and its CRM write are one transaction; nothing is left to recover', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    try {
      const settings = settingsSchema.parse({ crm: { writeUrl: 'https://crm.example.org/api/customers' } });
      const crm = new CrmWriter({ db, settings: () => settings.crm, clock: new ManualClock(1000), logger: silentLogger, notice: () => {} });
      const outbox = new OutboxRepository(db);
      const changes = new CustomerChanges({
        db,
        directory: new CustomerDirectory(db),
        outbox,
        crm,
        agent: () => ({ id: null, name: null }),
        clock: new ManualClock(1000),
        logger: silentLogger,
      });
      db.exec(
        "CREATE TRIGGER no_outbox BEFORE INSERT ON outbox WHEN NEW.topic = 'customer.upsert' AND NEW.payload LIKE '%Fail%' BEGIN SELECT RAISE(ABORT, 'outbox full'); END;",
      );
      changes.apply({ id: 'cust-1', source: 'manual', name: 'Jana Berg' }, { origin: 'desk', callId: null });
      // An outbox row that cannot be written takes the change with it.
      expect(() => changes.apply({ id: 'cust-2', source: 'manual', name: 'Fail Fast' }, { origin: 'desk', callId: null })).toThrow('outbox full');
      expect(new CustomerDirectory(db).get('cust-2')).toBeNull();
      expect(outbox.pending(10).map((row) => row.entityId)).toEqual(['cust-1']);
      expect(db.prepare('SELECT count(*) FROM customer_changes_applied').pluck().get()).toBe(0);
      expect(changes.recover()).toEqual({ told: 0, dropped: 0 });
    } finally {
      db.close();
    }
  });
});
