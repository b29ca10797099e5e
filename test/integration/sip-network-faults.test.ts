// The desk's own network fails mid-call, for real: the agent (a Workstation with the wrtc media
// end) runs in a network namespace of the test's own, behind a veth pair; Kamailio and the
// customer stay in the root namespace on the pair's root address. The link goes down and up,
// the agent's address changes, a firewall inside the namespace drops the WebSocket's packets
// without a word; the call survives, and audio is measured at both ends again. The same
// firewall drops media packets at random, and the call's quality shows it.
// Only addresses of the namespace made here are used; nothing leaves the machine.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { canMakeNetns, createNetns, type FirewallRule, type Netns } from '../support/netns';
import { startRegisteredAgent, type NetnsAgent } from '../support/netns-agent-host';
import { waitFor } from '../support/wrtc-media';

const enabled = canMakeNetns();
let ns: Netns;
let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  if (!enabled) return;
  ns = createNetns();
  kamailio = await startKamailio({ extraWsAddress: ns.rootAddress });
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin', iceCandidates: 'all', keepCallOnIceFailure: true });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
  ns?.remove();
});

let agent: NetnsAgent | null = null;
/** Firewall rules of the running test, taken out after it whatever happened. */
const rules: FirewallRule[] = [];
afterEach(async () => {
  for (const rule of rules.splice(0)) rule.remove();
  ns?.linkUp();
  await agent?.stop();
  agent = null;
});

/** The customer's SDP offers only the veth's root address: the one the namespace can reach. */
function onlyRootAddress(farCall: FarCall): void {
  farCall.session.on('sdp', (e: { originator: string; sdp: string }) => {
    if (e.originator !== 'local') return;
    e.sdp = e.sdp
      .split('\r\n')
      .filter((line) => !line.startsWith('a=candidate:') || line.includes(` ${ns.rootAddress} `))
      .join('\r\n');
  });
}

async function startCall(sip: Record<string, unknown> = {}): Promise<{ farCall: FarCall; callId: string }> {
  agent = await startRegisteredAgent(ns, kamailio, sip);
  const a = agent;
  const farCall = customer.call(kamailio.uri('agent7'));
  onlyRootAddress(farCall);
  let callId = '';
  await waitFor(
    'a ringing call',
    async () => {
      callId = (await a.snapshot()).calls.find((c) => c.state === 'ringing')?.id ?? '';
      return callId !== '';
    },
    10_000,
    100,
  );
  await a.answer(callId);
  await farCall.waitForState('confirmed');
  await bothHear(farCall, 'at first');
  return { farCall, callId };
}

