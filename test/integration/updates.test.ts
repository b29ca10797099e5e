/**
 * Updates end to end below the UI: the core's UpdateService deciding, electron-updater's real
 * DebUpdater (behind AppUpdaterPort) reading the channel file and downloading the installer from
 * a real HTTP server, with its own version comparison and sha512 check. Only the install itself
 * is recorded instead of run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateSettingsSchema, type Message, type UpdateSettings } from '../../src-main/contract';
import { Emitter } from '../../src-main/core/events';
import type { Logger, LogLevel } from '../../src-main/core/log';
import { rolloutPositionOf } from '../../src-main/core/updates/rollout';
import { UpdateService, type OpenWork } from '../../src-main/core/updates/update-service';
import { AppUpdaterPort, builtInFeedUrl } from '../../src-main/electron/app-updater-port';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';
import { TestDebUpdater, UpdateServer } from '../support/update-server';

const INSTALLED = '1.4.0';

let server: UpdateServer;
beforeEach(async () => {
  server = new UpdateServer();
  await server.listen();
});
afterEach(async () => {
  await server.close();
});

/** A desk: the real service on a real updater, with calls, wrap-ups and the outbox as the test sets them. */
function desk(settings: Partial<UpdateSettings> = {}, options: { computerName?: string; installed?: string } = {}) {
  const clock = new ManualClock();
  const updater = new TestDebUpdater(options.installed ?? INSTALLED);
  const logs: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, ...(fields ? { fields } : {}) }) };
  const notices: Message[] = [];
  const work: OpenWork = { calls: 0, wrapUps: 0, unsynced: 0 };
  const workChanged = new Emitter<void>();
  let current = updateSettingsSchema.parse({ url: server.url, ...settings });
  const service = new UpdateService({
    updater: new AppUpdaterPort(updater, null, logger),
    settings: () => current,
    installedVersion: options.installed ?? INSTALLED,
    computerName: options.computerName ?? 'desk-017',
    work: { current: () => ({ ...work }), onDidChange: workChanged.event },
    clock,
    logger,
    notice: (said) => notices.push(said),
    random: () => 0.5,
  });
  service.start();
  return {
    clock,
    updater,
    service,
    logs,
    notices,
    /** Opens or closes work at the desk, as the workstation's snapshot would announce it. */
    setWork(change: Partial<OpenWork>) {
      Object.assign(work, change);
      workChanged.fire();
    },
    setSettings(change: Partial<UpdateSettings>) {
      current = updateSettingsSchema.parse({ ...current, ...change });
      service.settingsChanged();
    },
    view: () => service.view(),
  };
}

/** A desk whose settings name no URL: it asks the one the installer was built with (`builtIn`). */
function withBuiltInUrl(builtIn: string, logger: Logger): UpdateService {
  return new UpdateService({
    updater: new AppUpdaterPort(new TestDebUpdater(INSTALLED), builtIn, logger),
    settings: () => updateSettingsSchema.parse({}),
    installedVersion: INSTALLED,
    computerName: 'desk-017',
    work: { current: () => ({ calls: 0, wrapUps: 0, unsynced: 0 }), onDidChange: new Emitter<void>().event },
    clock: new ManualClock(),
    logger,
    notice: () => undefined,
  });
}

