import { upload } from '../support/uploads';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import type { CallContext, Snapshot } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { CLIENT_A_NUMBER, CLIENT_B_NUMBER_E164, twoClients } from '../support/clients-config';
import { CrmServer } from '../support/crm-server';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workstation(settings: Record<string, unknown>, dataDir = tempDir()): Promise<{ ws: Workstation; api: Dispatcher; dataDir: string }> {
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ agent: { name: 'Jana' }, clients: twoClients, ...settings }));
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  cleanups.push(() => ws.stop());
  await ws.start();
  return { ws, api: new Dispatcher(ws), dataDir };
}

async function call(api: Dispatcher, spec: Record<string, unknown>): Promise<string> {
  // Fields not given would come from the training scenario; these tests say what the call carries.
  const placed = await api.handle('training:placeCall', { ivr: {}, ...spec });
  if (!placed.ok) throw new Error(placed.error.message);
  return (placed.result as { callId: string }).callId;
}

function contextOf(ws: Workstation, id: string): CallContext {
  const context = ws.snapshot().contexts[id];
  if (!context) throw new Error(`no context for ${id}`);
  return context;
}

async function settled(ws: Workstation, id: string): Promise<CallContext> {
  await waitFor('the customer card', () => ws.snapshot().contexts[id]?.customer.state === 'done', 5_000, 5);
  return contextOf(ws, id);
}

async function ok(api: Dispatcher, command: string, payload: unknown): Promise<unknown> {
  const result = await api.handle(command, payload);
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
  return result.result;
}

describe('which company a ringing call is for', () => {
  it("follows the dialed number in any notation: client B's banner, greeting, script and dispositions", async () => {
    const { ws, api } = await workstation({});
    const id = await call(api, { remoteNumber: '+49 171 2345678', dialedNumber: `sip:${CLIENT_B_NUMBER_E164}@pbx.example` });
    const context = contextOf(ws, id);
    expect(context.client).toMatchObject({ id: 'moebelhaus', name: 'Möbelhaus Krause', colour: '#8a2be2' });
    expect(context.greeting).toBe('Möbelhaus Krause, guten Tag, Sie sprechen mit Jana.');
    expect(context.campaign).toMatchObject({ name: 'Bestellannahme', dispositions: ['Bestellt', 'Kein Kauf', 'Falsch verbunden'] });
    expect(context.campaign?.script).toContain('Artikelnummer');
    expect(context.how).toBe('dialed');
    expect(context.problem).toBeNull();
    // The call log names the company, so the log's client filter finds the call.
    expect(ws.callLog.get(id)?.client).toBe('Möbelhaus Krause');
  });

  it("takes the IVR's client and campaign codes over the dialed number, and says so", async () => {
    const { ws, api } = await workstation({});
    const id = await call(api, { dialedNumber: '030555200', ivr: { client: 'swn', campaign: 'RECHNUNG' } });
    const context = contextOf(ws, id);
    expect(context.client?.name).toBe('Stadtwerke Nord');
    expect(context.campaign?.name).toBe('Abrechnung');
    expect(context.greeting).toBe('Stadtwerke Nord, Kundenservice, mein Name ist Jana.');
    expect(context.note).toContain('the IVR decides');
  });

  it('says plainly when the company cannot be determined, and gives no greeting', async () => {
    const { ws, api } = await workstation({});
    const id = await call(api, { dialedNumber: '+49 89 999 999', ivr: { client: 'UNKNOWN' } });
    const context = contextOf(ws, id);
    expect(context.client).toBeNull();
    expect(context.greeting).toBeNull();
    expect(context.problem).toMatch(/company for this call is not known \(dialed \+49 89 \d[\d ]+, IVR client "UNKNOWN"\)/);
  });

  it('switches with the call in focus: two calls, two companies, each keeps its own', async () => {
    const { ws, api } = await workstation({});
    const a = await call(api, { dialedNumber: CLIENT_A_NUMBER });
    const b = await call(api, { dialedNumber: CLIENT_B_NUMBER_E164 });
    expect(contextOf(ws, a).client?.name).toBe('Stadtwerke Nord');
    expect(contextOf(ws, b).client?.name).toBe('Möbelhaus Krause');
    await ok(api, 'phone:hangup', { callId: a });
    await waitFor('the first call to go', () => ws.snapshot().contexts[a] === undefined, 2_000, 5);
    expect(contextOf(ws, b).client?.name).toBe('Möbelhaus Krause');
  });

  it('refuses a settings file whose two clients claim one number in two notations, naming the line', () => {
    const dataDir = tempDir();
    const config = path.join(dataDir, 'anlauf.yaml');
    const clash = [{ ...twoClients[1], dialedNumbers: ['040 800100'] }];
    fs.writeFileSync(config, `clients:\n${JSON.stringify([twoClients[0], ...clash]).replace(/^/, '  ')}\n`);
    expect(() => new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger })).toThrow(
      /dialed number 040 800100 is claimed by both "stadtwerke".*"moebelhaus"/,
    );
  });
});

