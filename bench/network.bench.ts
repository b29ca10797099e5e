// Calls over a failing desk network (issue 13): the agent in a network namespace of its own
// behind a veth pair (test/support/netns.ts), Kamailio and a far end that keeps the call (a
// JsSIP peer, as a media relay does) in the root namespace. One call; the link goes down for
// 30 s and up again RUNS times, then the agent's address changes RUNS times. Measured: from the
// link coming up (or the address change) to audio heard at the far end again. Needs root.
import { FarEnd, type FarCall } from '../test/support/far-end';
import { startKamailio } from '../test/support/kamailio';
import { canMakeNetns, createNetns, type Netns } from '../test/support/netns';
import { startNetnsAgent } from '../test/support/netns-agent-host';
import { goals, note, now, percentile, result, type BenchResult } from './harness';
import { exitBeforeWrtcTeardown, phase, withCleanups } from './sip.bench';

const RUNS = 10;
const OUTAGE_MS = 30_000;
const LINK_GOAL = goals.below(2000, 'ms');
const ADDRESS_GOAL = goals.below(3000, 'ms');

export async function benchNetwork(): Promise<BenchResult[]> {
  if (!canMakeNetns()) {
    note('network: skipped (needs root and iproute2 for network namespaces)');
    return [];
  }
  exitBeforeWrtcTeardown();
  return withCleanups(async (onCleanup) => {
    const ns = createNetns();
    onCleanup('the network namespace', () => ns.remove());
    const kamailio = await phase('Kamailio up', () => startKamailio({ debug: 1, extraWsAddress: ns.rootAddress }));
    onCleanup('Kamailio', () => kamailio.stop());
    const customer = await FarEnd.start({ kamailio, user: 'customer', iceCandidates: 'all', keepCallOnIceFailure: true });
    onCleanup('the customer far end', () => customer.stop());
    const agent = await phase('agent in the namespace registered', async () => {
      const started = await startNetnsAgent(ns, { sip: { websocketUrl: `ws://${ns.rootAddress}:${kamailio.wsPort}`, uri: kamailio.uri('agent7'), password: 'secret7', reconnectMaxSeconds: 2 } });
      await until(async () => (await started.snapshot()).line.status === 'registered', 10_000, 'registered');
      return started;
    });
    onCleanup('the agent', () => agent.stop());

    const farCall = customer.call(kamailio.uri('agent7'));
    onlyRootAddress(farCall, ns);
    let callId = '';
    await until(async () => (callId = (await agent.snapshot()).calls.find((c) => c.state === 'ringing')?.id ?? '') !== '', 10_000, 'ringing');
    await agent.answer(callId);
    await farCall.waitForState('confirmed');
    await farCall.audio.waitForAudio(50, { since: farCall.audio.mark() });

    const afterLink: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ns.linkDown();
      await sleep(OUTAGE_MS);
      const mark = farCall.audio.mark();
      const up = now();
      ns.linkUp();
      await farCall.audio.waitForAudio(20, { since: mark, timeoutMs: 60_000 });
      afterLink.push(now() - up);
      note(`link down ${OUTAGE_MS / 1000} s, up: audio back at the far end after ${afterLink.at(-1)!.toFixed(0)} ms (${i + 1}/${RUNS})`);
      await sleep(2000);
    }
    const afterAddress: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const changed = now();
      ns.changeAddress();
      // The far end still plays what was on its way: audio counts once it is new after a gap.
      await farCall.audio.waitForSilence(5, { timeoutMs: 3000 }).catch(() => undefined);
      await farCall.audio.waitForAudio(20, { since: farCall.audio.mark(), timeoutMs: 60_000 });
      afterAddress.push(now() - changed);
      note(`address changed: audio back at the far end after ${afterAddress.at(-1)!.toFixed(0)} ms (${i + 1}/${RUNS})`);
      await sleep(2000);
    }
    if (farCall.state !== 'confirmed') throw new Error(`the call ended during the benchmark: ${JSON.stringify(farCall.end)}`);
    await farCall.hangup().catch(() => undefined);

    return [
      result(`SIP call: link down ${OUTAGE_MS / 1000} s, up → audio at the far end p50`, percentile(afterLink, 50), 'ms', goals.none()),
      result(`SIP call: link down ${OUTAGE_MS / 1000} s, up → audio at the far end p99`, percentile(afterLink, 99), 'ms', LINK_GOAL),
      result('SIP call: address change → audio at the far end p50', percentile(afterAddress, 50), 'ms', goals.none()),
      result('SIP call: address change → audio at the far end p99', percentile(afterAddress, 99), 'ms', ADDRESS_GOAL),
    ];
  });
}

function onlyRootAddress(farCall: FarCall, ns: Netns): void {
  farCall.session.on('sdp', (e: { originator: string; sdp: string }) => {
    if (e.originator === 'local') e.sdp = e.sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:') || line.includes(` ${ns.rootAddress} `)).join('\r\n');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!(await check())) {
    if (now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
