import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import type { ColleagueList, ColleagueView, EventName, Snapshot } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';

// Issue 17: the colleague directory must not travel whole in every snapshot. Agent B's directory
// lists 2 000 colleagues (IT's settings), agent A among them; what B's Dispatcher sends to a page
// (the same events and answers both hosts carry) is measured while A changes state through a real
// Kamailio with presence.

const DIRECTORY = 2000;
let kamailio: Kamailio;
beforeAll(async () => {
  kamailio = await startKamailio({ presence: true });
}, 30_000);
afterAll(async () => {
  await kamailio?.stop();
});

const running: Workstation[] = [];
afterEach(async () => {
  for (const ws of running.splice(0)) await ws.stop();
});

async function agent(user: string, colleagues: Record<string, unknown> = {}): Promise<Workstation> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password: kamailio.users[user] }, colleagues }));
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  running.push(ws);
  await ws.start();
  await waitFor(`${user} registered`, () => ws.snapshot().line.status === 'registered', 5000);
  return ws;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

it("keeps a snapshot small with 2 000 colleagues, and sends a colleague's state change as that one entry", async () => {
  const directory = Array.from({ length: DIRECTORY }, (_, i) => ({
    name: i === 0 ? 'Anna Seven' : `Colleague ${i}`,
    uri: i === 0 ? kamailio.uri('agent7') : `sip:colleague${i}@${kamailio.domain}`,
    skills: ['fault', 'contract'],
    languages: ['de', 'en'],
  }));
  const a = await agent('agent7');
  // Three watched keep the server's work small; the size of what is sent does not depend on it.
  const b = await agent('agent8', { directory, subscribeMax: 3 });
  const page = new Dispatcher(b);
  const sent: Array<{ event: EventName; payload: unknown }> = [];
  const unsubscribe = page.subscribe((event, payload) => sent.push({ event, payload }));

  // The page's picture: the snapshot, the list once, and the changes after it.
  const answer = async <T>(command: string): Promise<T> => {
    const result = await page.handle(command, {});
    if (!result.ok) throw new Error(result.error.message);
    return result.result as T;
  };
  const snapshot = await answer<Snapshot>('app:snapshot');
  // Every snapshot: the directory's summary, and IT's settings without the 2 000 entries.
  const colleagueBytes = (s: Snapshot) => bytes(s.colleagues) + bytes(s.settings.colleagues);
  expect(colleagueBytes(snapshot)).toBeLessThan(20 * 1024);
  expect(snapshot.colleagues).toMatchObject({ count: DIRECTORY, source: null });
  const list = await answer<ColleagueList>('colleagues:list');
  expect(list.revision).toBe(snapshot.colleagues.revision);
  expect(list.entries).toHaveLength(DIRECTORY);
  const mirror = new Map<string, ColleagueView>(list.entries.map((entry) => [entry.id, entry]));
  let applied = 0;
  page.subscribe((event, payload) => {
    if (event !== 'event:colleagues') return;
    const changes = payload as { revision: number; seq: number; entries: ColleagueView[] };
    if (changes.revision !== list.revision || changes.seq <= list.seq) return;
    for (const entry of changes.entries) mirror.set(entry.id, entry);
    applied++;
  });
  const anna = list.entries[0]!.id;
  await waitFor("B's page sees A ready", () => mirror.get(anna)?.presence === 'ready', 10_000);

  sent.length = 0;
  const appliedBefore = applied;
  a.agent.setState('notReady', 'lunch');
  await waitFor("B's page sees A not ready", () => mirror.get(anna)?.presence === 'notReady', 5000);
  // Whatever else settles in the same moment goes out too before the count is taken.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const changes = sent.filter((s) => s.event === 'event:colleagues').map((s) => s.payload as { entries: ColleagueView[] });
  expect(applied).toBeGreaterThan(appliedBefore);
  expect(changes.flatMap((c) => c.entries.map((e) => e.id))).toEqual(changes.map(() => anna));
  expect(changes.flatMap((c) => c.entries)).toContainEqual(expect.objectContaining({ name: 'Anna Seven', presence: 'notReady', note: 'Not ready: Lunch' }));
  for (const { event, payload } of sent) {
    if (event === 'event:state') expect(colleagueBytes(payload as Snapshot)).toBeLessThan(20 * 1024);
  }
  // What the change cost the page: its event:colleagues batches (a snapshot that went out meanwhile
  // for another reason, B's own timers or line under load, carries the directory's summary only,
  // checked above).
  expect(sent.filter((s) => s.event === 'event:colleagues').reduce((total, s) => total + bytes(s.payload), 0)).toBeLessThan(2 * 1024);
  unsubscribe();
}, 60_000);
