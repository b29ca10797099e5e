/**
 * The test: an update served from a local HTTP server is found, staged, refused during a
 * call and offered after the wrap-up, on the real workstation (training line, real SQLite, a real
 * sync backend) with electron-updater's real DebUpdater behind the Electron host's port.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/core/log';
import { AppUpdaterPort } from '../../src-main/electron/app-updater-port';
import { ManualClock } from '../support/manual-clock';
import { SyncServer } from '../support/sync-server';
import { tempDir } from '../support/temp';
import { TestDebUpdater, UpdateServer } from '../support/update-server';
import { flush, makeWorkstation } from '../support/workstation';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(what: string, condition: () => boolean, clock: ManualClock, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    clock.advance(1_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('an update on the real workstation', () => {
  it('is found, staged, refused during a call, its wrap-up and undelivered records, and installed after them', async () => {
    const updates = new UpdateServer();
    await updates.listen();
    cleanups.push(() => updates.close());
    const backend = new SyncServer();
    await backend.listen();
    cleanups.push(() => backend.close());
    // The backend is in maintenance: what the call records waits in the outbox.
    backend.faults = Array.from({ length: 10_000 }, () => ({ kind: 'status' as const, status: 503 }));

    const dataDir = tempDir();
    const configFile = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        sync: { url: backend.url, token: 'sync-token', retryMaxSeconds: 5 },
        updates: { url: updates.url, rolloutPosition: 20 },
      }),
    );
    const clock = new ManualClock();
    const updater = new TestDebUpdater('1.4.0');
    const { ws } = makeWorkstation({
      dataDir,
      configFile,
      clock,
      appVersion: '1.4.0',
      updater: new AppUpdaterPort(updater, null, silentLogger),
    });
    const notices: string[] = [];
    ws.onNotice((notice) => notices.push(notice.said.key));
    await ws.start();
    cleanups.push(() => ws.stop());

    // Staged to 10 %: this desk (place 20) is not in it yet.
    updates.publish({ version: '1.5.0', stagingPercentage: 10 });
    await ws.updates.checkNow();
    expect(ws.snapshot().updates).toMatchObject({ state: 'idle', lastCheck: { outcome: 'notForThisDesk', latest: '1.5.0' } });
    expect(updates.downloads).toEqual([]);

    // A call is answered; meanwhile IT widens the rollout to 50 %.
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 40 1234567' });
    await ws.phone.answer(callId);
    await flush();
    updates.publish({ version: '1.5.0', stagingPercentage: 50 });
    await ws.updates.checkNow();
    await flush();
    expect(updates.downloads).toEqual(['/anlauf/anlauf_1.5.0_amd64.deb']);
    expect(ws.snapshot().updates).toMatchObject({ state: 'ready', version: '1.5.0', installed: '1.4.0' });
    expect(ws.snapshot().updates.waitingFor).toContain('call');
    expect(notices).toContain('updates.readyAfterWork');
    clock.advance(10 * 60_000);
    expect(updater.installs).toEqual([]);

    // The call ends into its wrap-up: still not.
    await ws.phone.hangup(callId);
    await flush();
    expect(ws.snapshot().updates.waitingFor).toContain('wrapUp');
    expect(ws.snapshot().updates.waitingFor).not.toContain('call');

    // The disposition is given; its records wait for the backend.
    ws.wrapUp.recordDisposition(callId, { code: 'solved' });
    await flush();
    expect(ws.snapshot().updates).toMatchObject({ state: 'ready', waitingFor: ['outbox'] });
    clock.advance(60_000);
    expect(updater.installs).toEqual([]);

    // The backend is back and takes everything: the agent is told, and the app restarts a minute later.
    backend.faults = [];
    await until('the outbox to be delivered', () => ws.snapshot().sync.pending === 0 && ws.snapshot().updates.state === 'restarting', clock);
    expect(notices).toContain('updates.restarting');
    const { installAt } = ws.snapshot().updates;
    expect(installAt).not.toBeNull();
    clock.advance(installAt! - clock.now());
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
    expect(ws.snapshot().updates.state).toBe('installing');
  });
});
