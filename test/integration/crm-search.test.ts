import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import type { CommandResponse } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { wordMessage } from '../../src-main/shared/messages';
import { twoClients } from '../support/clients-config';
import { CrmServer } from '../support/crm-server';
import { resourcesDir, tempDir } from '../support/temp';

// The customer search with `crm.searchUrl` set: the local directory and a real HTTP CRM, merged.

type Answer = CommandResponse<'customers:searchCrm'>;

const cleanups: (() => Promise<void> | void)[] = [];
let server: CrmServer;

beforeEach(async () => {
  server = new CrmServer();
  await server.start();
  cleanups.push(() => server.stop());
  server.customers = [
    // Known here and in the CRM by the same customer number.
    { crmId: 'c-1', number: 'K-4711', fullName: 'Erika Müller', phones: ['+49301234567'] },
    // Here without a customer number; the CRM knows the same landline.
    { crmId: 'c-2', number: 'C-0002', fullName: 'Jonas Müller', phones: ['+494030124477'] },
    // Only in the CRM.
    { crmId: 'c-3', number: 'C-0003', fullName: 'Peter Müller', address: { zip: '20095', town: 'Hamburg' }, phones: ['+4989123456'] },
  ];
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function desk(timeoutMs = 2_000): Promise<Dispatcher> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  const crm = {
    searchUrl: `${server.url}/api/customers?q={query}`,
    auth: { header: 'Authorization', value: 'Bearer crm-token' },
    timeoutMs,
    mapping: {
      id: 'data.customers[].crmId',
      customerNumber: 'data.customers[].number',
      name: 'data.customers[].fullName',
      postcode: 'data.customers[].address.zip',
      city: 'data.customers[].address.town',
      email: 'data.customers[].mail',
      phones: 'data.customers[].phones[]',
    },
  };
  fs.writeFileSync(config, JSON.stringify({ agent: { name: 'Jana' }, clients: twoClients, crm }));
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  cleanups.push(() => ws.stop());
  await ws.start();
  const api = new Dispatcher(ws);
  for (const customer of [
    { name: 'Erika Müller', customerNumber: 'K-4711', phones: ['+49 30 1234567'], client: null },
    { name: 'Jonas Müller', customerNumber: null, phones: ['040 30124477'], client: null },
    { name: 'Hans Berger', customerNumber: 'K-0815', phones: ['+43 1 5012345'], client: null },
  ]) {
    await ok(api, 'customers:create', customer);
  }
  return api;
}

async function ok(api: Dispatcher, command: string, payload: unknown): Promise<unknown> {
  const result = await api.handle(command, payload);
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
  return result.result;
}

const search = async (api: Dispatcher, query: string) => (await ok(api, 'customers:searchCrm', { query })) as Answer;
const rows = (answer: Answer) => answer.customers.map((c) => [c.name, c.sources.join('+')]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
const failure = (answer: Answer) => (answer.crm.failure ? wordMessage('en', answer.crm.failure) : null);

describe('the customer search asks the CRM beside the directory', () => {
  it('merges one row per customer (by customer number, else by phone) and says where each came from', async () => {
    const api = await desk();
    const answer = await search(api, 'Müller');
    expect(rows(answer)).toEqual([
      ['Erika Müller', 'directory+crm'],
      ['Jonas Müller', 'directory+crm'],
      ['Peter Müller', 'crm'],
    ]);
    expect(answer.crm).toEqual({ asked: true, failure: null, superseded: false });
    expect(answer.customers.find((c) => c.name === 'Peter Müller')).toMatchObject({
      customerNumber: 'C-0003',
      postcode: '20095',
      city: 'Hamburg',
      source: 'crm',
    });
    // The request carries the auth header and the query, URL-encoded.
    expect(server.requests).toEqual([{ url: '/api/customers?q=M%C3%BCller', auth: 'Bearer crm-token' }]);
  });

  it('does not ask the CRM for a query shorter than 3 characters', async () => {
    const api = await desk();
    const answer = await search(api, 'Mü');
    expect(answer.crm.asked).toBe(false);
    expect(server.requests).toEqual([]);
  });

  for (const [mode, words] of [
    ['down', /^the CRM refused the connection/],
    ['error', /HTTP 500.*Datenbank nicht erreichbar/],
    ['slow', /^the CRM did not answer within 300 ms/],
  ] as const) {
    it(`keeps the local results when the CRM is ${mode}, and says why`, async () => {
      const api = await desk(300);
      await server.setMode(mode === 'slow' ? { kind: 'slow', ms: 3_000 } : { kind: mode });
      const started = Date.now();
      const answer = await search(api, 'Müller');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(rows(answer)).toEqual([
        ['Erika Müller', 'directory'],
        ['Jonas Müller', 'directory'],
      ]);
      expect(answer.crm.asked).toBe(true);
      expect(failure(answer)).toMatch(words);
    });
  }

  it('asks only for the latest query: a newer search aborts the request before it', async () => {
    const api = await desk(5_000);
    await server.setMode({ kind: 'slow', ms: 800 });
    const started = Date.now();
    const first = search(api, 'Müll');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = search(api, 'Peter');
    const older = await first;
    expect(Date.now() - started).toBeLessThan(700);
    expect(older.crm).toMatchObject({ asked: true, superseded: true, failure: null });
    const latest = await second;
    expect(rows(latest)).toEqual([['Peter Müller', 'crm']]);
    expect(latest.crm.superseded).toBe(false);
  });
});
