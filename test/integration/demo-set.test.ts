// The demo set (resources/demo/, docs/training.md "The demo set"): a desk where nothing real is
// configured rings demo customers on the training line, with their company, name and script;
// a desk with a real line or real settings sees nothing of it, also on a data folder that ran
// the demo before. Real Workstation, real SQLite files, the shipped resources.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { settingsSchema } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { DIRECTORY_FILE } from '../../src-main/core/customers/directory-file';
import { DEMO_DATA_FOLDER } from '../../src-main/core/demo/demo-set';
import type { Logger } from '../../src-main/core/log';
import { DATABASE_FILE } from '../../src-main/core/store/database';
import { Workstation } from '../../src-main/core/workstation';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';

const running: Workstation[] = [];
afterEach(async () => {
  for (const ws of running.splice(0)) await ws.stop();
});

/** A desk as the hosts start it (the demo set offered), on `dataDir`, with `settings` as IT's file if given. */
async function desk(dataDir: string, settings?: Record<string, unknown>): Promise<{ ws: Workstation; api: Dispatcher; logs: string[] }> {
  let configFile: string | undefined;
  if (settings) {
    configFile = path.join(tempDir(), 'anlauf.json');
    fs.writeFileSync(configFile, JSON.stringify(settings));
  }
  const logs: string[] = [];
  const logger: Logger = { log: (_level, message) => logs.push(message) };
  const ws = new Workstation({ dataDir, configFile, host: 'web', appVersion: 'test', resourcesDir, logger, clock: systemClock, demo: true });
  running.push(ws);
  await ws.start();
  return { ws, api: new Dispatcher(ws), logs };
}

async function simulateCall(api: Dispatcher): Promise<string> {
  const placed = await api.handle('training:placeCall', {});
  if (!placed.ok) throw new Error(placed.error.message);
  return (placed.result as { callId: string }).callId;
}

async function hangUp(ws: Workstation, api: Dispatcher, callId: string): Promise<void> {
  await api.handle('phone:hangup', { callId });
  await waitFor('the call gone', () => ws.snapshot().contexts[callId] === undefined, 5000, 5);
}

describe('the demo set on a first start', () => {
  it("pops a demo customer with name and number on the first simulated call, shows the campaign's script and says it is the demo", async () => {
    const dataDir = tempDir();
    const { ws, api } = await desk(dataDir);
    expect(ws.snapshot().training.demo).toBe(true);
    await waitFor('the sample scripts loaded', () => ws.library.list().some((s) => s.scriptId === 'support-de'), 10_000, 10);

    const first = await simulateCall(api);
    await waitFor('the customer card', () => ws.snapshot().contexts[first]?.customer.state === 'done', 5000, 5);
    const context = ws.snapshot().contexts[first]!;
    expect(context.client).toMatchObject({ id: 'stadtwerke-nord', name: 'Stadtwerke Nord', colour: '#0b6e4f' });
    expect(context.client?.logo).toMatch(/^data:image\/svg\+xml,/);
    expect(context.campaign).toMatchObject({ id: 'support', name: 'Störungsannahme' });
    expect(context.customer.chosen).toMatchObject({ name: 'Erika Mustermann', customerNumber: 'K-100234', postcode: '20099', city: 'Hamburg' });
    expect(ws.snapshot().scripts[first]).toMatchObject({ scriptId: 'support-de', language: 'de' });
    expect((await api.handle('phone:answer', { callId: first })).ok).toBe(true);
    await hangUp(ws, api, first);
    // The wrap-up offers the campaign's codes, which the sample script's end nodes propose.
    await waitFor('the wrap-up', () => ws.snapshot().wrapUps.some((w) => w.callId === first), 5000, 5);
    const disposed = await api.handle('wrapUp:dispose', { callId: first, code: 'solved' });
    expect(disposed.ok).toBe(true);

    // The second caller is on record as English-speaking: the same campaign's English script.
    const second = await simulateCall(api);
    await waitFor("the English caller's card", () => ws.snapshot().contexts[second]?.customer.chosen?.name === 'Olivia Bennett', 5000, 5);
    expect(ws.snapshot().contexts[second]?.client?.name).toBe('Alpenfunk Mobil');
    await waitFor('the English script', () => ws.snapshot().scripts[second]?.scriptId === 'support-en', 5000, 5);

    // A few hundred customers to search, in the demo's own folder; nothing in the desk's.
    expect(ws.directory.count()).toBeGreaterThanOrEqual(300);
    expect(fs.existsSync(path.join(dataDir, DEMO_DATA_FOLDER, DATABASE_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, DEMO_DATA_FOLDER, DIRECTORY_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, DIRECTORY_FILE))).toBe(false);
    // The current topics' folder, where this build has the setting (docs/topics.md).
    if ('topics' in settingsSchema.shape) expect(JSON.stringify(ws.settings.get())).toContain(path.join('demo', 'topics'));
  });
});

