// Sleep and wake with a call in progress. While the computer sleeps its WebSocket to the SIP server
// is reset and nothing can reach the server, and the call's media path is gone; on waking, Electron's
// power monitor calls SipLine.refresh() (src-main/electron/power.ts → main.ts). The line must only
// restart its transport: reconnect, register again, and restart the call's ICE by re-INVITE. The
// signalling path is a TCP relay that refuses connections while "asleep"
// (test/support/blackhole-proxy.ts); the media path is a UDP relay that drops every packet meanwhile
// (test/support/path-relay.ts). Kamailio, both peers and their audio are real.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { UdpRelay } from '../support/path-relay';
import { agentSip, answeredRelayedCall, bothHear, startWorkstationAgent, type TestAgent } from '../support/workstation-agent';
import { waitFor } from '../support/wrtc-media';

let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  // The customer's side keeps the call while its media is gone, as a media relay (rtpengine) does.
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin', keepCallOnIceFailure: true });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

const cleanups: (() => Promise<void> | void)[] = [];
let lastAgent: TestAgent | null = null;
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && lastAgent)
    console.log(
      `--- agent ---\n${lastAgent.logs
        .slice(-40)
        .map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields ?? {})}`)
        .join('\n')}`,
    );
  lastAgent = null;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The agent behind the sleeping path, with default settings unless a test says otherwise: what a desk gets without IT changing anything. */
async function startAgent(websocketUrl: string, sip: Record<string, unknown> = {}): Promise<TestAgent> {
  const agent = await startWorkstationAgent({ sip: { ...agentSip(kamailio), websocketUrl, ...sip } });
  cleanups.push(agent.stop);
  lastAgent = agent;
  return agent;
}

describe('sleep and wake during a call', () => {
  it('on waking the line registers again within seconds, the call is still up on both ends, and both hear each other again', async () => {
    const proxy: BlackholeProxy = await startBlackholeProxy(kamailio.wsPort);
    cleanups.push(() => proxy.close());
    const agent = await startAgent(proxy.url);
    const { ws } = agent;

    const relay = await UdpRelay.start();
    cleanups.push(() => relay.close());
    const { farCall, callId } = await answeredRelayedCall(agent, customer, kamailio.uri('agent7'), relay);

    // Asleep: the WebSocket is reset, reconnecting is refused, and no media passes.
    proxy.offline();
    relay.cut();
    await waitFor('the line lost its connection', () => ws.snapshot().line.status !== 'registered', 10_000);
    // Long enough for ICE to give the path up and for JsSIP's own reconnects to fail a few times.
    await waitFor("the call's media noticed", () => ws.snapshot().calls[0]?.reconnecting === true, 15_000);
    const refusedSoFar = proxy.connections;

    // Wake: the network is back, and the power monitor tells the line.
    proxy.online();
    relay.restore();
    ws.sipLine!.refresh();
    await waitFor('registered again', () => ws.snapshot().line.status === 'registered', 5000);
    expect(proxy.connections).toBeGreaterThan(refusedSoFar);
    expect(ws.snapshot().calls).toEqual([expect.objectContaining({ id: callId, state: 'active' })]);
    expect(farCall.state).toBe('confirmed');
    await bothHear(agent, farCall, 'after waking');
    await waitFor('the call no longer shown as reconnecting', () => ws.snapshot().calls[0]?.reconnecting !== true, 10_000);

    // The call goes on as any other: the customer's hangup reaches the desk.
    await farCall.hangup();
    await waitFor('the call ended at the desk', () => ws.snapshot().calls.length === 0, 5000);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
  }, 90_000);

  it('when the WebSocket died silently during the sleep (no FIN), waking finds it at once and the call comes back too', async () => {
    const proxy: BlackholeProxy = await startBlackholeProxy(kamailio.wsPort);
    cleanups.push(() => proxy.close());
    // Pings a minute apart: while "asleep" nothing notices the dead connection, as in a real sleep.
    const agent = await startAgent(proxy.url, { keepAliveSeconds: 60 });
    const { ws } = agent;
    const relay = await UdpRelay.start();
    cleanups.push(() => relay.close());
    const { farCall, callId } = await answeredRelayedCall(agent, customer, kamailio.uri('agent7'), relay);

    // Asleep: the NAT forgot the connection, and media has no path.
    proxy.blackhole();
    relay.cut();
    await waitFor("the call's media noticed", () => ws.snapshot().calls[0]?.reconnecting === true, 15_000);

    relay.restore();
    ws.sipLine!.refresh();
    await waitFor('registered over a new connection', () => proxy.connections === 2 && ws.snapshot().line.status === 'registered', 10_000);
    expect(ws.snapshot().calls).toEqual([expect.objectContaining({ id: callId, state: 'active' })]);
    expect(farCall.state).toBe('confirmed');
    await bothHear(agent, farCall, 'after waking');
  }, 90_000);
});