describe('who is calling: the customer card', () => {
  async function withDirectory(settings: Record<string, unknown> = {}) {
    const setup = await workstation(settings);
    await ok(setup.api, 'customers:create', {
      name: 'Erika Müller',
      customerNumber: 'K-4711',
      phones: ['+49 30 1234567'],
      postcode: '10115',
      city: 'Berlin',
      client: null,
    });
    await ok(setup.api, 'customers:create', { name: 'Hans Berger', customerNumber: 'K-0815', phones: ['+43 1 5012345'], client: null });
    // A family sharing a landline.
    await ok(setup.api, 'customers:create', { name: 'Anna Schmidt', customerNumber: 'K-1001', phones: ['+49 40 7654321'], client: null });
    await ok(setup.api, 'customers:create', { name: 'Ben Schmidt', customerNumber: 'K-1002', phones: ['040 7654321'], client: null });
    return setup;
  }

  it("pops the customer of the IVR's customer number before the call is answered", async () => {
    const { ws, api } = await withDirectory();
    const id = await call(api, { remoteNumber: '+49 171 0000000', dialedNumber: CLIENT_A_NUMBER, ivr: { customerNumber: 'K-4711' } });
    const card = (await settled(ws, id)).customer;
    expect(ws.snapshot().calls.find((c) => c.id === id)?.state).toBe('ringing');
    expect(card).toMatchObject({ by: 'customerNumber', source: 'directory', from: 'directory', problem: null });
    expect(card.chosen?.name).toBe('Erika Müller');
    expect(card.chosen?.phones).toEqual(['+49 30 1234567']);
    // Recorded on the call right after the card went out.
    await waitFor('the customer in the call log', () => ws.callLog.get(id)?.customerName === 'Erika Müller', 2_000, 5);
    expect(ws.callLog.get(id)).toMatchObject({ customerNumber: 'K-4711', customerName: 'Erika Müller' });
  });

  it.each(['030/1234567', '0049 30 1234567', '(030) 123 45 67', '+49 30 1234567'])('finds the caller by number written as %s', async (number) => {
    const { ws, api } = await withDirectory();
    const id = await call(api, { remoteNumber: number });
    const card = (await settled(ws, id)).customer;
    expect(card.by).toBe('number');
    expect(card.chosen?.name).toBe('Erika Müller');
  });

  it("gives a pick list for a shared number; the agent's pick is the call's customer, in the log and the outbox", async () => {
    const { ws, api } = await withDirectory();
    const id = await call(api, { remoteNumber: '040 765 43 21' });
    const card = (await settled(ws, id)).customer;
    expect(card.customers.map((c) => c.name)).toEqual(['Anna Schmidt', 'Ben Schmidt']);
    expect(card.chosen).toBeNull();
    await ok(api, 'customers:pick', { callId: id, customer: card.customers[1] });
    expect(contextOf(ws, id).customer.chosen?.name).toBe('Ben Schmidt');
    expect(ws.callLog.get(id)).toMatchObject({ customerNumber: 'K-1002', customerName: 'Ben Schmidt' });
    const topics = ws.db.prepare('SELECT topic FROM outbox WHERE entity_id = ? ORDER BY id').pluck().all(id);
    expect(topics).toEqual(['call.ringing', 'call.customer']);
  });

  it('shows an unknown caller; the customer created for the call is picked and has the call in its history', async () => {
    const { ws, api } = await withDirectory();
    const id = await call(api, { remoteNumber: '+41 44 668 18 00', dialedNumber: CLIENT_B_NUMBER_E164 });
    const card = (await settled(ws, id)).customer;
    expect(card).toMatchObject({ customers: [], source: 'none', from: 'nothing found', chosen: null });
    const { customer } = (await ok(api, 'customers:create', { name: 'Lea Frei', phones: ['+41 44 668 18 00'], callId: id })) as {
      customer: { id: string; client: string | null; phones: string[] };
    };
    expect(customer.client).toBe('moebelhaus');
    expect(customer.phones).toEqual(['+41 44 668 18 00']);
    expect(contextOf(ws, id).customer.chosen?.name).toBe('Lea Frei');
    const details = (await ok(api, 'customers:get', { id: customer.id })) as { recentCalls: { id: string; customerName: string | null }[] };
    expect(details.recentCalls.map((c) => c.id)).toEqual([id]);
    expect(details.recentCalls[0]?.customerName).toBe('Lea Frei');
  });

  it('searches as you type by name, number, customer number, e-mail or postcode', async () => {
    const { api } = await withDirectory();
    const names = async (query: string) => ((await ok(api, 'customers:search', { query })) as { customers: { name: string }[] }).customers.map((c) => c.name);
    expect(await names('müll')).toEqual(['Erika Müller']);
    expect(await names('030 1234567')).toEqual(['Erika Müller']);
    expect(await names('K-0815')).toEqual(['Hans Berger']);
    expect(await names('10115')).toEqual(['Erika Müller']);
    expect((await names('schmidt')).sort()).toEqual(['Anna Schmidt', 'Ben Schmidt']);
  });

  it('refuses a second customer with an existing customer number, and a phone it cannot read', async () => {
    const { api } = await withDirectory();
    const dup = await api.handle('customers:create', { name: 'Someone', customerNumber: 'K-4711', client: null });
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('K-4711') } });
    const bad = await api.handle('customers:create', { name: 'Someone', phones: ['call me maybe'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('call me maybe') } });
  });
});

