import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormSubmission } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { exportToString } from '../../src-main/core/store/call-log-export';
import { Retention } from '../../src-main/core/store/retention';
import { Workstation } from '../../src-main/core/workstation';
import { wordMessage } from '../../src-main/shared/messages';
import { FormEndpoint } from '../support/form-endpoint';
import { SyncServer } from '../support/sync-server';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const IBAN = 'DE89370400440532013000';

/** The body the client's system wants for a fault report (clients[].forms.mapping). */
const FAULT_MAPPING = {
  ticket: { type: 'FAULT', reference: '{submission.id}', revision: '{submission.revision}', call: '{call.id}' },
  problem: '{what}',
  since: '{since}',
  location: { zip: '{postcode}', text: 'Postcode {postcode}' },
  window: '{window}',
  payment: { iban: '{iban}' },
  agent: '{agent.id}',
  customer: '{customer.customerNumber}',
  at: '{submittedAt}',
};

interface Setup {
  dataDir: string;
  endpoint: FormEndpoint;
  backend: SyncServer | null;
  mapping?: Record<string, unknown>;
  /** The auth header value in the settings (default: the one the endpoint takes). */
  token?: string;
}

function settingsFile({ dataDir, endpoint, backend, mapping = { 'fault-report': FAULT_MAPPING }, token = endpoint.token }: Setup): string {
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      sync: backend ? { url: backend.url, token: backend.token, retryMaxSeconds: 1 } : { retryMaxSeconds: 1 },
      clients: [
        {
          id: 'stadtwerke-nord',
          name: 'Stadtwerke Nord',
          greeting: 'Stadtwerke Nord, mein Name ist {agent}.',
          colour: '#004488',
          forms: {
            url: `${endpoint.url}/api/forms/{form}`,
            auth: { header: 'Authorization', value: token },
            timeoutMs: 2000,
            mapping,
          },
        },
        { id: 'ohne-endpunkt', name: 'Ohne Endpunkt', greeting: 'Hallo.', colour: '#446600' },
      ],
    }),
  );
  return config;
}

function open(setup: Setup): Workstation {
  const ws = new Workstation({
    dataDir: setup.dataDir,
    configFile: settingsFile(setup),
    host: 'web',
    appVersion: 'test',
    resourcesDir,
    logger: silentLogger,
    clock: systemClock,
  });
  return ws;
}

async function endpointAndBackend(): Promise<{ endpoint: FormEndpoint; backend: SyncServer }> {
  const endpoint = new FormEndpoint();
  await endpoint.listen();
  const backend = new SyncServer();
  await backend.listen();
  cleanups.push(
    () => endpoint.close(),
    () => backend.close(),
  );
  return { endpoint, backend };
}

/** A training call, ended: the call a form is filled on. */
async function callOn(ws: Workstation): Promise<string> {
  const id = ws.training.placeTrainingCall({ remoteNumber: '+49 40 1234567' });
  await ws.phone.answer(id);
  await ws.phone.hangup(id);
  return id;
}

function faultReport(callId: string, overrides: Partial<FormSubmission> = {}): FormSubmission {
  return {
    id: `sub-${callId.slice(0, 8)}-${Math.random().toString(36).slice(2, 8)}`,
    revision: 1,
    callId,
    formId: 'fault-report',
    formVersion: 3,
    title: 'Fault report',
    kind: 'fault',
    clientId: 'stadtwerke-nord',
    language: 'en',
    agentId: 'agent-7',
    submittedAt: Date.UTC(2026, 4, 12, 9, 30),
    fields: [
      { id: 'what', label: 'What is not working?', type: 'choice', value: 'power' },
      { id: 'since', label: 'Since when?', type: 'datetime', value: '2026-05-12T07:15' },
      { id: 'postcode', label: 'Postcode of the fault', type: 'postcode', value: '20095' },
      { id: 'window', label: 'Appointment window', type: 'dateRange', value: { from: '2026-05-13', to: '2026-05-15' } },
      { id: 'iban', label: 'IBAN', type: 'iban', value: IBAN },
    ],
    ...overrides,
  };
}

const statusOf = (ws: Workstation, id: string) => ws.formSubmissions.get(id)?.status;

