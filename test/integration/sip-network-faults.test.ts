// The desk's own network fails mid-call, for real: the agent (a Workstation with the wrtc media
// end) runs in a network namespace of the test's own, behind a veth pair; Kamailio and the
// customer stay in the root namespace on the pair's root address. The link goes down and up,
// the agent's address changes; the call survives, and audio is measured at both ends again.
// Only addresses of the namespace made here are used; nothing leaves the machine.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { canMakeNetns, createNetns, type Netns } from '../support/netns';
import { startNetnsAgent, type NetnsAgent } from '../support/netns-agent-host';
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
afterEach(async () => {
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
  agent = await startNetnsAgent(ns, {
    sip: { websocketUrl: `ws://${ns.rootAddress}:${kamailio.wsPort}`, uri: kamailio.uri('agent7'), password: 'secret7', reconnectMaxSeconds: 2, ...sip },
  });
  const a = agent;
  await waitFor('agent registered', async () => (await a.snapshot()).line.status === 'registered', 10_000, 100);
  const farCall = customer.call(kamailio.uri('agent7'));
  onlyRootAddress(farCall);
  let callId = '';
  await waitFor('a ringing call', async () => {
    callId = (await a.snapshot()).calls.find((c) => c.state === 'ringing')?.id ?? '';
    return callId !== '';
  }, 10_000, 100);
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
});