describe('the customer card with a CRM', () => {
  async function withCrm() {
    const crm = new CrmServer();
    crm.customers = [{ crmId: 'c-1', number: 'K-4711', fullName: 'Erika Müller (CRM)', phones: ['+49301234567'] }];
    await crm.start();
    cleanups.push(() => crm.stop());
    const setup = await workstation({
      crm: {
        byNumberUrl: `${crm.url}/api/customers?phone={number}`,
        byCustomerNumberUrl: `${crm.url}/api/customers/{customerNumber}`,
        auth: { header: 'Authorization', value: 'Bearer crm-token' },
        timeoutMs: 3_000,
        mapping: {
          id: 'data.customers[].crmId',
          customerNumber: 'data.customers[].number',
          name: 'data.customers[].fullName',
          email: null,
          postcode: null,
          city: null,
          phones: 'data.customers[].phones[]',
        },
      },
    });
    return { crm, ...setup };
  }

  it('never shows the CRM credential to renderers', async () => {
    const { ws } = await withCrm();
    const view = ws.snapshot().settings.crm;
    expect(view.auth).toEqual({ header: 'Authorization', valueSet: true });
    expect(JSON.stringify(ws.snapshot())).not.toContain('crm-token');
  });

  it("shows the CRM's answer, then when the CRM is slow the cached one within 300 ms, updated when the CRM answers", async () => {
    const { ws, api, crm } = await withCrm();
    const first = await call(api, { remoteNumber: '030 1234567' });
    const card = (await settled(ws, first)).customer;
    expect(card).toMatchObject({ source: 'crm', from: 'crm' });
    expect(card.chosen?.name).toBe('Erika Müller (CRM)');
    await ok(api, 'phone:reject', { callId: first });

    crm.customers[0]!.fullName = 'Erika Müller-Lang';
    await crm.setMode({ kind: 'slow', ms: 1_200 });
    const started = Date.now();
    const second = await call(api, { remoteNumber: '+49 30 1234567' });
    await waitFor('the cached answer', () => ws.snapshot().contexts[second]?.customer.source === 'cache', 2_000, 5);
    expect(Date.now() - started).toBeLessThan(600);
    const cached = contextOf(ws, second).customer;
    expect(cached).toMatchObject({ state: 'looking', from: expect.stringMatching(/^cache \(/) });
    expect(cached.problem).toMatch(/not answered yet/);
    expect(cached.chosen?.name).toBe('Erika Müller (CRM)');
    const updated = (await settled(ws, second)).customer;
    expect(updated).toMatchObject({ source: 'crm', problem: null });
    expect(updated.chosen?.name).toBe('Erika Müller-Lang');
  });

  it('says where the answer came from when the CRM refuses the credentials or is down', async () => {
    const { ws, api, crm } = await withCrm();
    await ok(api, 'customers:create', { name: 'Erika Müller (local)', customerNumber: 'K-4711', phones: ['+49 30 1234567'], client: null });
    await crm.setMode({ kind: 'unauthorized' });
    const refused = await call(api, { remoteNumber: '+49 30 1234567', ivr: { customerNumber: 'K-4711' } });
    const card = (await settled(ws, refused)).customer;
    expect(card).toMatchObject({ source: 'directory' });
    expect(card.problem).toMatch(/refused the workstation's credentials \(HTTP 401\); showing the local customer directory/);
    expect(card.chosen?.name).toBe('Erika Müller (local)');
    await ok(api, 'phone:reject', { callId: refused });

    await crm.setMode({ kind: 'down' });
    const down = await call(api, { remoteNumber: '+49 171 9999999' });
    const nothing = (await settled(ws, down)).customer;
    expect(nothing).toMatchObject({ source: 'none', customers: [] });
    expect(nothing.problem).toMatch(/no other answer is available/);
  });
});

describe('importing customers from the window', () => {
  it('imports a Windows-1252 file with progress in the snapshot, and names the rejected rows', async () => {
    const { ws, api, dataDir } = await workstation({});
    const rows = ['Kundennummer;Name;Telefon;PLZ'];
    for (let i = 0; i < 3000; i++) rows.push(`K-${i};Jürgen Weiß ${i};030 ${5_000_000 + i};10115`);
    rows.push('K-9999;Ohne Telefon;;'); // a customer without a phone is still a customer
    rows.push(';;;'); // row 3003: nothing to import
    const progress: (Snapshot['customerImport'] | null)[] = [];
    ws.onState((s) => progress.push(s.customerImport));
    const result = (await ok(api, 'customers:import', {
      uploadId: await upload(api, 'customers', 'kunden.csv', Buffer.from(rows.join('\r\n'), 'latin1')),
      client: 'moebelhaus',
    })) as { imported: number; rejectedCount: number; rejected: { row: number; reason: string }[]; encoding: string; delimiter: string };
    expect(result).toMatchObject({ imported: 3001, encoding: 'windows-1252', delimiter: ';' });
    expect(result.rejected.map((r) => r.row)).toEqual([3003]);
    expect(progress.some((p) => p !== null && p.fileName === 'kunden.csv')).toBe(true);
    await waitFor('the progress to end', () => ws.snapshot().customerImport === null, 2_000, 5);
    const found = (await ok(api, 'customers:search', { query: 'Weiß 2999' })) as { customers: { name: string; client: string | null }[] };
    expect(found.customers[0]).toMatchObject({ name: 'Jürgen Weiß 2999', client: 'moebelhaus' });
    // The upload's temporary copy is gone.
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
  });
});
