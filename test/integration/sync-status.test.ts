import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { CallLogRepository } from '../../src-main/core/store/call-log';
import { DATABASE_FILE, openDatabase } from '../../src-main/core/store/database';
import { OutboxRepository } from '../../src-main/core/store/outbox';
import { SyncAttemptLog } from '../../src-main/core/store/sync-attempts';
import { SyncWorker } from '../../src-main/core/sync/sync-worker';
import { wordMessage } from '../../src-main/shared/messages';
import { runCli } from '../support/cli';
import { SyncServer } from '../support/sync-server';
import { tempDir } from '../support/temp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A data folder with a settings file naming `url`, and its call log open as the app would have it. */
function desk(url: string | null) {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify(url === null ? {} : { sync: { url, token: 'sync-token' } }));
  const db = openDatabase(path.join(dataDir, DATABASE_FILE), { appVersion: 'test' });
  cleanups.push(() => {
    if (db.open) db.close();
  });
  const calls = new CallLogRepository(db);
  /** A worker as a start makes it: a restart is a new one on the same database. */
  const worker = () => {
    const w = new SyncWorker({
      outbox: new OutboxRepository(db),
      attempts: new SyncAttemptLog(db),
      settings: () => ({ url, token: 'sync-token', batchSize: 200, timeoutMs: 1_000, retryBaseMs: 20, retryCapMs: 200 }),
      post: (u, init) => fetch(u, init),
      clock: systemClock,
      logger: silentLogger,
    });
    cleanups.push(() => w.stop());
    return w;
  };
  const status = async () => {
    const text = await runCli(['sync', 'status', '--config', config, '--data-dir', dataDir]);
    const json = await runCli(['sync', 'status', '--config', config, '--data-dir', dataDir, '--json']);
    expect(text.code, text.stderr).toBe(0);
    return { text: text.stdout, json: JSON.parse(json.stdout) as Record<string, unknown> };
  };
  const addCall = () => {
    const id = uuidv7();
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
    calls.recordEnded(id, 2_000, 'missed', 'remote');
  };
  return { dataDir, worker, status, addCall };
}

async function closedPortUrl(): Promise<string> {
  const server = new SyncServer();
  await server.listen();
  const url = server.url;
  await server.close();
  return url;
}

describe('sync status tells the truth', () => {
  it('says nothing is delivered when no backend is set, whatever the outbox holds', async () => {
    const d = desk(null);
    d.addCall();
    const view = await d.worker().syncNow();
    expect(view).toMatchObject({ state: 'disabled', url: null, lastAttempt: null });
    const { text, json } = await d.status();
    expect(text).toMatch(/^Nothing is delivered: no backend is set \(2 records kept on this workstation\)\.$/m);
    expect(text).not.toMatch(/delivered to/);
    expect(json).toMatchObject({ state: 'disabled', url: null, lastAttempt: null, pending: 2 });
  });

  it('never says delivered for a backend that was never reached, also after a restart and with an empty outbox', async () => {
    const url = await closedPortUrl();
    const d = desk(url);
    // Nothing to send yet: not "all synced", since the backend never said a word.
    expect((await d.worker().syncNow()).state).toBe('unreached');
    expect((await d.status()).text).toMatch(new RegExp(`^Never reached ${url}: nothing was sent there yet\\.$`, 'm'));

    d.addCall();
    const view = await d.worker().syncNow();
    expect(view).toMatchObject({ state: 'unreached', url, error: 'the backend refused the connection', lastAttempt: { ok: false } });
    expect(wordMessage('en', view.headline)).toBe(`Never reached ${url}: the backend refused the connection (2 records waiting).`);

    // A restart: the new worker has sent nothing yet, and still knows.
    const restarted = d.worker().view();
    expect(restarted).toMatchObject({ state: 'unreached', error: 'the backend refused the connection', lastAttempt: { ok: false } });

    const { text, json } = await d.status();
    expect(text).toMatch(new RegExp(`^Never reached ${url}: the backend refused the connection \\(2 records waiting\\)\\.$`, 'm'));
    expect(text).toMatch(/^Last attempt: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, failed: the backend refused the connection\.$/m);
    expect(text).toMatch(/^Last success: never\.$/m);
    expect(json).toMatchObject({
      state: 'unreached',
      url,
      pending: 2,
      lastSuccessAt: null,
      lastAttempt: { ok: false, error: 'the backend refused the connection' },
    });
  });

  it('tells a backend that took records and now fails (HTTP 503) from one never reached', async () => {
    const server = new SyncServer();
    await server.listen();
    cleanups.push(() => server.close());
    const d = desk(server.url);
    d.addCall();
    expect((await d.worker().syncNow()).state).toBe('synced');
    server.faults = [{ kind: 'status', status: 503, body: 'maintenance' }];
    d.addCall();
    const view = await d.worker().syncNow();
    expect(view).toMatchObject({ state: 'failing', error: 'HTTP 503: maintenance', lastAttempt: { ok: false } });
    expect(view.lastSuccessAt).not.toBeNull();

    const { text, json } = await d.status();
    expect(text).toMatch(new RegExp(`^Delivery to ${server.url} fails: HTTP 503: maintenance \\(2 records waiting\\)\\.$`, 'm'));
    expect(text).toMatch(/^Last attempt: .* UTC, failed: HTTP 503: maintenance\.$/m);
    expect(text).toMatch(/^Last success: \d{4}-.* UTC\.$/m);
    expect(json).toMatchObject({ state: 'failing', pending: 2, lastAttempt: { ok: false, error: 'HTTP 503: maintenance' } });
  });

  it('says delivered, with the time, once the backend took everything, and keeps it across a restart', async () => {
    const server = new SyncServer();
    await server.listen();
    cleanups.push(() => server.close());
    const d = desk(server.url);
    d.addCall();
    const view = await d.worker().syncNow();
    expect(view).toMatchObject({ state: 'synced', pending: 0, url: server.url, lastAttempt: { ok: true } });
    expect(server.stored.size).toBe(2);
    expect(d.worker().view().state).toBe('synced');

    const { text, json } = await d.status();
    expect(text).toMatch(new RegExp(`^Everything is delivered to ${server.url}\\.$`, 'm'));
    expect(text).toMatch(/^Last attempt: .* UTC, succeeded\.$/m);
    expect(json).toMatchObject({ state: 'synced', pending: 0, lastAttempt: { ok: true, error: null } });
    expect(json.lastSuccessAt).toEqual(expect.any(Number));
  });
});
