import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { exportToString } from '../../src-main/core/store/call-log-export';
import { Workstation } from '../../src-main/core/workstation';
import { activeTopicsFor } from '../../src-main/shared/topics';
import { twoClients } from '../support/clients-config';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';
import { ManualClock } from '../support/manual-clock';
import { makeWorkstation } from '../support/workstation';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TOPICS = `topics:
  - id: price-letter
    client: stadtwerke
    title: Price letter of 12 May
    priority: high
    text: |
      - The table had the old and new prices swapped.
  - id: outage
    client: stadtwerke
    title: Outage in the north
    campaigns: [abrechnung]
    text: Technicians are on their way.
  - id: sale
    client: moebelhaus
    title: Spring sale
    text: Ten per cent off sofas.
`;

describe('current topics on a call through the workstation', () => {
  it("the ringing call's banner topics are recorded as shown, the opened one as opened, in the call log, its export and the outbox", async () => {
    const dataDir = tempDir();
    const folder = path.join(dataDir, 'topics');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'current.yaml'), TOPICS);
    const config = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(config, JSON.stringify({ agent: { name: 'Jana' }, clients: twoClients, topics: { folder: 'topics' } }));
    const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
    cleanups.push(() => ws.stop());
    const notices: string[] = [];
    ws.onNotice((notice) => notices.push(notice.said.key));
    await ws.start();
    const api = new Dispatcher(ws);
    // The high-priority topic was announced when it arrived.
    expect(notices).toContain('topics.newHighPriority');

    const placed = await api.handle('training:placeCall', { ivr: { client: 'swn', campaign: 'RECHNUNG' }, remoteNumber: '+49 40 111' });
    if (!placed.ok) throw new Error(placed.error.message);
    const callId = (placed.result as { callId: string }).callId;
    await waitFor('the call context', () => ws.snapshot().contexts[callId]?.client?.id === 'stadtwerke', 5_000, 5);
    const snapshot = ws.snapshot();
    const context = snapshot.contexts[callId];
    const shown = activeTopicsFor(snapshot.topics?.active ?? [], { client: context?.client?.id ?? null, campaign: context?.campaign?.id ?? null }, Date.now());
    expect(shown.map((t) => t.id)).toEqual(['price-letter', 'outage']);

    const opened = await api.handle('topics:open', { callId, topicId: 'outage' });
    expect(opened.ok).toBe(true);
    expect(ws.snapshot().topics?.opened[callId]).toEqual(['outage']);
    const refused = await api.handle('topics:open', { callId, topicId: 'sale' });
    expect(refused.ok).toBe(false);

    const entry = ws.callLog.get(callId);
    expect(entry?.topics?.map((t) => [t.id, t.version, t.title, t.openedAt !== null])).toEqual([
      ['price-letter', 1, 'Price letter of 12 May', false],
      ['outage', 1, 'Outage in the north', true],
    ]);
    const csv = exportToString(ws.callLog.iterateAll(), 'csv').content;
    expect(csv.split('\r\n')[0]).toMatch(/,topics$/);
    expect(csv).toContain('"Price letter of 12 May (price-letter v1); Outage in the north (outage v1, opened)"');
    const listed = await api.handle('callLog:list', { limit: 10 });
    expect(JSON.stringify(listed)).toContain('"openedAt"');
    const records = ws.outbox.pending(1000).filter((row) => row.topic === 'call.topics');
    expect(JSON.parse(records.at(-1)?.payload ?? '{}')).toMatchObject({ callId, topics: [{ id: 'price-letter' }, { id: 'outage' }] });
  });
});

describe("a topic's window during a shift, in the workstation's snapshot", () => {
  it('a topic starting in an hour appears in the snapshot then and leaves it an hour later, each time with a new snapshot, without a restart', async () => {
    const dataDir = tempDir();
    const clock = new ManualClock(new Date(2026, 4, 12, 9, 0).getTime());
    fs.mkdirSync(path.join(dataDir, 'topics'));
    fs.writeFileSync(
      path.join(dataDir, 'topics', 'current.yaml'),
      'topics:\n  - id: storm\n    client: stadtwerke\n    title: Storm damage\n    from: 2026-05-12T10:00\n    until: 2026-05-12T11:00\n    text: Repairs until Friday.\n',
    );
    const configFile = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(configFile, JSON.stringify({ clients: twoClients, topics: { folder: 'topics' } }));
    const { ws } = makeWorkstation({ dataDir, configFile, clock });
    cleanups.push(() => ws.stop());
    await ws.start();
    const snapshots: string[][] = [];
    ws.onState((snapshot) => snapshots.push((snapshot.topics?.active ?? []).map((t) => t.id)));
    expect(ws.snapshot().topics?.active).toEqual([]);
    clock.advance(60 * 60_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(snapshots.at(-1)).toEqual(['storm']);
    clock.advance(60 * 60_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(snapshots.at(-1)).toEqual([]);
  });
});
