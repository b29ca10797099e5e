/**
 * Updates on a shared desk: the machine's, not an agent's. One update service for the desk, with a
 * real update server and electron-updater's real DebUpdater behind the Electron host's port; the
 * agents' Workstations are real (training line, real SQLite). The SIP server is not the point here:
 * the credentials are taken as the server's answer would be.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotSchema } from '../../src-main/contract';
import { Desk } from '../../src-main/core/desk/desk';
import { silentLogger } from '../../src-main/core/log';
import { MemoryVault } from '../../src-main/core/platform/secret-vault';
import { AppUpdaterPort } from '../../src-main/electron/app-updater-port';
import { ManualClock } from '../support/manual-clock';
import { resourcesDir, tempDir } from '../support/temp';
import { TestDebUpdater, UpdateServer } from '../support/update-server';
import { flush } from '../support/workstation';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(what: string, condition: () => boolean, clock: ManualClock, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    clock.advance(5_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function sharedDeskWithUpdates() {
  const server = new UpdateServer();
  await server.listen();
  cleanups.push(() => server.close());
  const dataDir = tempDir();
  const configFile = path.join(dataDir, 'it-settings.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      // A SIP server nobody answers at: the agents work on the training line.
      sip: { websocketUrl: 'ws://127.0.0.1:9' },
      signIn: { mode: 'agent', uriTemplate: 'sip:{agentId}@example.invalid' },
      updates: { url: server.url, rolloutPosition: 20 },
    }),
  );
  const clock = new ManualClock();
  const updater = new TestDebUpdater('1.4.0');
  const desk = new Desk({
    dataDir,
    configFile,
    host: 'electron',
    appVersion: '1.4.0',
    resourcesDir,
    logger: silentLogger,
    clock,
    vault: new MemoryVault(),
    updater: new AppUpdaterPort(updater, null, silentLogger),
    checkCredentials: () => Promise.resolve({ ok: true }),
  });
  cleanups.push(() => desk.stop());
  return { desk, clock, server, updater };
}

describe('updates on a shared desk', () => {
  it('are checked and installed while nobody is signed in: between shifts', async () => {
    const { desk, clock, server, updater } = await sharedDeskWithUpdates();
    server.publish({ version: '1.5.0' });
    await desk.start();
    expect(desk.snapshot().signIn.status).toBe('signedOut');
    await until('the update to be downloaded and the restart announced', () => desk.snapshot().updates.state === 'restarting', clock);
    expect(server.downloads).toEqual(['/anlauf/anlauf_1.5.0_amd64.deb']);
    // The form's snapshot shows it, and is still a whole one the page can render.
    expect(desk.snapshot().updates).toMatchObject({ version: '1.5.0', installed: '1.4.0', waitingFor: [] });
    expect(() => snapshotSchema.parse(desk.snapshot())).not.toThrow();
    clock.advance(desk.snapshot().updates.installAt! - clock.now());
    expect(updater.installs).toHaveLength(1);
  });

  it("wait for the signed-in agent's call and wrap-up, and are not fetched again at the next sign-in", async () => {
    const { desk, clock, server, updater } = await sharedDeskWithUpdates();
    await desk.start();
    await desk.signIn('anna', 'anna-pw', false);
    const ws = desk.workstation!;
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 40 1234567' });
    await ws.phone.answer(callId);
    await flush();
    server.publish({ version: '1.5.0' });
    await until('the update to be ready', () => desk.snapshot().updates.state === 'ready', clock);
    expect(desk.snapshot().updates.waitingFor).toEqual(['call']);
    clock.advance(30 * 60_000);
    expect(updater.installs).toEqual([]);

    await ws.phone.hangup(callId);
    await flush();
    expect(desk.snapshot().updates).toMatchObject({ state: 'ready', waitingFor: ['wrapUp'] });
    ws.wrapUp.recordDisposition(callId, { code: 'solved' });
    await flush();
    expect(desk.snapshot().updates.state).toBe('restarting');

    // Anna signs out before the minute is up, Ben signs in: the same update, not a second download.
    await desk.signOut();
    await desk.signIn('ben', 'ben-pw', false);
    expect(desk.snapshot().signIn.agentId).toBe('ben');
    expect(desk.snapshot().updates).toMatchObject({ state: 'restarting', version: '1.5.0' });
    clock.advance(desk.snapshot().updates.installAt! - clock.now());
    expect(updater.installs).toHaveLength(1);
    expect(server.downloads).toEqual(['/anlauf/anlauf_1.5.0_amd64.deb']);
  });
});