describe('a newer version on the update server', () => {
  it('is found, downloaded with its sha512 checked, and installed after the agent was told', async () => {
    const { bytes } = server.publish({ version: '1.5.0' });
    const d = desk();
    await d.service.checkNow();

    expect(server.requests[0]).toBe('/anlauf/latest-linux.yml');
    expect(server.downloads).toEqual(['/anlauf/anlauf_1.5.0_amd64.deb']);
    expect(d.updater.downloadedFile()?.equals(bytes)).toBe(true);
    expect(d.view()).toMatchObject({
      state: 'restarting',
      installed: INSTALLED,
      version: '1.5.0',
      lastCheck: { outcome: 'found', latest: '1.5.0', error: null },
    });
    expect(d.notices).toEqual([{ key: 'updates.restarting', params: { version: '1.5.0', seconds: 60 } }]);
    // A quit meanwhile installs it too: nothing is open.
    expect(d.updater.autoInstallOnAppQuit).toBe(true);

    d.clock.advance(59_000);
    expect(d.updater.installs).toEqual([]);
    d.clock.advance(1_000);
    expect(d.updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
    expect(d.view().state).toBe('installing');
  });

  it('is checked for at the first check 1 to 10 minutes after the start, then every few hours', async () => {
    server.publish({ version: '1.4.0' });
    const d = desk({ checkHours: 4 });
    // random() = 0.5: 60 s + 4.5 min.
    d.clock.advance(5 * 60_000 + 29_000);
    expect(server.requests).toEqual([]);
    d.clock.advance(1_000);
    await d.service.checkNow();
    expect(server.requests).toEqual(['/anlauf/latest-linux.yml']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(d.view().nextCheckAt).toBe(d.clock.now() + 4 * 3_600_000);
  });
});

describe('a version that is not newer', () => {
  it.each([
    ['the installed one', '1.4.0'],
    ['an older one', '1.3.9'],
  ])('is not offered: %s', async (_what, version) => {
    server.publish({ version });
    const d = desk();
    await d.service.checkNow();
    expect(server.downloads).toEqual([]);
    expect(d.view()).toMatchObject({ state: 'idle', version: null, lastCheck: { outcome: 'upToDate', latest: version, error: null } });
    expect(d.updater.installs).toEqual([]);
  });
});

describe('a staged rollout (stagingPercentage in the channel file)', () => {
  it('reaches a desk whose place is below the percentage, and not one above it', async () => {
    server.publish({ version: '1.5.0', stagingPercentage: 30 });
    const outside = desk({ rolloutPosition: 45 });
    await outside.service.checkNow();
    expect(outside.view().lastCheck).toMatchObject({ outcome: 'notForThisDesk', latest: '1.5.0' });
    expect(server.downloads).toEqual([]);

    const inside = desk({ rolloutPosition: 12 });
    await inside.service.checkNow();
    expect(inside.view().lastCheck).toMatchObject({ outcome: 'found', latest: '1.5.0' });
    expect(server.downloads).toEqual(['/anlauf/anlauf_1.5.0_amd64.deb']);
  });

  it('places a desk by its computer name: every check, and every agent on it, gets the same answer', async () => {
    const names = ['desk-001', 'desk-002', 'desk-003', 'desk-004', 'desk-005', 'desk-006'];
    const early = names.find((name) => rolloutPositionOf(name) < 40)!;
    const late = names.find((name) => rolloutPositionOf(name) >= 40)!;
    server.publish({ version: '1.5.0', stagingPercentage: '40' });
    for (let round = 0; round < 2; round++) {
      const lateDesk = desk({}, { computerName: late.toUpperCase() });
      await lateDesk.service.checkNow();
      expect(lateDesk.view().lastCheck?.outcome).toBe('notForThisDesk');
    }
    expect(server.downloads).toEqual([]);
    const earlyDesk = desk({}, { computerName: early });
    await earlyDesk.service.checkNow();
    expect(earlyDesk.view().lastCheck?.outcome).toBe('found');
  });

  it('stops at 0 % and reaches the last desk at 100 %', async () => {
    server.publish({ version: '1.5.0', stagingPercentage: 0 });
    const pilot = desk({ rolloutPosition: 0 });
    await pilot.service.checkNow();
    expect(pilot.view().lastCheck?.outcome).toBe('notForThisDesk');
    server.publish({ version: '1.5.0', stagingPercentage: 100 });
    const last = desk({ rolloutPosition: 100 });
    await last.service.checkNow();
    expect(last.view().lastCheck?.outcome).toBe('found');
  });
});

describe('a pinned version', () => {
  it('is taken when the channel offers it, and nothing newer ever is', async () => {
    server.publish({ version: '1.6.0' });
    const d = desk({ pinVersion: '1.5' });
    await d.service.checkNow();
    expect(d.view()).toMatchObject({ state: 'idle', pinned: '1.5', lastCheck: { outcome: 'heldByPin', latest: '1.6.0' } });
    expect(server.downloads).toEqual([]);

    server.publish({ version: '1.5.2' });
    await d.service.checkNow();
    expect(d.view()).toMatchObject({ version: '1.5.2', lastCheck: { outcome: 'found', latest: '1.5.2' } });
    expect(server.downloads).toEqual(['/anlauf/anlauf_1.5.2_amd64.deb']);
  });

  it('below the installed version does not take the desk back', async () => {
    server.publish({ version: '1.3.1' });
    const d = desk({ pinVersion: '1.3' });
    await d.service.checkNow();
    expect(d.view().lastCheck).toMatchObject({ outcome: 'upToDate', latest: '1.3.1' });
    expect(server.downloads).toEqual([]);
  });

  it('drops a downloaded update it no longer allows', async () => {
    server.publish({ version: '1.5.0' });
    const d = desk();
    d.setWork({ calls: 1 });
    await d.service.checkNow();
    expect(d.view().state).toBe('ready');
    d.setSettings({ pinVersion: '1.4' });
    d.setWork({ calls: 0 });
    d.clock.advance(120_000);
    expect(d.view()).toMatchObject({ state: 'idle', version: null });
    expect(d.updater.installs).toEqual([]);
  });
});

describe('a channel', () => {
  it('reads its own file', async () => {
    server.publish({ version: '1.5.0-beta.2', channelFile: 'beta-linux.yml' });
    const d = desk({ channel: 'beta' });
    await d.service.checkNow();
    expect(server.requests[0]).toBe('/anlauf/beta-linux.yml');
    expect(d.view().lastCheck).toMatchObject({ outcome: 'found', latest: '1.5.0-beta.2' });
  });
});

describe('updates off', () => {
  it('sends no request to the update server, at the timed checks or asked', async () => {
    server.publish({ version: '1.5.0' });
    const d = desk({ enabled: false });
    d.clock.advance(48 * 3_600_000);
    await d.service.checkNow();
    expect(server.requests).toEqual([]);
    expect(d.view()).toMatchObject({ state: 'off', lastCheck: null });
  });

  it('leaves a downloaded update uninstalled', async () => {
    server.publish({ version: '1.5.0' });
    const d = desk();
    d.setWork({ wrapUps: 1 });
    await d.service.checkNow();
    d.setSettings({ enabled: false });
    d.setWork({ wrapUps: 0 });
    d.clock.advance(120_000);
    expect(d.updater.installs).toEqual([]);
    expect(d.updater.autoInstallOnAppQuit).toBe(false);
    expect(d.view().state).toBe('off');
  });
});

describe('an update that is ready', () => {
  it('waits for the call, the wrap-up and the undelivered records, and installs after them', async () => {
    server.publish({ version: '1.5.0' });
    const d = desk();
    d.setWork({ calls: 1 });
    await d.service.checkNow();
    expect(d.view()).toMatchObject({ state: 'ready', version: '1.5.0', waitingFor: ['call'], installAt: null });
    expect(d.notices).toEqual([{ key: 'updates.readyAfterWork', params: { version: '1.5.0' } }]);
    expect(d.updater.autoInstallOnAppQuit).toBe(false);

    // The call ends into its wrap-up; the disposition's record waits for the backend.
    d.setWork({ calls: 0, wrapUps: 1 });
    expect(d.view().waitingFor).toEqual(['wrapUp']);
    d.setWork({ wrapUps: 0, unsynced: 2 });
    expect(d.view().waitingFor).toEqual(['outbox']);
    d.clock.advance(10 * 60_000);
    expect(d.updater.installs).toEqual([]);

    d.setWork({ unsynced: 0 });
    expect(d.view()).toMatchObject({ state: 'restarting', waitingFor: [], installAt: d.clock.now() + 60_000 });
    expect(d.notices.at(-1)).toEqual({ key: 'updates.restarting', params: { version: '1.5.0', seconds: 60 } });

    // A call that rings in the minute's notice postpones the restart again.
    d.clock.advance(30_000);
    d.setWork({ calls: 1 });
    expect(d.view()).toMatchObject({ state: 'ready', waitingFor: ['call'], installAt: null });
    d.clock.advance(5 * 60_000);
    expect(d.updater.installs).toEqual([]);
    expect(d.notices.filter((n) => n.key === 'updates.readyAfterWork')).toHaveLength(1);

    d.setWork({ calls: 0 });
    d.clock.advance(60_000);
    expect(d.updater.installs).toHaveLength(1);
    expect(d.logs.some((l) => l.message === 'installing update' && l.fields?.version === '1.5.0')).toBe(true);
  });
});

describe('a failed update', () => {
  it('with a corrupted installer (sha512 mismatch) is discarded; the installed version keeps running', async () => {
    server.publish({ version: '1.5.0', sha512Of: Buffer.from('the build IT meant to publish') });
    const d = desk();
    await d.service.checkNow();
    expect(server.downloads).toEqual(['/anlauf/anlauf_1.5.0_amd64.deb']);
    expect(d.view()).toMatchObject({
      state: 'idle',
      installed: INSTALLED,
      version: null,
      lastCheck: { outcome: 'failed', error: { key: 'updates.corrupt', params: { file: 'anlauf_1.5.0_amd64.deb' } } },
    });
    d.clock.advance(10 * 60_000);
    expect(d.updater.installs).toEqual([]);
    expect(d.updater.downloadedFile()).toBeNull();
    const logged = d.logs.find((l) => l.level === 'error');
    expect(logged?.message).toBe('update failed; the installed version keeps running');
    expect(logged?.fields).toMatchObject({ kind: 'corrupt', version: '1.5.0' });
    expect(String(logged?.fields?.error)).toContain('sha512 checksum mismatch');
  });

  it('with the server down is shown as unreachable, and the next check tries again', async () => {
    const url = server.url;
    await server.close();
    const d = desk({ url });
    await d.service.checkNow();
    expect(d.view().lastCheck).toMatchObject({
      outcome: 'failed',
      error: { key: 'updates.unreachable', params: { detail: `ECONNREFUSED (${url})` } },
    });
    expect(d.view().state).toBe('idle');
    server = new UpdateServer();
    await server.listen();
  }, 20_000);

  it('with an invalid channel file is shown as such', async () => {
    server.writeChannelFile('latest-linux.yml', 'version: [1.5.0\nfiles: {');
    const d = desk();
    await d.service.checkNow();
    expect(d.view().lastCheck).toMatchObject({ outcome: 'failed', error: { key: 'updates.badFeed' } });
    server.writeChannelFile('latest-linux.yml', '<html>Please sign in to the proxy</html>\n');
    await d.service.checkNow();
    expect(d.view().lastCheck).toMatchObject({ outcome: 'failed', error: { key: 'updates.badFeed' } });
    expect(server.downloads).toEqual([]);
  });

  it('with no channel file names the file it looked for', async () => {
    const d = desk({ channel: 'pilot' });
    await d.service.checkNow();
    expect(d.view().lastCheck).toMatchObject({
      outcome: 'failed',
      error: { key: 'updates.noChannelFile', params: { file: `pilot-linux.yml (${server.url})` } },
    });
  });

  it('with an HTTP error is shown with its status', async () => {
    server.publish({ version: '1.5.0' });
    server.failWith = 503;
    const d = desk();
    await d.service.checkNow();
    expect(d.view().lastCheck).toMatchObject({
      outcome: 'failed',
      error: { key: 'updates.unreachable', params: { detail: `HTTP 503 (${server.url})` } },
    });
    expect(d.updater.installs).toEqual([]);
  });

  it('while downloading is shown, and the next check downloads it again', async () => {
    server.publish({ version: '1.5.0' });
    const d = desk();
    server.failDownloads = 1;
    await d.service.checkNow();
    expect(d.view()).toMatchObject({
      state: 'idle',
      version: null,
      lastCheck: { outcome: 'failed', error: { key: 'updates.unreachable', params: { detail: 'HTTP 500 (anlauf_1.5.0_amd64.deb)' } } },
    });
    expect(d.updater.installs).toEqual([]);
    await d.service.checkNow();
    expect(d.view()).toMatchObject({ state: 'restarting', version: '1.5.0', lastCheck: { outcome: 'found' } });
  });
});

describe('the feed the installer was built with', () => {
  it('is read from the app-update.yml electron-builder wrote, and a placeholder build checks nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app-update.yml');
    const logger: Logger = { log: () => undefined };
    fs.writeFileSync(file, `provider: generic\nurl: ${server.url}\nchannel: latest\nupdaterCacheDirName: anlauf-updater\n`);
    expect(builtInFeedUrl(file, logger)).toBe(server.url);
    expect(builtInFeedUrl(path.join(dir, 'missing.yml'), logger)).toBeNull();
    fs.writeFileSync(file, 'provider: github\nowner: someone\n');
    expect(builtInFeedUrl(file, logger)).toBeNull();

    server.publish({ version: '1.5.0' });
    const placeholder = withBuiltInUrl('https://updates.anlauf.invalid/anlauf', logger);
    await placeholder.checkNow();
    expect(placeholder.view().state).toBe('notConfigured');

    const built = withBuiltInUrl(server.url, logger);
    await built.checkNow();
    expect(built.view().lastCheck).toMatchObject({ outcome: 'found', latest: '1.5.0' });
  });

  it('is none in the browser host: updates are the installed app’s', () => {
    const service = new UpdateService({
      updater: null,
      settings: () => updateSettingsSchema.parse({ url: server.url }),
      installedVersion: INSTALLED,
      computerName: 'desk-017',
      work: { current: () => ({ calls: 0, wrapUps: 0, unsynced: 0 }), onDidChange: new Emitter<void>().event },
      clock: new ManualClock(),
      logger: { log: () => undefined },
      notice: () => undefined,
    });
    service.start();
    expect(service.view()).toMatchObject({ state: 'unavailable', nextCheckAt: null });
  });
});
