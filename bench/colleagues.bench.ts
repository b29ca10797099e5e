// The colleague directory against a real Kamailio with presence:
//  1. a colleague's state change → shown in the directory: agent A changes state 100 times, and
//     each time agent B's next snapshot (what B's screen gets) shows it; p99;
//  2. a directory of 2 000 colleagues, 200 of them watched (presence + dialog subscriptions):
//     search as the agent types (name, skill, language), p95, and the main process's heap added
//     by the directory and its subscriptions (after a full GC, against the same process before).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ColleagueEntry } from '../src-main/contract';
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

    // 1. A's state change → B's directory.
    const a = startAgent(kamailio, 'agent7', {}, onCleanup);
    const b = startAgent(kamailio, 'agent8', { directory: [{ name: 'Anna', uri: kamailio.uri('agent7') }] }, onCleanup);
    await Promise.all([a.start(), b.start()]);
    await withTimeout(Promise.all([registered(a), registered(b)]), 10_000, 'both registered');
    const shown = (state: string) => (s: ReturnType<Workstation['snapshot']>) => s.colleagues.entries[0]?.presence === state;
    if (!shown('ready')(b.snapshot())) await withTimeout(waitForState(b, shown('ready')), 5000, "B seeing A's first state");
    const delays: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const next = i % 2 === 0 ? 'notReady' : 'ready';
      const seen = waitForState(b, shown(next));
      const started = performance.now();
      a.agent.setState(next, next === 'notReady' ? 'break' : null);
      await withTimeout(seen, 5000, `change ${i + 1} shown`);
      delays.push(performance.now() - started);
    }
    note(`state change → directory: median ${percentile(delays, 50).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms`);
    rows.push(result(`colleagues: state change → shown in the directory, p99 of ${CHANGES}`, percentile(delays, 99), 'ms', goals.below(300, 'ms'), 1));

    // 2. 2 000 colleagues, 200 watched, on B's line.
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
    // For context: the directory travels whole in every snapshot the screen is sent.
    const serialised = sample(50, () => JSON.stringify(view), 5);
    rows.push(result(`colleagues: ${DIRECTORY} entries in a snapshot, size`, JSON.stringify(view).length / 1024, 'KB', goals.none(), 0));
    rows.push(result(`colleagues: ${DIRECTORY} entries in a snapshot, JSON.stringify median`, percentile(serialised, 50), 'ms', goals.none(), 2));
    return rows;
  });
}
