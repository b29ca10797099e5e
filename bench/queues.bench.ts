// Queue login and pause on a real registrar that forks (Kamailio, test/sip/kamailio.cfg with
// WITH_QUEUES): two agents' real Workstations serve the support queue, a customer far end calls
// it. Each round changes agent B's place in the queue (pause, unpause, logout, login, in turn)
// and measures from the change to the next call to the queue ringing the agents it should: A
// alone while B is out or paused, A and B while B serves. The change's REGISTER, the registrar's
// answer and the call's INVITE to ringing in each snapshot are all inside the number.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { Logger } from '../src-main/core/log';
import { Workstation } from '../src-main/core/workstation';
import { FarEnd } from '../test/support/far-end';
import { startKamailio, type Kamailio } from '../test/support/kamailio';
import { resourcesDir } from '../test/support/paths';
import { createWrtcMediaEnd } from '../test/support/wrtc-media';
import { goals, note, now, percentile, result, type BenchResult } from './harness';
import { exitBeforeWrtcTeardown, phase, withCleanups, type OnCleanup } from './sip.bench';

const ROUNDS = 60;
const WARMUP_ROUNDS = 4;
const STEP_TIMEOUT_MS = 10_000;
const ROUTED_GOAL = goals.below(500, 'ms');

const quiet: Logger = { log: () => undefined };

async function until(what: string, check: () => boolean, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!check()) {
    if (now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function startAgent(kamailio: Kamailio, user: string, onCleanup: OnCleanup): Promise<Workstation> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bench-queues-'));
  onCleanup(`${user}'s folder`, () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const configFile = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password: kamailio.users[user] },
      agent: { skills: ['support'] },
      queues: { list: [{ id: 'support', name: 'Support', skill: 'support', address: kamailio.uri('support') }] },
    }),
  );
  const ws = new Workstation({ dataDir, configFile, host: 'web', appVersion: 'bench', resourcesDir, logger: quiet });
  const media = createWrtcMediaEnd();
  ws.media.attach(media.channel);
  onCleanup(`${user}'s workstation`, async () => {
    await ws.stop();
    media.close();
  });
  await ws.start();
  await until(`${user} registered`, () => ws.snapshot().line.status === 'registered');
  await ws.queues.login('support');
  return ws;
}

const ringing = (ws: Workstation) => ws.snapshot().calls.some((c) => c.state === 'ringing');

export async function benchQueues(): Promise<BenchResult[]> {
  exitBeforeWrtcTeardown();
  return withCleanups(async (onCleanup) => {
    const kamailio = await phase('Kamailio up', () => startKamailio({ debug: 1, queues: ['support'] }));
    onCleanup('Kamailio', () => kamailio.stop());
    const customer = await phase('customer far end registered', () => FarEnd.start({ kamailio, user: 'customer' }));
    onCleanup('the customer far end', () => customer.stop());
    const a = await phase('agent A in the queue', () => startAgent(kamailio, 'agent7', onCleanup));
    const b = await phase('agent B in the queue', () => startAgent(kamailio, 'agent8', onCleanup));

    const steps: { name: string; serves: boolean; run: () => Promise<void> | void }[] = [
      { name: 'pause', serves: false, run: () => b.agent.setState('notReady', 'break') },
      { name: 'unpause', serves: true, run: () => b.agent.setState('ready') },
      { name: 'logout', serves: false, run: () => b.queues.logout('support') },
      { name: 'login', serves: true, run: () => b.queues.login('support') },
    ];
    const samples: number[] = [];
    let misrouted = 0;
    await phase(`${ROUNDS} changes, each followed by a call to the queue`, async () => {
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        const step = steps[round % steps.length]!;
        const bCalls = b.callLog.list({ limit: 1000 }).length;
        const t0 = now();
        await step.run();
        await b.queues.settled();
        const call = customer.call(kamailio.uri('support'));
        await until('the queue call ringing', () => ringing(a) && (!step.serves || ringing(b)));
        const t1 = now();
        if (round >= WARMUP_ROUNDS) samples.push(t1 - t0);
        await call.hangup();
        await until('the ringing stopped', () => !ringing(a) && !ringing(b));
        // The paused or logged-out agent never got the call (a ring there would be in their log).
        if (!step.serves && b.callLog.list({ limit: 1000 }).length !== bCalls) misrouted++;
      }
    });
    if (misrouted > 0) note(`${misrouted} calls reached agent B while B was out of the queue`);
    return [
      result('Queue login/pause to the next queue call routed accordingly p50', percentile(samples, 50), 'ms', goals.none()),
      result('Queue login/pause to the next queue call routed accordingly p99', percentile(samples, 99), 'ms', ROUTED_GOAL),
      result('Queue calls that reached an agent out of the queue', misrouted, 'calls', goals.atMost(0), 0),
    ];
  });
}
