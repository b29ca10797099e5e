// A silently dead WebSocket, found and healed: the agent's Workstation reaches a real Kamailio
// through a TCP relay (test/support/blackhole-proxy.ts) that is made to carry nothing, without
// closing anything, as a NAT that dropped the connection's state. Measured from that moment:
//  1. until the line leaves 'registered' (the keep-alive noticed),
//  2. until it is registered again over a new connection (what the agent waits for).
// Default settings (sip.keepAliveSeconds 2, reconnect 1–4 s). Each loss falls at a random moment
// of the ping interval, so the runs spread over the best and worst case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src-main/core/log';
import { Workstation } from '../src-main/core/workstation';
import { startBlackholeProxy } from '../test/support/blackhole-proxy';
import { startKamailio } from '../test/support/kamailio';
import { resourcesDir } from '../test/support/paths';
import { goals, note, now, percentile, result, type BenchResult } from './harness';
import { phase, waitForState, withCleanups, withTimeout } from './sip.bench';

const RUNS = 8;
const STEP_TIMEOUT_MS = 30_000;
const HEALED_GOAL = goals.below(10_000, 'ms');

export async function benchKeepAlive(): Promise<BenchResult[]> {
  return withCleanups(async (onCleanup) => {
    const kamailio = await phase('Kamailio up', () => startKamailio({ debug: 1 }));
    onCleanup('Kamailio', () => kamailio.stop());
    const proxy = await startBlackholeProxy(kamailio.wsPort);
    onCleanup('the relay', () => proxy.close());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bench-keepalive-'));
    onCleanup(`temp folder ${dataDir}`, () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const configFile = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({ sip: { websocketUrl: proxy.url, uri: kamailio.uri('agent7'), password: kamailio.users.agent7 }, training: { autoStart: false } }),
    );
    const ws = new Workstation({ dataDir, configFile, host: 'web', appVersion: 'bench', resourcesDir, logger: silentLogger });
    onCleanup('the workstation', () => ws.stop());
    const registered = waitForState(ws, (s) => s.line.status === 'registered');
    await ws.start();
    await withTimeout(registered, STEP_TIMEOUT_MS, 'first registration');

    const detected: number[] = [];
    const healed: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Let the new connection settle, then lose it at a random moment of the ping interval.
      await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
      const gone = waitForState(ws, (s) => s.line.status !== 'registered').then(() => now());
      const back = gone.then(() => waitForState(ws, (s) => s.line.status === 'registered')).then(() => now());
      const lost = now();
      proxy.blackhole();
      detected.push((await withTimeout(gone, STEP_TIMEOUT_MS, `run ${i + 1}: line leaves registered`)) - lost);
      healed.push((await withTimeout(back, STEP_TIMEOUT_MS, `run ${i + 1}: registered again`)) - lost);
    }
    note(`dead WebSocket → registered again: ${healed.map((t) => (t / 1000).toFixed(2)).join(', ')} s`);
    return [
      result('silently dead WebSocket → line leaves registered p50', percentile(detected, 50), 'ms', goals.none()),
      result('silently dead WebSocket → detected and re-registered p50', percentile(healed, 50), 'ms', goals.none()),
      result('silently dead WebSocket → detected and re-registered p99', percentile(healed, 99), 'ms', HEALED_GOAL),
    ];
  });
}
