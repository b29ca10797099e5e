import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import type { CommandResponse, DirectoryCustomer } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation, type WorkstationNotice } from '../../src-main/core/workstation';
import { wordMessage } from '../../src-main/shared/messages';
import { CrmServer } from '../support/crm-server';
import { SyncServer } from '../support/sync-server';
import { resourcesDir, tempDir } from '../support/temp';

// Customers created or corrected at the desk: to a real sync backend (customer.upsert, once) and to
// a real HTTP CRM that takes writes (mapped body, auth, If-Match), with its conflicts shown.

const cleanups: (() => Promise<void> | void)[] = [];
let crm: CrmServer;
let backend: SyncServer;

beforeEach(async () => {
  crm = new CrmServer();
  await crm.start();
  backend = new SyncServer();
  await backend.listen();
  cleanups.push(
    () => crm.stop(),
    () => backend.close(),
  );
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const writeMapping = {
  id: 'id',
  customerNumber: 'number',
  name: 'fullName',
  email: 'mail',
  postcode: 'address.zip',
  city: 'address.town',
  phones: 'phones',
};

interface Desk {
  ws: Workstation;
  api: Dispatcher;
  notices: WorkstationNotice[];
  dataDir: string;
}

async function desk(dataDir = tempDir()): Promise<Desk> {
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      agent: { name: 'Jana' },
      sip: { defaultCountry: 'DE' },
      sync: { url: backend.url, token: backend.token },
      crm: { writeUrl: `${crm.url}/api/v2/customers`, auth: { header: 'Authorization', value: 'Bearer crm-token' }, timeoutMs: 2000, writeMapping },
    }),
  );
  const ws = new Workstation({
    dataDir,
    configFile: config,
    host: 'web',
    appVersion: 'test',
    resourcesDir,
    logger: silentLogger,
    clock: systemClock,
    crmRetryBaseMs: 50,
  });
  const notices: WorkstationNotice[] = [];
  ws.onNotice((notice) => notices.push(notice));
  await ws.start();
  cleanups.push(() => ws.stop());
  return { ws, api: new Dispatcher(ws), notices, dataDir };
}

async function ok<T = unknown>(api: Dispatcher, command: string, payload: unknown): Promise<T> {
  const result = await api.handle(command, payload);
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
  return result.result as T;
}

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const customerOf = async (api: Dispatcher, id: string) => (await ok<CommandResponse<'customers:get'>>(api, 'customers:get', { id })).customer;
const crmState = async (api: Dispatcher, id: string, state: string) => {
  const customer = await customerOf(api, id);
  return customer.crm?.state === state ? customer : null;
};
const upserts = () => [...backend.stored.values()].filter((event) => event.topic === 'customer.upsert');

