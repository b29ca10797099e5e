import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { runCli } from '../support/cli';
import { SyncServer } from '../support/sync-server';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function workstation(dataDir: string, sync: Record<string, unknown>): Workstation {
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sync }));
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  return ws;
}

describe('the workstation keeps working offline and syncs later', () => {
  it('records calls while the backend is down, shows them waiting, and delivers them exactly once when it is back', async () => {
    const server = new SyncServer();
    await server.listen();
    const port = server.port;
    await server.close(); // the backend is down
    const dataDir = tempDir();
    const ws = workstation(dataDir, { url: `http://127.0.0.1:${port}`, token: 'sync-token', retryMaxSeconds: 1 });
    cleanups.push(() => ws.stop());
    await ws.start();
    for (let i = 0; i < 3; i++) {
      const id = ws.training.placeTrainingCall({ remoteNumber: `+49 40 ${i}` });
      await ws.phone.answer(id);
      await ws.phone.hangup(id);
      ws.wrapUp.recordDisposition(id, { code: 'solved' });
    }
    ws.agent.setState('notReady', 'break');
    ws.agent.setState('ready');
    // The backend was never reached: the desk says so, not merely "failing" (issue 16).
    await waitFor('unreached', () => ws.snapshot().sync.state === 'unreached');
    // Per call: ringing, answered, ended, wrap-up, and the agent's ready → on call → wrap-up → ready;
    // then not ready (break) and ready again.
    const expected = 3 * (4 + 3) + 2;
    expect(ws.snapshot().sync).toMatchObject({ pending: expected, error: 'the backend refused the connection' });
    expect(ws.snapshot().sync.failingSince).not.toBeNull();

    const status = await runCli(['sync', 'status', '--data-dir', dataDir, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ pending: expected, quarantined: 0 });

    const back = new SyncServer();
    await back.listen(port);
    cleanups.push(() => back.close());
    await waitFor('synced', () => ws.snapshot().sync.state === 'synced', 10_000);
    expect(back.stored.size).toBe(expected);
    expect(new Set(back.arrivals).size).toBe(expected);
    const states = [...back.stored.values()]
      .filter((e) => e.topic === 'agent.state')
      .map((e) => e.payload as { state: string; previous: string; reason: string | null });
    expect(states.map((s) => `${s.previous}→${s.state}`)).toEqual([
      ...Array.from({ length: 3 }, () => ['ready→onCall', 'onCall→wrapUp', 'wrapUp→ready']).flat(),
      'ready→notReady',
      'notReady→ready',
    ]);
    expect(states.at(-2)).toMatchObject({ reason: 'break' });
    const human = await runCli(['sync', 'status', '--data-dir', dataDir]);
    // Without --config the CLI names the backend the app last tried, and says so (issue 16).
    expect(human.stdout).toContain(`Everything is delivered to http://127.0.0.1:${port}.`);
    expect(human.stderr).toContain('no settings file given');
  });

  it('never sends the sync token to a renderer', async () => {
    const ws = workstation(tempDir(), { url: 'http://127.0.0.1:9', token: 'very-secret-token' });
    cleanups.push(() => ws.stop());
    expect(JSON.stringify(ws.snapshot())).not.toContain('very-secret-token');
    expect(ws.snapshot().settings.sync.tokenSet).toBe(true);
  });

  it('purges old calls only once the backend has them', async () => {
    const dataDir = tempDir();
    const ws = workstation(dataDir, {});
    cleanups.push(() => ws.stop());
    await ws.start();
    const old = ws.training.placeTrainingCall({});
    await ws.phone.reject(old);
    ws.db.prepare('UPDATE calls SET ring_at = ring_at - ? WHERE id = ?').run(400 * 86_400_000, old);
    // Retention is a settings-file key: an admin who set 365 days.
    const purge = new (await import('../../src-main/core/store/retention')).Retention(ws.db, systemClock, silentLogger, () => 365);
    expect(purge.run()).toBe(0); // its records are still waiting for the backend
    expect(ws.callLog.get(old)).not.toBeNull();
    ws.outbox.delivered(ws.outbox.pending(100).map((r) => r.id));
    expect(purge.run()).toBe(1);
    expect(ws.callLog.get(old)).toBeNull();
    purge.stop();
  });
});

describe('a damaged call log', () => {
  it('is set aside, reported to the agent and in the log, and a new one started', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'anlauf.sqlite'), Buffer.alloc(8192, 0x5a));
    const logged: string[] = [];
    const ws = new Workstation({
      dataDir,
      host: 'web',
      appVersion: 'test',
      resourcesDir,
      clock: systemClock,
      logger: { log: (level, message) => logged.push(`${level} ${message}`) },
    });
    cleanups.push(() => ws.stop());
    await ws.start();
    const setAside = ws.snapshot().storage.setAside;
    expect(setAside).toMatch(/anlauf\.sqlite\.corrupt-/);
    expect(fs.readFileSync(setAside!).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
    expect(logged).toContain('error the call log could not be read; it was set aside and a new one started');
    const id = ws.training.placeTrainingCall({});
    expect(ws.callLog.get(id)).not.toBeNull();
  });
});

describe('exporting from the window', () => {
  it('gives the calls a search finds as CSV or JSON content, with the SIP Call-ID column', async () => {
    const { Dispatcher } = await import('../../src-main/api/dispatcher');
    const ws = workstation(tempDir(), {});
    cleanups.push(() => ws.stop());
    await ws.start();
    for (const client of ['Stadtwerke Nord', 'Alpenfunk Mobil', 'Stadtwerke Nord']) await ws.phone.reject(ws.training.placeTrainingCall({ ivr: { client } }));
    const dispatcher = new Dispatcher(ws);
    const csv = await dispatcher.handle('callLog:export', { format: 'csv', client: 'Stadtwerke Nord' });
    expect(csv.ok).toBe(true);
    const file = (csv as { result: { content: string; rows: number; filename: string; truncated: boolean } }).result;
    expect(file).toMatchObject({ rows: 2, truncated: false });
    expect(file.filename).toMatch(/^anlauf-calls-.*\.csv$/);
    const lines = file.content.trimEnd().split('\r\n');
    expect(lines[0]).toContain('sipCallId');
    expect(lines).toHaveLength(3);
    const json = await dispatcher.handle('callLog:export', { format: 'json' });
    expect(JSON.parse((json as { result: { content: string } }).result.content)).toHaveLength(3);
    expect(await dispatcher.handle('line:refresh', {})).toEqual({ ok: true, result: { ok: true } });
  });
});