describe('a submitted form reaches the client’s system exactly once', () => {
  it('sends the mapped body with the auth header and the idempotency key, and the backend gets its form.submitted record once', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    const ws = open({ dataDir: tempDir(), endpoint, backend });
    cleanups.push(() => ws.stop());
    await ws.start();
    const callId = await callOn(ws);
    const submission = faultReport(callId);
    expect(ws.formSubmissions.submit(submission).status).toBe('waiting');

    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent');
    expect(endpoint.requests).toHaveLength(1);
    const [request] = endpoint.requests;
    // The call's customer as the call log has it (the training call's IVR customer number).
    const customer = ws.callLog.get(callId)?.customerNumber;
    expect(customer).toBeTruthy();
    expect(request).toMatchObject({ path: '/api/forms/fault-report', auth: endpoint.token, key: `${submission.id}.1` });
    expect(request?.body).toEqual({
      ticket: { type: 'FAULT', reference: submission.id, revision: 1, call: callId },
      problem: 'power',
      since: '2026-05-12T07:15',
      location: { zip: '20095', text: 'Postcode 20095' },
      window: { from: '2026-05-13', to: '2026-05-15' },
      payment: { iban: IBAN },
      agent: 'agent-7',
      customer,
      at: '2026-05-12T09:30:00.000Z',
    });
    expect(ws.formSubmissions.get(submission.id)?.sentAt).not.toBeNull();

    // The backend: the whole submission, as its own record, once.
    await waitFor('backend has it', () => [...backend.stored.values()].some((e) => e.topic === 'form.submitted'));
    const records = [...backend.stored.values()].filter((e) => e.topic === 'form.submitted');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ entityId: `${submission.id}.1`, payload: submission });
    expect(backend.countOf(records[0]?.id ?? '')).toBe(1);
  });

  it('keeps a form waiting with the reason while the endpoint fails three times, then delivers it once', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    endpoint.faults = [{ kind: 'status', status: 503, body: 'maintenance' }, { kind: 'reset' }, { kind: 'status', status: 500 }];
    const ws = open({ dataDir: tempDir(), endpoint, backend });
    cleanups.push(() => ws.stop());
    await ws.start();
    const submission = faultReport(await callOn(ws));
    ws.formSubmissions.submit(submission);

    await waitFor('first failure shown', () => ws.formSubmissions.get(submission.id)?.detail !== null);
    const waiting = ws.formSubmissions.get(submission.id);
    expect(waiting?.status).toBe('waiting');
    expect(wordMessage('en', waiting!.detail!)).toBe("The client's system is in trouble (HTTP 503: maintenance); the form is sent again later.");
    // …and the call log shows it so.
    expect(ws.callLog.get(submission.callId)?.forms?.[0]).toMatchObject({ status: 'waiting', title: 'Fault report' });

    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent', 15_000);
    expect(endpoint.requests.map((r) => r.answered)).toEqual([503, 'reset', 500, 200]);
    expect(new Set(endpoint.requests.map((r) => r.key))).toEqual(new Set([`${submission.id}.1`]));
    expect(endpoint.stored.size).toBe(1);
    expect(ws.formSubmissions.get(submission.id)?.detail).toBeNull();
  });

  it('sends a form waiting at a restart after the restart, and never again once it is confirmed', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    const port = endpoint.port;
    await endpoint.close(); // the client's system is down when the form is submitted
    const dataDir = tempDir();
    const first = open({ dataDir, endpoint, backend });
    await first.start();
    const submission = faultReport(await callOn(first));
    first.formSubmissions.submit(submission);
    await waitFor('refused connection shown', () => first.formSubmissions.get(submission.id)?.detail?.key === 'formDelivery.connectionRefused');
    await first.stop();

    const back = new FormEndpoint();
    await back.listen(port);
    cleanups.push(() => back.close());
    const second = open({ dataDir, endpoint: back, backend });
    cleanups.push(() => second.stop());
    await second.start();
    await waitFor('sent after the restart', () => statusOf(second, submission.id) === 'sent', 15_000);
    expect(back.stored.size).toBe(1);
    expect(second.formSubmissions.get(submission.id)?.submission).toEqual(submission);
    await second.stop();

    // A third start sends nothing: the confirmation was kept.
    const third = open({ dataDir, endpoint: back, backend });
    cleanups.push(() => third.stop());
    await third.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(back.requests).toHaveLength(1);
    expect(statusOf(third, submission.id)).toBe('sent');
  });

  it('counts a 409 as sent: the endpoint took the form, its answer was lost, the retry finds it there', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    endpoint.faults = [{ kind: 'store-then', status: 500 }];
    const ws = open({ dataDir: tempDir(), endpoint, backend });
    cleanups.push(() => ws.stop());
    await ws.start();
    const submission = faultReport(await callOn(ws));
    ws.formSubmissions.submit(submission);
    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent', 15_000);
    expect(endpoint.requests.map((r) => r.answered)).toEqual([500, 409]);
    expect(endpoint.stored.size).toBe(1);
    expect(endpoint.requests.map((r) => r.key)).toEqual([`${submission.id}.1`, `${submission.id}.1`]);
  });

  it('counts a 409 as sent after a dropped connection too, and the endpoint holds the form once', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    endpoint.faults = [{ kind: 'store-then-drop' }];
    const ws = open({ dataDir: tempDir(), endpoint, backend });
    cleanups.push(() => ws.stop());
    await ws.start();
    const submission = faultReport(await callOn(ws));
    ws.formSubmissions.submit(submission);
    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent', 15_000);
    expect(endpoint.requests.map((r) => r.answered)).toEqual(['stored-then-drop', 409]);
    expect(endpoint.stored.size).toBe(1);
  });

  it('shows a 422 as refused with the client’s reason; the corrected resend (revision 2) is sent', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    endpoint.faults = [
      { kind: 'status', status: 422, body: JSON.stringify({ errors: [{ field: 'zip', message: `postcode 20095 is outside our grid (${endpoint.token})` }] }) },
    ];
    const ws = open({ dataDir: tempDir(), endpoint, backend });
    cleanups.push(() => ws.stop());
    await ws.start();
    const submission = faultReport(await callOn(ws));
    ws.formSubmissions.submit(submission);
    await waitFor('refused', () => statusOf(ws, submission.id) === 'refused');
    const refused = ws.formSubmissions.get(submission.id)!;
    expect(wordMessage('en', refused.detail!)).toBe('Refused (HTTP 422): zip: postcode 20095 is outside our grid (•••)');
    expect(JSON.stringify(ws.callLog.get(submission.callId))).not.toContain('form-secret-123');
    // Kept as it was: nothing is retried by itself.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(endpoint.requests).toHaveLength(1);

    const corrected = {
      ...submission,
      revision: 2,
      submittedAt: submission.submittedAt + 60_000,
      fields: submission.fields.map((f) => (f.id === 'postcode' ? { ...f, value: '24103' } : f)),
    };
    // A resend must name the next revision.
    expect(() => ws.formSubmissions.submit({ ...corrected, revision: 3 })).toThrow(/expected revision 2, got 3/);
    expect(ws.formSubmissions.submit(corrected).status).toBe('waiting');
    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent');
    expect(endpoint.requests.map((r) => [r.key, r.answered])).toEqual([
      [`${submission.id}.1`, 422],
      [`${submission.id}.2`, 200],
    ]);
    expect(endpoint.requests[1]?.body).toMatchObject({ location: { zip: '24103' }, ticket: { revision: 2 } });
    expect(ws.formSubmissions.forCall(submission.callId)).toHaveLength(1);
    // A form confirmed is not sent again.
    expect(() => ws.formSubmissions.submit({ ...corrected, revision: 3 })).toThrow(/Only a refused form/);
    // Both revisions reach the backend, each once.
    await waitFor('backend has both', () => [...backend.stored.values()].filter((e) => e.topic === 'form.submitted').length === 2);
    expect(
      [...backend.stored.values()]
        .filter((e) => e.topic === 'form.submitted')
        .map((e) => e.entityId)
        .sort(),
    ).toEqual([`${submission.id}.1`, `${submission.id}.2`]);
  });

  it('tells IT, not the agent, when the endpoint refuses the credentials, and sends once they are right', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    const right = endpoint.token;
    endpoint.token = 'Bearer something-else';
    const ws = open({ dataDir: tempDir(), endpoint, backend, token: right });
    cleanups.push(() => ws.stop());
    await ws.start();
    const submission = faultReport(await callOn(ws));
    ws.formSubmissions.submit(submission);
    await waitFor('check shown', () => ws.formSubmissions.get(submission.id)?.detail !== null);
    const waiting = ws.formSubmissions.get(submission.id)!;
    expect(waiting.status).toBe('waiting');
    expect(wordMessage('en', waiting.detail!)).toContain("IT needs to check this client's form endpoint");
    endpoint.token = right;
    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent', 15_000);
    expect(endpoint.stored.size).toBe(1);
  });

  it('without an endpoint for the client, the status is the backend’s delivery', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    backend.faults = [{ kind: 'status', status: 503 }];
    const ws = open({ dataDir: tempDir(), endpoint, backend });
    cleanups.push(() => ws.stop());
    await ws.start();
    const submission = faultReport(await callOn(ws), { clientId: 'ohne-endpunkt' });
    ws.formSubmissions.submit(submission);
    expect(statusOf(ws, submission.id)).toBe('waiting');
    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent', 15_000);
    expect([...backend.stored.values()].filter((e) => e.topic === 'form.submitted')).toHaveLength(1);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('shows the forms in the call log and its export with the IBAN masked', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    const ws = open({ dataDir: tempDir(), endpoint, backend });
    cleanups.push(() => ws.stop());
    await ws.start();
    const callId = await callOn(ws);
    const submission = faultReport(callId);
    ws.formSubmissions.submit(submission);
    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent');

    const entry = ws.callLog.get(callId);
    expect(entry?.forms).toEqual([
      expect.objectContaining({
        id: submission.id,
        title: 'Fault report',
        status: 'sent',
        fields: expect.arrayContaining([{ label: 'IBAN', text: 'DE89 •••• •••• •••• •••• 00' }]) as unknown,
      }),
    ]);
    // The call log's search finds the call by its form's title, through the index and in a short date range.
    expect(ws.callLog.search({ text: 'fault rep', limit: 10 }).entries.map((e) => e.id)).toEqual([callId]);
    const day = { from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 };
    expect(ws.callLog.search({ text: 'Fault report', ...day, limit: 10 }).entries.map((e) => e.id)).toEqual([callId]);
    const all = [...ws.callLog.iterateAll()];
    for (const format of ['csv', 'json'] as const) {
      const { content } = exportToString(all, format);
      expect(content).toContain('DE89 •••• •••• •••• •••• 00');
      expect(content).not.toContain(IBAN);
      expect(content).not.toContain('0532013000');
    }
    expect(exportToString(all, 'csv').content).toContain('Fault report (sent): What is not working? = power');
    // The outbox's call records stay as the sync API describes them: the form travels on its own.
    const calls = [...backend.stored.values()].filter((e) => e.topic.startsWith('call.'));
    expect(JSON.stringify(calls)).not.toContain('Fault report');
  });

  it('keeps an old call while its form waits for the client, and deletes the form with the call after', async () => {
    const { endpoint, backend } = await endpointAndBackend();
    endpoint.faults = Array.from({ length: 50 }, () => ({ kind: 'status' as const, status: 503 }));
    const ws = open({ dataDir: tempDir(), endpoint, backend });
    cleanups.push(() => ws.stop());
    await ws.start();
    const callId = await callOn(ws);
    const submission = faultReport(callId);
    ws.formSubmissions.submit(submission);
    await waitFor('backend has everything', () => ws.outbox.stats().pending === 0);
    ws.db.prepare('UPDATE calls SET ring_at = ring_at - ? WHERE id = ?').run(400 * 86_400_000, callId);
    const purge = new Retention(ws.db, systemClock, silentLogger, () => 365);
    cleanups.push(() => purge.stop());
    expect(purge.run()).toBe(0); // the form still waits for the client's system
    expect(statusOf(ws, submission.id)).toBe('waiting');
    endpoint.faults = [];
    await waitFor('sent', () => statusOf(ws, submission.id) === 'sent', 15_000);
    expect(purge.run()).toBe(1);
    expect(ws.callLog.get(callId)).toBeNull();
    expect(ws.formSubmissions.get(submission.id)).toBeNull();
  });
});
