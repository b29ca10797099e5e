import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema, type PopCustomer } from '../../src-main/contract';
import { CustomerDesk } from '../../src-main/core/customers/customer-desk';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { silentLogger } from '../../src-main/core/log';
import { CallLogRepository } from '../../src-main/core/store/call-log';
import { openDatabase } from '../../src-main/core/store/database';
import { ManualClock } from '../support/manual-clock';
import { twoClients } from '../support/clients-config';
import { tempDir } from '../support/temp';

describe('CustomerDesk', () => {
  let db: Database;
  let dir: string;
  let desk: CustomerDesk;
  const picked: { callId: string; customer: PopCustomer }[] = [];
  const written: string[] = [];
  let changes = 0;

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(path.join(dir, 'anlauf.sqlite'), { appVersion: 'test' });
    picked.length = 0;
    written.length = 0;
    changes = 0;
    const settings = settingsSchema.parse({ sip: { defaultCountry: 'DE' } });
    desk = new CustomerDesk({
      settings: () => settings,
      directory: new CustomerDirectory(db),
      callLog: new CallLogRepository(db),
      contexts: { clientOf: (callId) => (callId === 'call-1' ? 'acme' : null), pick: (callId, customer) => picked.push({ callId, customer }) },
      clock: new ManualClock(5000),
      logger: silentLogger,
      written: (callId) => written.push(callId),
    });
    desk.onDidChange(() => changes++);
  });
  afterEach(() => db.close());

  it("creates a customer for the call's client and makes it the call's customer", () => {
    const created = desk.createCustomer({ name: ' Jana Berg ', customerNumber: '17', phones: ['030 1234567'], callId: 'call-1' });
    expect(created).toMatchObject({ name: 'Jana Berg', customerNumber: '17', client: 'acme' });
    expect(picked).toEqual([{ callId: 'call-1', customer: expect.objectContaining({ name: 'Jana Berg' }) }]);
    expect(desk.searchCustomers('Berg', 10).map((c) => c.name)).toEqual(['Jana Berg']);
    expect(desk.customer(created.id).customer.name).toBe('Jana Berg');
  });

  it('refuses a number it cannot store and a customer number taken in the same client', () => {
    expect(() => desk.createCustomer({ name: 'A', phones: ['hello'] })).toThrow('"hello" is not a phone number');
    desk.createCustomer({ name: 'A', customerNumber: '9', client: 'acme' });
    expect(() => desk.createCustomer({ name: 'B', customerNumber: '9', client: 'acme' })).toThrow('already exists');
    expect(() => desk.customer('missing')).toThrow('There is no such customer');
  });

  it('imports one file at a time and shows its progress while it runs', async () => {
    const file = path.join(dir, 'customers.csv');
    fs.writeFileSync(file, 'Kundennummer;Name;Telefon\n1;Jana Berg;030 1234567\n');
    const running = desk.importCustomers({ fileName: 'customers.csv', file, client: null });
    expect(desk.importProgress).toMatchObject({ fileName: 'customers.csv' });
    await expect(desk.importCustomers({ fileName: 'again.csv', file, client: null })).rejects.toThrow('An import is already running');
    expect((await running).imported).toBe(1);
    expect(desk.importProgress).toBeNull();
    expect(changes).toBeGreaterThanOrEqual(2);
  });

  it("checks the window's import against the configured clients, reporting each row that matches none with its value", async () => {
    const settings = settingsSchema.parse({ sip: { defaultCountry: 'DE' }, clients: twoClients });
    const withClients = new CustomerDesk({
      settings: () => settings,
      directory: new CustomerDirectory(db),
      callLog: new CallLogRepository(db),
      contexts: { clientOf: () => null, pick: () => undefined },
      clock: new ManualClock(5000),
      logger: silentLogger,
      written: () => undefined,
    });
    const file = path.join(dir, 'customers.csv');
    fs.writeFileSync(file, 'Kundennummer;Name;Telefon;Mandant\n1;Jana Berg;030 1234567;stadtwerke\n2;Ole Sand;030 7654321;Stadtwerke Ost\n');
    const result = await withClients.importCustomers({ fileName: 'customers.csv', file, client: null });
    expect(result.imported).toBe(1);
    expect(result.rejected).toEqual([
      expect.objectContaining({
        row: 3,
        said: expect.objectContaining({ key: 'customerImport.unknownClient', params: expect.objectContaining({ client: 'Stadtwerke Ost' }) }),
      }),
    ]);
    await expect(withClients.importCustomers({ fileName: 'customers.csv', file, client: 'Nobody' })).rejects.toThrow(/matches no configured client/);
  });

  it("announces a call's customer written to the log, and not one that could not be written", () => {
    desk.recordCustomer('no-such-call', { customerNumber: null, name: 'X' });
    expect(written).toEqual([]);
  });
});