async function bothHear(farCall: FarCall, when: string, timeoutMs = 10_000): Promise<void> {
  const a = agent!;
  const far = farCall.audio.mark();
  const heard = await a.audible();
  await farCall.audio.waitForAudio(50, { since: far, timeoutMs });
  await waitFor(`the agent hears the customer ${when}`, async () => (await a.audible()) > heard + 50, timeoutMs, 100);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!enabled)("the desk's network fails mid-call (network namespaces)", () => {
  it('link down for 5 s, then up: the call stays, audio returns at both ends', async () => {
    const { farCall, callId } = await startCall();
    ns.linkDown();
    await sleep(5000);
    ns.linkUp();
    await bothHear(farCall, 'after the 5 s outage', 20_000);
    expect((await agent!.snapshot()).calls[0]).toMatchObject({ id: callId, state: 'active' });
    expect(farCall.state).toBe('confirmed');
    await farCall.hangup();
  }, 60_000);

  it('link down for 30 s, then up: the call stays, audio returns at both ends', async () => {
    const { farCall, callId } = await startCall();
    ns.linkDown();
    const down = Date.now();
    // The agent sees why nobody speaks, and that the call is being kept.
    await waitFor('the call shown as reconnecting', async () => (await agent!.snapshot()).calls[0]?.reconnecting === true, 15_000, 100);
    await sleep(30_000 - (Date.now() - down));
    ns.linkUp();
    await bothHear(farCall, 'after the 30 s outage', 30_000);
    await waitFor('the call no longer shown as reconnecting', async () => (await agent!.snapshot()).calls[0]?.reconnecting === false, 10_000, 100);
    expect((await agent!.snapshot()).calls[0]).toMatchObject({ id: callId, state: 'active' });
    expect(farCall.state).toBe('confirmed');
    await farCall.hangup();
  }, 120_000);

  it("the agent's address changes mid-call: the call stays, audio returns at both ends", async () => {
    const { farCall, callId } = await startCall();
    ns.changeAddress();
    await bothHear(farCall, 'after the address change', 20_000);
    expect((await agent!.snapshot()).calls[0]).toMatchObject({ id: callId, state: 'active' });
    expect(farCall.state).toBe('confirmed');
    await farCall.hangup();
  }, 60_000);

  it("the WebSocket's packets are dropped without a word (iptables), then let through: the line reconnects, the call stays, the customer's hangup reaches the desk", async () => {
    const { farCall, callId } = await startCall();
    const silent = ns.dropTcp(kamailio.wsPort);
    rules.push(silent);
    // No FIN, no RST: only the keep-alive can tell (twice its 2 s default, with room for a loaded machine).
    await waitFor('the line shown as reconnecting', async () => (await agent!.snapshot()).line.status === 'reconnecting', 10_000, 100);
    // The media path is untouched: the two go on hearing each other while signalling is cut.
    await bothHear(farCall, 'while the WebSocket is cut');
    silent.remove();
    await waitFor(
      'the line registered again',
      async () => {
        const line = (await agent!.snapshot()).line;
        return line.status === 'registered' && line.lastOutage !== undefined;
      },
      30_000,
      100,
    );
    await bothHear(farCall, 'after the WebSocket came back');
    expect((await agent!.snapshot()).calls[0]).toMatchObject({ id: callId, state: 'active' });
    // The customer's BYE finds the desk over its new connection (the re-INVITE told the far end).
    await farCall.hangup();
    await waitFor('the call ended at the desk', async () => (await agent!.snapshot()).calls.length === 0, 10_000, 100);
    expect(await agent!.callLog(callId)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
  }, 90_000);
});

describe.skipIf(!enabled)('the line after a network change', () => {
  it('an address the line does not use comes and goes mid-call: the line keeps its connection, the call its audio', async () => {
    const { farCall, callId } = await startCall();
    const other = ns.otherAddress();
    const seen = async (how: 'gained' | 'lost') =>
      (await agent!.logs()).some(
        (entry) => entry.message === 'network addresses changed' && ((entry.fields?.[how] as string[] | undefined) ?? []).includes(other.address),
      );
    await waitFor('the new address seen', () => seen('gained'), 5000, 100);
    other.remove();
    await waitFor('the address seen going', () => seen('lost'), 5000, 100);
    // A reconnect here would show as an outage of the line (and cost the call a re-INVITE).
    await sleep(1000);
    const { line, calls } = await agent!.snapshot();
    expect(line).toMatchObject({ status: 'registered' });
    expect(line.lastOutage).toBeUndefined();
    expect(calls[0]).toMatchObject({ id: callId, state: 'active' });
    expect(calls[0]!.reconnecting).toBeFalsy();
    await bothHear(farCall, 'after the other address went');
    await farCall.hangup();
  }, 60_000);

  it('a connection that fails right after the address changed is tried again at once, not after the reconnect wait', async () => {
    // A reconnect wait far longer than the deadline below: only a retry of its own brings the line back in time.
    agent = await startRegisteredAgent(ns, kamailio, { reconnectMinSeconds: 20, reconnectMaxSeconds: 20 });
    const a = agent;
    // The first connection after the change fails, as one whose SYN waited on a stale ARP entry does.
    const refused = ns.refuseTcp(kamailio.wsPort);
    rules.push(refused);
    ns.changeAddress();
    await waitFor('the reconnect refused', async () => (await a.snapshot()).line.status === 'unreachable', 10_000, 50);
    refused.remove();
    await waitFor('the line registered again', async () => (await a.snapshot()).line.status === 'registered', 8000, 100);
  }, 60_000);
});

describe.skipIf(!enabled)("the desk's line loses packets (iptables inside the namespace)", () => {
  /** A call talked on for `seconds`; the call as the agent's screen showed it last, and its stored summary. */
  async function talk(seconds: number, loss?: number) {
    const { farCall, callId } = await startCall();
    if (loss !== undefined) rules.push(ns.loseUdp(loss));
    await sleep(seconds * 1000);
    const last = (await agent!.snapshot()).calls[0]!;
    await farCall.hangup();
    await waitFor('the call ended at the desk', async () => (await agent!.snapshot()).calls.length === 0, 10_000, 100);
    return { last, summary: (await agent!.callLog(callId))!.quality! };
  }

  it('a clean call scores good, MOS ≥ 4, and its summary is stored', async () => {
    const clean = await talk(4);
    expect(clean.last.quality).toMatchObject({ grade: 'good', breakingUp: false });
    expect(clean.last.quality!.mos).toBeGreaterThanOrEqual(4);
    expect(clean.summary.mosAvg).toBeGreaterThanOrEqual(4);
    expect(clean.summary.poorSeconds).toBe(0);
  }, 60_000);

  it('a fifth of the UDP packets dropped at random: the indicator drops, the line is breaking up, the stored summary is worse', async () => {
    const lossy = await talk(7, 0.2);
    expect(lossy.last.quality!.grade).not.toBe('good');
    expect(lossy.last.quality!.mos).toBeLessThan(4);
    expect(lossy.last.quality!.breakingUp).toBe(true);
    expect(lossy.summary.lossPercent).toBeGreaterThan(8);
    expect(lossy.summary.mosAvg).toBeLessThan(4);
    expect(lossy.summary.poorSeconds).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
