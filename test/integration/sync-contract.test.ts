/**
 * The sync contract, checked by an independent OpenAPI tool (test/support/spec-sync-backend.ts):
 * every request a workstation sends conforms to docs/sync-api.yaml, and no answer the spec allows
 * makes a workstation send again and again. A thousand desks re-sending at once to a backend that
 * answers without confirming (a mock, a caching proxy, a bug) would be a self-made denial of
 * service. Time is the manual clock's, so the counts are exact rather than timed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/core/log';
import { CallLogRepository } from '../../src-main/core/store/call-log';
import { openDatabase } from '../../src-main/core/store/database';
import { OutboxRepository } from '../../src-main/core/store/outbox';
import { SyncAttemptLog } from '../../src-main/core/store/sync-attempts';
import { SyncWorker, type HttpPost } from '../../src-main/core/sync/sync-worker';
import { ManualClock } from '../support/manual-clock';
import { confirmAll, SpecSyncBackend, type Answerer, type SpecAnswer } from '../support/spec-sync-backend';
import { tempDir } from '../support/temp';
import { makeWorkstation } from '../support/workstation';
import { twoClients } from '../support/clients-config';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function specBackend(): Promise<SpecSyncBackend> {
  const backend = await SpecSyncBackend.start();
  cleanups.push(() => backend.close());
  return backend;
}

/** Real HTTP (fetch), counting requests in flight so the test knows when the worker is idle. */
class CountingTransport {
  inFlight = 0;
  readonly post: HttpPost = async (url, init) => {
    this.inFlight++;
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      return { status: response.status, headers: response.headers, text: async () => text };
    } finally {
      this.inFlight--;
    }
  };
}

/**
 * Moves the manual clock through `ms` in small steps; after each, lets every request that the due
 * timers started finish. Stops early when `limit` requests were answered: a worker that sends in
 * a loop never goes idle by itself.
 */
async function live(clock: ManualClock, transport: CountingTransport, backend: SpecSyncBackend, ms: number, limit = 300): Promise<void> {
  const step = 100;
  for (let t = 0; t < ms && backend.requests.length < limit; t += step) {
    clock.advance(step);
    let quiet = 0;
    while (quiet < 3 && backend.requests.length < limit) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      quiet = transport.inFlight === 0 ? quiet + 1 : 0;
    }
  }
}