describe('customers created or corrected at the desk', () => {
  it('a new customer reaches the backend once and the CRM as a mapped POST with the auth header; a correction goes as a PUT with If-Match', async () => {
    const { api } = await desk();
    const { customer } = await ok<{ customer: DirectoryCustomer }>(api, 'customers:create', {
      name: 'Jana Berg',
      customerNumber: 'K-17',
      phones: ['030 1234567'],
      email: 'jana@example.org',
      postcode: '10115',
      city: 'Berlin',
    });
    const sent = await until('the CRM to take the customer', () => crmState(api, customer.id, 'sent'));
    expect(sent.crm).toMatchObject({ state: 'sent', reason: null, theirs: null });

    expect(crm.writes).toHaveLength(1);
    const create = crm.writes[0]!;
    expect(create.method).toBe('POST');
    expect(create.path).toBe('/api/v2/customers');
    expect(create.headers.authorization).toBe('Bearer crm-token');
    expect(create.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(create.body).toEqual({
      number: 'K-17',
      fullName: 'Jana Berg',
      mail: 'jana@example.org',
      address: { zip: '10115', town: 'Berlin' },
      phones: ['+49301234567'],
    });

    await until('the backend to have the new customer', () => upserts().length === 1);
    const told = upserts()[0]!;
    expect(told.entityId).toBe(customer.id);
    expect(told.payload).toMatchObject({
      id: customer.id,
      created: true,
      origin: 'desk',
      customer: { name: 'Jana Berg', customerNumber: 'K-17', phones: ['+49301234567'] },
      agent: { name: 'Jana' },
      callId: null,
    });
    expect(backend.arrivals.filter((id) => id === told.id)).toHaveLength(1);

    // The agent corrects the e-mail address: an update of the CRM's customer, naming the version it had.
    await ok(api, 'customers:update', { id: customer.id, email: 'jana.berg@example.org' });
    await until('the correction to reach the CRM', () => (crm.writes.length === 2 ? crmState(api, customer.id, 'sent') : null));
    const update = crm.writes[1]!;
    expect(update.method).toBe('PUT');
    expect(update.path).toBe('/api/v2/customers/c-1');
    expect(update.headers['if-match']).toBe('"v1"');
    expect(update.status).toBe(200);
    expect(crm.written.get('c-1')).toMatchObject({ mail: 'jana.berg@example.org', fullName: 'Jana Berg', version: 2 });
    await until('the backend to have the correction', () => upserts().length === 2);
    expect(upserts()[1]!.payload).toMatchObject({ created: false, changed: ['email'], customer: { email: 'jana.berg@example.org' } });
  });

  it('a CRM answering 409 shows the agent both versions and overwrites nothing; "keep the CRM\'s" updates the directory', async () => {
    const { api, notices } = await desk();
    crm.conflictStatus = 409;
    const { customer } = await ok<{ customer: DirectoryCustomer }>(api, 'customers:create', { name: 'Jana Berg', customerNumber: 'K-17', city: 'Berlin' });
    await until('the CRM to take the customer', () => crmState(api, customer.id, 'sent'));
    // A colleague at the client corrected the name in the CRM meanwhile.
    crm.changeElsewhere('c-1', { fullName: 'Jana Berg-Schulz', address: { zip: '10117', town: 'Berlin' } });

    await ok(api, 'customers:update', { id: customer.id, city: 'Potsdam' });
    const conflicted = await until('the conflict', () => crmState(api, customer.id, 'conflict'));
    expect(crm.writes.at(-1)).toMatchObject({ method: 'PUT', status: 409 });
    // Nothing overwritten: the CRM keeps its version, the directory ours.
    expect(crm.written.get('c-1')).toMatchObject({ fullName: 'Jana Berg-Schulz', address: { town: 'Berlin' }, version: 2 });
    expect(conflicted).toMatchObject({ name: 'Jana Berg', city: 'Potsdam' });
    expect(conflicted.crm?.theirs).toMatchObject({ crmId: 'c-1', name: 'Jana Berg-Schulz', postcode: '10117', city: 'Berlin', etag: '"v2"' });
    const notice = notices.find((n) => n.said.key === 'customerSync.conflict');
    expect(notice && wordMessage('en', notice.said)).toBe("The CRM has other details for Jana Berg: open the customer to keep the CRM's or send ours again.");
    const writesBefore = crm.writes.length;

    const { customer: kept } = await ok<{ customer: DirectoryCustomer }>(api, 'customers:resolveConflict', { id: customer.id, keep: 'theirs' });
    expect(kept).toMatchObject({ name: 'Jana Berg-Schulz', postcode: '10117', city: 'Berlin', crm: { state: 'sent', theirs: null } });
    expect((await customerOf(api, customer.id)).name).toBe('Jana Berg-Schulz');
    // The backend hears that the directory took the CRM's details; the CRM is not written again.
    await until('the backend to hear of it', () => upserts().some((e) => (e.payload as { origin: string }).origin === 'crm'));
    expect(crm.writes.length).toBe(writesBefore);
  });

  it('"send ours again" overwrites exactly the CRM version shown (If-Match its ETag)', async () => {
    const { api } = await desk();
    const { customer } = await ok<{ customer: DirectoryCustomer }>(api, 'customers:create', { name: 'Jana Berg', customerNumber: 'K-17' });
    await until('the CRM to take the customer', () => crmState(api, customer.id, 'sent'));
    crm.changeElsewhere('c-1', { fullName: 'J. Berg' });
    await ok(api, 'customers:update', { id: customer.id, email: 'jana@example.org' });
    await until('the conflict (412)', () => crmState(api, customer.id, 'conflict'));

    await ok(api, 'customers:resolveConflict', { id: customer.id, keep: 'ours' });
    await until('ours to be sent', () => crmState(api, customer.id, 'sent'));
    const last = crm.writes.at(-1)!;
    expect(last).toMatchObject({ method: 'PUT', path: '/api/v2/customers/c-1', status: 200 });
    expect(last.headers['if-match']).toBe('"v2"');
    expect(crm.written.get('c-1')).toMatchObject({ fullName: 'Jana Berg', mail: 'jana@example.org', version: 3 });
  });

  it('a CRM answering 422 refuses with its reason shown; the customer stays as the agent typed it', async () => {
    const { api, notices } = await desk();
    crm.writeMode = 'invalid';
    const { customer } = await ok<{ customer: DirectoryCustomer }>(api, 'customers:create', { name: 'Jana Berg', postcode: '99999', city: 'Berlin' });
    const refused = await until('the refusal', () => crmState(api, customer.id, 'refused'));
    expect(refused.crm?.reason && wordMessage('en', refused.crm.reason)).toBe('the CRM answered HTTP 422: Postleitzahl passt nicht zum Ort');
    expect(refused).toMatchObject({ name: 'Jana Berg', postcode: '99999' });
    const notice = notices.find((n) => n.said.key === 'customerSync.refused');
    expect(notice && wordMessage('en', notice.said)).toBe(
      'The CRM refused the details of Jana Berg: the CRM answered HTTP 422: Postleitzahl passt nicht zum Ort',
    );
  });

  it('a CRM that is down: the customer waits, is retried, and reaches the CRM once after a restart', async () => {
    await crm.setMode({ kind: 'down' });
    const first = await desk();
    const { customer } = await ok<{ customer: DirectoryCustomer }>(first.api, 'customers:create', { name: 'Jana Berg', customerNumber: 'K-17' });
    const waiting = await until('a failed attempt', async () => {
      const c = await crmState(first.api, customer.id, 'waiting');
      return c?.crm?.reason ? c : null;
    });
    expect(wordMessage('en', waiting.crm!.reason!)).toBe('the CRM refused the connection');
    await first.ws.stop();

    await crm.setMode({ kind: 'ok' });
    const second = await desk(first.dataDir);
    await until('the CRM to take the customer after the restart', () => crmState(second.api, customer.id, 'sent'));
    expect(crm.writes.filter((w) => w.method === 'POST')).toHaveLength(1);
    expect([...crm.written.values()]).toHaveLength(1);
    await until('the backend to have it', () => upserts().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upserts()).toHaveLength(1);
  });
});