describe('a real desk sees nothing of the demo', () => {
  const realClient = {
    id: 'hansewasser',
    name: 'Hansewasser',
    greeting: 'Hansewasser, guten Tag.',
    colour: '#1f4e79',
    dialedNumbers: ['+49 40 800 100'],
    campaigns: [{ id: 'service', name: 'Service' }],
  };

  for (const [what, settings] of [
    ['its own clients', { clients: [realClient] }],
    ['a SIP line', { sip: { websocketUrl: 'ws://127.0.0.1:9/ws', uri: 'sip:agent7@anlauf.test', password: 'secret7' } }],
  ] as const) {
    it(`with ${what}: no demo company, customer or script, also on a data folder that ran the demo`, async () => {
      const dataDir = tempDir();
      const demo = await desk(dataDir);
      expect(demo.ws.directory.count()).toBeGreaterThan(0);
      await running.splice(0)[0]!.stop();

      const { ws, api } = await desk(dataDir, settings);
      expect(ws.snapshot().training.demo).toBeUndefined();
      expect(ws.settings.get().clients.map((c) => c.id)).not.toContain('stadtwerke-nord');
      expect(ws.settings.get().scripts.folder).toBeNull();
      expect(ws.directory.count()).toBe(0);
      expect(ws.library.list()).toEqual([]);
      // The training scenario's first caller still rings, as the unknown caller they are here.
      const callId = await simulateCall(api);
      await waitFor('the customer card', () => ws.snapshot().contexts[callId]?.customer.state === 'done', 5000, 5);
      const context = ws.snapshot().contexts[callId]!;
      expect(context.customer.chosen).toBeNull();
      expect(context.client?.name ?? null).not.toBe('Stadtwerke Nord');
      expect(ws.snapshot().scripts[callId]).toBeUndefined();
      // Nothing of the demo was written into the agent's preferences (IT's file is never written).
      const preferences = path.join(dataDir, 'user-settings.json');
      if (fs.existsSync(preferences)) expect(fs.readFileSync(preferences, 'utf8')).not.toContain('stadtwerke-nord');
    });
  }

  it('on a data folder with a call log of its own (a desk that worked without the demo): no demo, its calls stay', async () => {
    const dataDir = tempDir();
    const bare = new Workstation({ dataDir, host: 'web', appVersion: 'test', resourcesDir, clock: systemClock, logger: { log: () => undefined } });
    running.push(bare);
    await bare.start();
    const earlier = await simulateCall(new Dispatcher(bare));
    await running.splice(0)[0]!.stop();

    const { ws } = await desk(dataDir);
    expect(ws.snapshot().training.demo).toBeUndefined();
    expect(ws.settings.get().clients).toEqual([]);
    expect(ws.callLog.get(earlier)).not.toBeNull();
    expect(fs.existsSync(path.join(dataDir, 'demo'))).toBe(false);
  });

  it('without the host offering it (--no-demo, ANLAUF_DEMO=off), the first start is the bare training line', async () => {
    const dataDir = tempDir();
    const ws = new Workstation({ dataDir, host: 'web', appVersion: 'test', resourcesDir, clock: systemClock, logger: { log: () => undefined } });
    running.push(ws);
    await ws.start();
    expect(ws.snapshot().training.demo).toBeUndefined();
    expect(ws.settings.get().clients).toEqual([]);
    expect(ws.directory.count()).toBe(0);
  });
});