describe('requests conform to docs/sync-api.yaml', () => {
  it('the tool does catch a request that breaks the spec (so "no violations" means something)', async () => {
    const backend = await specBackend();
    const response = await fetch(`${backend.url}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'not-a-uuid', Authorization: 'Bearer sync-token' },
      body: JSON.stringify({ events: [{ id: uuidv7(), topic: 'call.ringing', createdAt: 1 }] }),
    });
    expect(response.status).toBe(400);
    expect(backend.requestViolations.join('\n')).toMatch(/entityId|idempotency-key/);
    expect(backend.mockAnswer(200).body).toEqual({ results: [{ id: 'string', status: 'stored', error: 'string' }] });
  });

  it('a working day of one desk — calls, customer, wrap-ups, a callback, a call list, agent states, a customer created and corrected — all conform and are confirmed', async () => {
    const backend = await specBackend();
    const transport = new CountingTransport();
    const dataDir = tempDir();
    const configFile = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(configFile, JSON.stringify({ sync: { url: backend.url, token: 'sync-token', batchSize: 7 } }));
    const { ws, clock } = makeWorkstation({ dataDir, configFile, post: transport.post });
    cleanups.push(() => ws.stop());
    await ws.start();

    const answered = ws.training.placeTrainingCall({
      remoteNumber: '+49 40 30124477',
      remoteName: 'Erika Müller',
      ivr: { customerNumber: '4711', concern: 'Rechnung' },
    });
    clock.advance(2000);
    await ws.phone.answer(answered);
    ws.customers.pickCustomer(answered, {
      id: null,
      customerNumber: '4711',
      name: 'Erika Müller',
      email: null,
      postcode: '20095',
      city: 'Hamburg',
      phones: ['+494030124477'],
    });
    // A customer created during the call and corrected: customer.upsert, twice.
    const created = ws.customers.createCustomer({ name: 'Lea Frei', customerNumber: 'K-17', phones: ['+49 30 5551234'], postcode: '10115', callId: answered });
    ws.customers.updateCustomer({ id: created.id, city: 'Berlin', salutation: 'female' });
    clock.advance(60_000);
    await ws.phone.hangup(answered);
    ws.wrapUp.recordDisposition(answered, {
      code: 'callback',
      note: 'ruft zurück; "dringend"',
      callback: { at: clock.now() + 86_400_000, note: 'morgen früh' },
    });
    // A fault report on the call, with a bank detail and a date range: the backend gets it whole.
    ws.formSubmissions.submit({
      id: 'form-1',
      revision: 1,
      callId: answered,
      formId: 'fault-report',
      formVersion: 2,
      title: 'Störungsmeldung',
      kind: 'fault',
      clientId: null,
      language: 'de',
      agentId: null,
      submittedAt: clock.now(),
      fields: [
        { id: 'what', label: 'Was funktioniert nicht?', type: 'choice', value: 'power' },
        { id: 'window', label: 'Terminfenster', type: 'dateRange', value: { from: '2026-05-13', to: '2026-05-15' } },
        { id: 'iban', label: 'IBAN', type: 'iban', value: 'DE89370400440532013000' },
        { id: 'rooms', label: 'Betroffene Räume', type: 'multiple', value: ['kitchen'] },
        { id: 'debit', label: 'Lastschrift?', type: 'yesno', value: true },
        { id: 'notes', label: 'Hinweise', type: 'longText', value: null },
      ],
    });
    const missed = ws.training.placeTrainingCall({ remoteNumber: '+43 1 222' });
    clock.advance(ws.settings.get().training.ringTimeoutSeconds * 1000);
    ws.agent.setState('notReady', 'break');
    ws.agent.setState('ready');
    const listFile = path.join(tempDir(), 'welle-1.csv');
    fs.writeFileSync(listFile, Buffer.from('Name;Telefon;Tarif\r\nJürgen Weiß;040 7654321;Basis\r\n', 'latin1'));
    const list = await ws.outbound.importCallList({ name: 'Welle 1', campaign: 'survey', file: listFile });
    ws.outbound.startPreview(list.list.id);
    ws.outbound.skipPreview('do not call');

    await live(clock, transport, backend, 10_000);
    expect(backend.requestViolations).toEqual([]);
    expect(backend.answerViolations).toEqual([]);
    expect(ws.snapshot().sync).toMatchObject({ state: 'synced', pending: 0, quarantined: 0 });
    const topics = new Set(backend.requests.flatMap((r) => r.topics));
    expect([...topics].sort()).toEqual([
      'agent.state',
      'call.answered',
      'call.customer',
      'call.ended',
      'call.ringing',
      'call.wrapUp',
      'callList.record',
      'callback',
      'customer.upsert',
      'form.submitted',
    ]);
    expect(ws.callLog.get(missed)).toMatchObject({ endCause: 'missed' });
    // Without an endpoint for its client, the form's status is the backend's delivery.
    expect(ws.formSubmissions.get('form-1')?.status).toBe('sent');
  });

  it("current topics: the desk's GET /v1/topics conforms (token, If-None-Match), and the call's call.topics record conforms and is confirmed", async () => {
    const backend = await specBackend();
    backend.topics = {
      etag: '"t1"',
      body: {
        topics: [
          {
            id: 'price-letter',
            client: 'stadtwerke',
            title: 'Price letter of 12 May',
            priority: 'high',
            from: '2026-01-01',
            text: '- The prices were swapped.',
          },
        ],
      },
    };
    const transport = new CountingTransport();
    const dataDir = tempDir();
    const configFile = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        sync: { url: backend.url, token: 'sync-token' },
        clients: twoClients,
      }),
    );
    const { ws, clock } = makeWorkstation({ dataDir, configFile, post: transport.post });
    cleanups.push(() => ws.stop());
    await ws.start();
    await ws.topics.refresh();
    expect(ws.topics.view().active.map((t) => t.id)).toEqual(['price-letter']);
    const id = ws.training.placeTrainingCall({ remoteNumber: '+49 40 111', ivr: { client: 'SWN' } });
    await live(clock, transport, backend, 1_000);
    ws.topics.open(id, 'price-letter');
    clock.advance(5 * 60_000);
    await ws.topics.refresh();
    await live(clock, transport, backend, 10_000);
    expect(backend.requestViolations).toEqual([]);
    expect(backend.answerViolations).toEqual([]);
    expect(backend.topicRequests.map((r) => r.ifNoneMatch)).toEqual([null, '"t1"', ...backend.topicRequests.slice(2).map(() => '"t1"')]);
    expect(backend.requests.flatMap((r) => r.topics)).toContain('call.topics');
    expect(ws.snapshot().sync).toMatchObject({ pending: 0, quarantined: 0 });
  });

  it('a call ended with its line quality summary conforms, and carries the summary', async () => {
    const backend = await specBackend();
    const sent: unknown[] = [];
    backend.answer = (events) => {
      sent.push(...events);
      return confirmAll(events);
    };
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    cleanups.push(() => {
      db.close();
    });
    const calls = new CallLogRepository(db);
    const id = uuidv7();
    const quality = { samples: 61, mosMin: 2.05, mosAvg: 3.9, lossPercent: 3.2, jitterMs: 8.5, rttMs: null, poorSeconds: 7 };
    calls.recordRinging({
      id,
      line: 'sip',
      direction: 'inbound',
      remoteNumber: '+4940123',
      remoteName: null,
      dialedNumber: null,
      client: null,
      campaign: null,
      ivr: {},
      ringAt: 1_000,
    });
    calls.recordAnswered(id, 2_000);
    calls.recordEnded(id, 63_000, 'completed', 'remote', null, null, quality);
    const clock = new ManualClock();
    const transport = new CountingTransport();
    const worker = new SyncWorker({
      outbox: new OutboxRepository(db),
      attempts: new SyncAttemptLog(db),
      settings: () => ({ url: backend.url, token: 'sync-token', batchSize: 10, timeoutMs: 5_000, retryBaseMs: 1_000, retryCapMs: 300_000 }),
      post: transport.post,
      clock,
      logger: silentLogger,
      random: () => 0.5,
    });
    cleanups.push(() => worker.stop());
    worker.start();
    await live(clock, transport, backend, 5_000);
    expect(backend.requestViolations).toEqual([]);
    const ended = sent.find((event) => (event as { topic: string }).topic === 'call.ended') as { payload: { quality: unknown } } | undefined;
    expect(ended?.payload.quality).toEqual(quality);
  });
});

describe('no answer the spec allows makes a desk hammer the backend', () => {
  const CALLS = 12; // three events each
  const BATCH = 10;
  const WINDOW = 10 * 60_000;
  // With the backoff as configured (1 s doubling to 5 min, jitter fixed at the middle), ten
  // minutes leave room for 12 attempts; a loop makes hundreds.
  const MOST_IN_WINDOW = 12;

  async function desk(answerFor: (backend: SpecSyncBackend) => Answerer) {
    const backend = await specBackend();
    backend.answer = answerFor(backend);
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    cleanups.push(() => {
      db.close();
    });
    const calls = new CallLogRepository(db);
    for (let i = 0; i < CALLS; i++) {
      const id = uuidv7();
      calls.recordRinging({
        id,
        line: 'sip',
        direction: 'inbound',
        remoteNumber: `+4940${i}`,
        remoteName: null,
        dialedNumber: null,
        client: null,
        campaign: null,
        ivr: {},
        ringAt: 1_000 + i,
      });
      calls.recordAnswered(id, 2_000 + i);
      calls.recordEnded(id, 3_000 + i, 'completed', 'agent');
    }
    const clock = new ManualClock();
    backend.now = () => clock.now();
    const transport = new CountingTransport();
    const outbox = new OutboxRepository(db);
    const worker = new SyncWorker({
      outbox,
      attempts: new SyncAttemptLog(db),
      settings: () => ({ url: backend.url, token: 'sync-token', batchSize: BATCH, timeoutMs: 5_000, retryBaseMs: 1_000, retryCapMs: 300_000 }),
      post: transport.post,
      clock,
      logger: silentLogger,
      random: () => 0.5,
    });
    cleanups.push(() => worker.stop());
    worker.start();
    await live(clock, transport, backend, WINDOW);
    expect(backend.requestViolations).toEqual([]);
    expect(backend.answerViolations).toEqual([]);
    return { backend, worker, outbox, clock, transport };
  }

  const at =
    (status: number, headers?: Record<string, string>): Answerer =>
    () => ({ status, ...(headers ? { headers } : {}) });
  const confirming =
    (pick: (ids: string[]) => string[]): Answerer =>
    (events) => ({ status: 200, body: { results: pick(events.map((e) => e.id)).map((id) => ({ id, status: 'stored' })) } });

  const stalling: { name: string; answer: (backend: SpecSyncBackend) => Answerer }[] = [
    { name: "the tool's own mock of a 200 (it names none of the sent ids)", answer: (backend) => (): SpecAnswer => backend.mockAnswer(200) },
    { name: '200 confirming none (empty results)', answer: () => confirming(() => []) },
    { name: '200 confirming only ids that were not sent', answer: () => confirming(() => [uuidv7()]) },
    { name: '200 confirming some (the first of each batch)', answer: () => confirming((ids) => ids.slice(0, 1)) },
    { name: '401', answer: () => at(401) },
    { name: '408', answer: () => at(408) },
    { name: '429 without Retry-After', answer: () => at(429) },
    { name: '429 with Retry-After: 0', answer: () => at(429, { 'Retry-After': '0' }) },
    { name: '429 with Retry-After in the past', answer: () => at(429, { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' }) },
    { name: '500', answer: () => at(500) },
    { name: '503', answer: () => at(503) },
  ];

  for (const { name, answer } of stalling) {
    it(`${name}: at most ${MOST_IN_WINDOW} requests in ten minutes, each wait at least as long as the last`, async () => {
      const { backend, worker } = await desk(answer);
      const times = backend.requests.map((r) => r.at);
      expect(times.length).toBeGreaterThan(1);
      expect(times.length, `requests in ten minutes: ${times.length}`).toBeLessThanOrEqual(MOST_IN_WINDOW);
      const waits = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      for (let i = 1; i < waits.length; i++) expect(waits[i], `wait ${i + 1} after ${waits.join(', ')} ms`).toBeGreaterThanOrEqual(waits[i - 1] ?? 0);
      // A backend that never took a record was never reached, whatever it answered (issue 16).
      expect(worker.view().state).toBe(name.startsWith('200 confirming some') ? 'failing' : 'unreached');
    });
  }

  it('200 confirming all: every event is delivered in as few requests as batches, then silence', async () => {
    const { backend, outbox } = await desk(() => confirmAll);
    expect(backend.requests.map((r) => r.ids.length)).toEqual([10, 10, 10, 6]);
    expect(outbox.stats()).toEqual({ pending: 0, oldestAt: null, quarantined: 0 });
  });

  it("400 (a malformed event, as the spec says): each call's first event is isolated and quarantined, in a bounded number of requests, then silence", async () => {
    const { backend, outbox, clock, transport } = await desk(() => at(400));
    // Per call: the batch that fails, then its first event alone. Later events of a call wait behind it.
    expect(backend.requests.length).toBeLessThanOrEqual(2 * CALLS);
    expect(outbox.stats()).toMatchObject({ pending: 2 * CALLS, quarantined: CALLS });
    const before = backend.requests.length;
    await live(clock, transport, backend, WINDOW);
    expect(backend.requests.length).toBe(before);
  });
});
