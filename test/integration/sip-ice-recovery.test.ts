// A call's media path breaks while the call goes on: the line restarts ICE by re-INVITE and the
// audio comes back at both ends, or, when it cannot, the call ends after sip.callRecoverySeconds
// with the reason in the call log and the app log. The path runs through a UDP relay on loopback
// (test/support/path-relay.ts); signalling stays up. Faults of the computer's own network (a link
// down, an address change) need network namespaces and are tested apart.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { UdpRelay } from '../support/path-relay';
import { agentSip, answeredRelayedCall, bothHear, startWorkstationAgent, type TestAgent } from '../support/workstation-agent';
import { waitFor } from '../support/wrtc-media';

let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  // The customer's side keeps the call while its media is gone, as a media relay (rtpengine) does:
  // a plain JsSIP end would hang up on its own ICE failure, racing the agent's restart.
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin', keepCallOnIceFailure: true });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startAgent(sip: Record<string, unknown>): Promise<TestAgent> {
  const agent = await startWorkstationAgent({ sip: { ...agentSip(kamailio), ...sip } });
  cleanups.push(agent.stop);
  return agent;
}

/** A customer's call through the relay, answered, with audio both ways. */
async function callThroughRelay(agent: TestAgent): Promise<{ farCall: FarCall; relay: UdpRelay; callId: string }> {
  const relay = await UdpRelay.start();
  cleanups.push(() => relay.close());
  const { farCall, callId } = await answeredRelayedCall(agent, customer, kamailio.uri('agent7'), relay);
  expect(relay.forwarded).toBeGreaterThan(0);
  return { farCall, relay, callId };
}

describe('a broken media path does not end the call', () => {
  it('the path moves for good (its old ports are gone): the line restarts ICE and the audio comes back at both ends', async () => {
    const agent = await startAgent({ iceGraceSeconds: 1 });
    const { farCall, relay, callId } = await callThroughRelay(agent);
    await relay.move();
    // Nothing arrives on the old path: only a new offer with fresh candidates finds the new one.
    await bothHear(agent, farCall, 'after the path moved', 20_000);
    expect(agent.ws.snapshot().calls[0]).toMatchObject({ id: callId, state: 'active' });
    expect(agent.logs.some((l) => l.message === 'call media interrupted: restarting ICE by re-INVITE')).toBe(true);
    expect(agent.logs.some((l) => l.message === 'call media connected again')).toBe(true);
    await farCall.hangup();
    await waitFor('the call gone', () => agent.ws.snapshot().calls.length === 0);
    expect(agent.ws.callLog.get(callId)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
  }, 60_000);

  it('the path is cut for a while and comes back: the call stays, and the audio returns at both ends', async () => {
    const agent = await startAgent({ iceGraceSeconds: 1 });
    const { farCall, relay, callId } = await callThroughRelay(agent);
    relay.cut();
    await waitFor('the agent hears nothing', async () => {
      const before = agent.media.audible();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return agent.media.audible() === before;
    });
    // Long enough for restarts to go out into the outage and find nothing (a guard: libwebrtc
    // alone heals an outage this short, so this passed before the line restarted ICE too).
    await new Promise((resolve) => setTimeout(resolve, 6000));
    relay.restore();
    await bothHear(agent, farCall, 'after the outage', 20_000);
    expect(agent.ws.snapshot().calls[0]).toMatchObject({ id: callId, state: 'active' });
    await farCall.hangup();
  }, 60_000);

  it('the far end is gone for good: the call ends after sip.callRecoverySeconds, failed, with the reason in the call log and the app log', async () => {
    const agent = await startAgent({ iceGraceSeconds: 1, callRecoverySeconds: 5 });
    const { farCall, relay, callId } = await callThroughRelay(agent);
    relay.cut();
    await waitFor('the call ended', () => agent.ws.snapshot().calls.every((c) => c.id !== callId || c.state === 'ended'), 30_000);
    await waitFor('the call logged as ended', () => agent.ws.callLog.get(callId)?.endAt != null, 5000);
    expect(agent.ws.callLog.get(callId)).toMatchObject({ endCause: 'failed', endedBy: 'system', endReason: 'network-lost' });
    expect(agent.logs.find((l) => l.message === 'call ended: its audio connection did not come back')).toMatchObject({
      level: 'error',
      fields: { seconds: 5, reason: 'network-lost' },
    });
    // The far end learnt it too: the BYE says why.
    await farCall.waitForState('ended', 5000);
  }, 60_000);
});
