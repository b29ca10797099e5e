// The colleague directory against a real Kamailio with presence:
//  1. a colleague's state change → shown in the directory: agent A changes state 100 times, and
//     each time agent B's page (its copy of the directory, fed by B's Dispatcher: the list once,
//     then `event:colleagues`) shows it; p99; and the bytes B's Dispatcher sent the page for each
//     change (every event, as JSON), while B's directory lists 2 000 colleagues, 200 watched;
//  2. the same B's snapshot, what of it is the directory's, and the list the page fetches once;
//  3. a directory of 2 000 colleagues, 200 of them watched (presence + dialog subscriptions):
//     search as the agent types (name, skill, language), p95, and the main process's heap added
//     by the directory and its subscriptions (after a full GC, against the same process before).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Dispatcher } from '../src-main/api/dispatcher';
import type { ColleagueChanges, ColleagueEntry, ColleagueList, ColleagueView, Snapshot } from '../src-main/contract';
import { systemClock } from '../src-main/core/clock';
import { ColleagueDirectory } from '../src-main/core/colleagues/colleague-directory';
import { silentLogger } from '../src-main/core/log';
import { Workstation } from '../src-main/core/workstation';
import { searchColleagues } from '../src-main/shared/colleagues';
import { startKamailio, type Kamailio } from '../test/support/kamailio';
import { resourcesDir } from '../test/support/paths';
import { goals, note, percentile, result, sample, type BenchResult } from './harness';
import { phase, waitForState, withCleanups, withTimeout } from './sip.bench';

const CHANGES = 100;
const DIRECTORY = 2000;
const WATCHED = 200;

function startAgent(kamailio: Kamailio, user: string, colleagues: Record<string, unknown>, onCleanup: (what: string, run: () => unknown) => void): Workstation {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `anlauf-bench-colleagues-${user}-`));
  onCleanup(`temp folder ${dataDir}`, () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const configFile = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(configFile, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password: kamailio.users[user] }, colleagues }));
  const ws = new Workstation({ dataDir, configFile, host: 'web', appVersion: 'bench', resourcesDir, logger: silentLogger });
  onCleanup(`workstation ${user}`, () => ws.stop());
  return ws;
}

/**
 * A page of B's: the snapshot and the list fetched through the Dispatcher, the list kept current
 * from `event:colleagues` as the renderer's slice does, and every byte of every event counted.
 */
async function pageOf(ws: Workstation) {
  const dispatcher = new Dispatcher(ws);
  let bytes = 0;
  let seen: (() => void) | null = null;
  const ask = async <T>(command: string): Promise<{ value: T; bytes: number }> => {
    const answer = await dispatcher.handle(command, {});
    if (!answer.ok) throw new Error(answer.error.message);
    return { value: answer.result as T, bytes: Buffer.byteLength(JSON.stringify(answer.result)) };
  };
  const list = await ask<ColleagueList>('colleagues:list');
  const entries = new Map<string, ColleagueView>(list.value.entries.map((e) => [e.id, e]));
  let seq = list.value.seq;
  const off = dispatcher.subscribe((event, payload) => {
    bytes += Buffer.byteLength(JSON.stringify(payload));
    if (event !== 'event:colleagues') return;
    const changes = payload as ColleagueChanges;
    if (changes.revision !== list.value.revision || changes.seq <= seq) return;
    seq = changes.seq;
    for (const entry of changes.entries) entries.set(entry.id, entry);
    seen?.();
  });
  return {
    entries,
    listBytes: list.bytes,
    snapshot: () => ask<Snapshot>('app:snapshot'),
    /** Bytes sent to the page since the last call. */
    takeBytes: () => {
      const taken = bytes;
      bytes = 0;
      return taken;
    },
    /** Resolves when the page's copy passes `test`. */
    until: (test: () => boolean) =>
      new Promise<void>((resolve) => {
        if (test()) return resolve();
        seen = () => {
          if (!test()) return;
          seen = null;
          resolve();
        };
      }),
    close: off,
  };
}

const registered = (ws: Workstation) =>
  ws.snapshot().line.status === 'registered' ? Promise.resolve() : waitForState(ws, (s) => s.line.status === 'registered').then(() => undefined);

/** A full garbage collection, for heap figures that mean what they say. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

const SKILLS = ['fault', 'contract', 'billing', 'moving', 'solar', 'heat', 'gas', 'water', 'internet', 'tv'];
const LANGUAGES = ['de', 'en', 'tr', 'pl', 'ru', 'ar', 'fr', 'it'];
const FIRST = ['Anna', 'Ben', 'Cem', 'Dora', 'Emil', 'Fatma', 'Gregor', 'Hanna', 'Ilse', 'Jonas', 'Katrin', 'Lukas'];
const LAST = ['Becker', 'Schulz', 'Yilmaz', 'Nowak', 'Meier', 'Wagner', 'Koch', 'Richter', 'Klein', 'Wolf'];

function directoryOf(size: number, domain: string): ColleagueEntry[] {
  return Array.from({ length: size }, (_, i) => ({
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`,
    uri: `sip:colleague${i}@${domain}`,
    client: i % 3 === 0 ? 'stadtwerke' : null,
    skills: [SKILLS[i % SKILLS.length]!, SKILLS[(i * 7) % SKILLS.length]!],
    languages: ['de', LANGUAGES[i % LANGUAGES.length]!],
  }));
}

export async function benchColleagues(): Promise<BenchResult[]> {
  return withCleanups(async (onCleanup) => {
    const kamailio = await phase('Kamailio with presence up', () => startKamailio({ debug: 1, presence: true }));
    onCleanup('Kamailio', () => kamailio.stop());
    const rows: BenchResult[] = [];

    // 1. A's state change → B's page, B's directory being 2 000 colleagues (A first), 200 watched.
    const a = startAgent(kamailio, 'agent7', {}, onCleanup);
    const large = directoryOf(DIRECTORY, kamailio.domain).map((entry, i) => (i === 0 ? { ...entry, name: 'Anna', uri: kamailio.uri('agent7') } : entry));
    const b = startAgent(kamailio, 'agent8', { directory: large, subscribeMax: WATCHED }, onCleanup);
    await Promise.all([a.start(), b.start()]);
    await withTimeout(Promise.all([registered(a), registered(b)]), 10_000, 'both registered');
    const page = await pageOf(b);
    onCleanup("B's page", () => page.close());
    const anna = [...page.entries.keys()][0]!;
    const shows = (state: string) => () => page.entries.get(anna)?.presence === state;
    await withTimeout(page.until(shows('ready')), 10_000, "B's page seeing A's first state");
    await phase(`${WATCHED} of B's ${DIRECTORY} colleagues with their state`, async () => {
      const deadline = Date.now() + 30_000;
      while ([...page.entries.values()].filter((e) => e.presence !== 'unknown' && e.call !== 'unknown').length < WATCHED) {
        if (Date.now() > deadline) throw new Error("B's watched colleagues did not all get their state within 30 s");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const delays: number[] = [];
    const perChange: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const next = i % 2 === 0 ? 'notReady' : 'ready';
      page.takeBytes();
      const seen = page.until(shows(next));
      const started = performance.now();
      a.agent.setState(next, next === 'notReady' ? 'break' : null);
      await withTimeout(seen, 5000, `change ${i + 1} shown`);
      delays.push(performance.now() - started);
      perChange.push(page.takeBytes());
    }
    note(`state change → directory: median ${percentile(delays, 50).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms`);
    note(`bytes to B's page per change: median ${percentile(perChange, 50)}, max ${Math.max(...perChange)}`);
    rows.push(result(`colleagues: state change → shown in the directory, p99 of ${CHANGES}`, percentile(delays, 99), 'ms', goals.below(300, 'ms'), 1));
    rows.push(
      result(
        `colleagues: bytes to the page per state change (${DIRECTORY} listed), max of ${CHANGES}`,
        Math.max(...perChange) / 1024,
        'KB',
        goals.below(2, 'KB'),
        2,
      ),
    );

    // 2. What B's snapshot carries of the directory, and the list a page fetches once per revision.
    const { value: snapshot, bytes: snapshotBytes } = await page.snapshot();
    const directoryBytes = Buffer.byteLength(JSON.stringify(snapshot.colleagues)) + Buffer.byteLength(JSON.stringify(snapshot.settings.colleagues));
    const serialised = sample(50, () => JSON.stringify(b.snapshot()), 5);
    rows.push(result(`colleagues: directory's part of a snapshot (${DIRECTORY} listed)`, directoryBytes / 1024, 'KB', goals.below(20, 'KB'), 2));
    rows.push(result(`colleagues: whole snapshot (${DIRECTORY} listed)`, snapshotBytes / 1024, 'KB', goals.below(50, 'KB'), 1));
    rows.push(result(`colleagues: snapshot JSON.stringify median (${DIRECTORY} listed)`, percentile(serialised, 50), 'ms', goals.none(), 2));
    rows.push(result(`colleagues: the list, fetched once per revision (${DIRECTORY} entries)`, page.listBytes / 1024, 'KB', goals.none(), 0));

    // 3. 2 000 colleagues, 200 watched, on B's line.
    const entries = directoryOf(DIRECTORY, kamailio.domain);
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const directory = new ColleagueDirectory({
      channel: b.sipLine,
      clock: systemClock,
      logger: silentLogger,
      settings: () => ({ directory: entries, directoryUrl: null, directoryRefreshMinutes: 15, subscribeMax: WATCHED, subscribeExpiresSeconds: 600 }),
    });
    onCleanup('the large directory', () => directory.stop());
    directory.start();
    await phase(`${WATCHED} of ${DIRECTORY} colleagues watched`, async () => {
      const deadline = Date.now() + 30_000;
      while (directory.view().filter((e) => e.presence !== 'unknown' && e.call !== 'unknown').length < WATCHED) {
        if (Date.now() > deadline) throw new Error('the watched colleagues did not all get their state within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const view = directory.view();
    collectGarbage();
    const added = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    const queries = ['a', 'an', 'ann', 'anna', 'fault', 'fault tr', 'yilmaz', 'becker 1', 'gas pl', 'solar de', 'x', 'hanna wolf 7'];
    let q = 0;
    const times = sample(400, () => searchColleagues(view, queries[q++ % queries.length]!, 'stadtwerke'));
    note(`search: median ${percentile(times, 50).toFixed(2)} ms; ${directory.watchedCount} watched`);
    rows.push(result(`colleagues: search ${DIRECTORY} (${WATCHED} watched), p95`, percentile(times, 95), 'ms', goals.below(10, 'ms'), 2));
    rows.push(result(`colleagues: heap added by ${DIRECTORY} colleagues, ${WATCHED} watched`, added, 'MB', goals.below(20, 'MB'), 1));
    return rows;
  });
}
