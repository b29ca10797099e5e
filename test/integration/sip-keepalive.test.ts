// A dead signalling path is found within seconds. The fault is real: a TCP relay between the agent
// and Kamailio stops carrying bytes without closing anything (a NAT that dropped the connection's
// state). Network namespaces with iptables would do the same one layer down; the relay needs no
// root and makes exactly the fault the issue describes: a WebSocket that is silently dead.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { Workstation } from '../../src-main/core/workstation';
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { startWsFront, type WsFront } from '../support/ws-front';
import { agentSip, startWorkstationAgent, type TestAgent } from '../support/workstation-agent';
import { waitFor } from '../support/wrtc-media';

let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin' });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An agent on `websocketUrl`, with the default keep-alive settings unless a test says otherwise: what a desk gets without IT changing anything. */
async function startAgent(websocketUrl: string, sip: Record<string, unknown> = {}): Promise<TestAgent> {
  const agent = await startWorkstationAgent({ sip: { ...agentSip(kamailio), websocketUrl, ...sip } });
  cleanups.push(agent.stop);
  return agent;
}

async function proxyTo(port: number): Promise<BlackholeProxy> {
  const proxy = await startBlackholeProxy(port);
  cleanups.push(() => proxy.close());
  return proxy;
}

async function ringing(ws: Workstation): Promise<CallView> {
  await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
  return ws.snapshot().calls.find((c) => c.state === 'ringing')!;
}

/** Both directions carry audio now: the customer hears the agent, the agent hears the customer. */
async function audioBothWays(agent: TestAgent, farCall: ReturnType<FarEnd['call']>): Promise<void> {
  await farCall.audio.waitForAudio(50, { timeoutMs: 10_000 });
  const heard = agent.media.audible();
  await waitFor('the agent hears the customer', () => agent.media.audible() > heard + 50, 10_000);
}

/** The customer calls, the agent answers, and the two hear each other. */
async function answeredCall(agent: TestAgent): Promise<{ farCall: ReturnType<FarEnd['call']>; call: CallView }> {
  const farCall = customer.call(kamailio.uri('agent7'));
  const call = await ringing(agent.ws);
  await agent.ws.phone.answer(call.id);
  await farCall.waitForState('confirmed');
  await audioBothWays(agent, farCall);
  return { farCall, call };
}

/**
 * After the line reconnected, the call is still up and carries audio both ways, and the caller's
 * hangup still reaches the desk.
 */
async function callGoesOn(agent: TestAgent, farCall: ReturnType<FarEnd['call']>, call: CallView): Promise<void> {
  const { ws } = agent;
  expect(ws.snapshot().calls).toEqual([expect.objectContaining({ id: call.id, state: 'active' })]);
  // Media goes peer to peer, never through the dead path.
  await audioBothWays(agent, farCall);
  // The BYE follows the far end's route set to the desk's Contact: it must name the new connection.
  await waitFor('the desk told the far end its new connection', () => agent.logs.some((l) => l.message === 'call refreshed after the reconnect'), 10_000);
  await farCall.hangup();
  await waitFor('the call ended at the desk', () => ws.snapshot().calls.length === 0, 5000);
  expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
}

describe('a silently dead WebSocket to the SIP server', () => {
  it('is found by the keep-alive: the line shows reconnecting, registers again, rings, and says how long it was down', async () => {
    const proxy = await proxyTo(kamailio.wsPort);
    const agent = await startAgent(proxy.url);
    const { ws } = agent;
    expect(ws.snapshot().line.lastOutage).toBeUndefined();

    proxy.blackhole();
    const lost = Date.now();
    // Generous bound: the figure itself is the benchmark's (bench/keepalive.bench.ts).
    await waitFor('the line no longer registered', () => ws.snapshot().line.status !== 'registered', 20_000);
    await waitFor('registered again', () => ws.snapshot().line.status === 'registered', 20_000);
    const back = Date.now();
    expect(agent.statuses.slice(agent.statuses.indexOf('registered'))).toEqual(['registered', 'reconnecting', 'registered']);
    expect(proxy.connections).toBe(2);
    expect(agent.logs.some((l) => l.level === 'warn' && /did not answer the keep-alive/.test(l.message))).toBe(true);

    const outage = ws.snapshot().line.lastOutage!;
    expect(outage.at).toBeGreaterThanOrEqual(lost);
    expect(outage.at + outage.ms).toBeLessThanOrEqual(back);
    expect(outage.ms).toBeGreaterThan(0);

    // The new registration is the one Kamailio routes to: a call rings at the desk.
    const farCall = customer.call(kamailio.uri('agent7'));
    await ringing(ws);
    farCall.terminateQuietly();
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
  }, 60_000);

  it("a call in progress survives it: audio flows on, and the caller's hangup still reaches the desk", async () => {
    const proxy = await proxyTo(kamailio.wsPort);
    const agent = await startAgent(proxy.url);
    const { ws } = agent;
    const { farCall, call } = await answeredCall(agent);

    proxy.blackhole();
    await waitFor('the line no longer registered', () => ws.snapshot().line.status !== 'registered', 20_000);
    await waitFor('registered again', () => ws.snapshot().line.status === 'registered', 20_000);
    await callGoesOn(agent, farCall, call);
  }, 60_000);

  it('after sleep or a network change, is found at once, not at the next keep-alive or registration', async () => {
    const proxy = await proxyTo(kamailio.wsPort);
    // Pings a minute apart: only the check on waking can find the dead path within this test.
    const agent = await startAgent(proxy.url, { keepAliveSeconds: 60 });
    const { ws } = agent;
    proxy.blackhole();
    // What the Electron power monitor (resume, unlock) and the line:refresh command call.
    ws.sipLine!.refresh();
    await waitFor('the line no longer registered', () => ws.snapshot().line.status !== 'registered', 10_000);
    await waitFor('registered again', () => ws.snapshot().line.status === 'registered', 10_000);
    expect(agent.statuses.slice(agent.statuses.indexOf('registered'))).toEqual(['registered', 'reconnecting', 'registered']);
    expect(proxy.connections).toBe(2);
  }, 60_000);
});

describe('a SIP server that stops answering behind a WebSocket front that still takes pings', () => {
  async function frontTo(port: number): Promise<WsFront> {
    const front = await startWsFront(`ws://127.0.0.1:${port}`);
    cleanups.push(() => front.close());
    return front;
  }

  it('is found by the OPTIONS ping: the line reconnects through the front, and a call in progress survives', async () => {
    const front = await frontTo(kamailio.wsPort);
    const agent = await startAgent(front.url, { optionsPingSeconds: 2 });
    const { ws } = agent;
    const { farCall, call } = await answeredCall(agent);

    front.stallServer();
    await waitFor('the line no longer registered', () => ws.snapshot().line.status !== 'registered', 20_000);
    // The front answered every WebSocket ping meanwhile: it was the OPTIONS that found the fault.
    expect(ws.snapshot().line.detail).toBe('the SIP server stopped answering');
    expect(agent.logs.some((l) => l.level === 'warn' && /stopped answering OPTIONS/.test(l.message))).toBe(true);
    expect(agent.logs.some((l) => /did not answer the keep-alive/.test(l.message))).toBe(false);
    await waitFor('registered again', () => ws.snapshot().line.status === 'registered', 20_000);
    expect(front.connections).toBe(2);
    expect(ws.snapshot().line.lastOutage?.ms).toBeGreaterThan(0);

    await callGoesOn(agent, farCall, call);
  }, 60_000);

  it('leaves a server that never answers OPTIONS alone, and says so once in the log', async () => {
    const front = await frontTo(kamailio.wsPort);
    front.dropOptions();
    const agent = await startAgent(front.url, { optionsPingSeconds: 2 });
    const { ws } = agent;
    await waitFor('the log says the server ignores OPTIONS', () => agent.logs.some((l) => /does not answer OPTIONS/.test(l.message)), 10_000);
    // Two more intervals: no OPTIONS goes out any more, so nothing can call the line dead.
    await new Promise((resolve) => setTimeout(resolve, 4500));
    expect(ws.snapshot().line.status).toBe('registered');
    expect(front.connections).toBe(1);
    expect(agent.logs.filter((l) => /does not answer OPTIONS/.test(l.message))).toHaveLength(1);
    // The line still works: a call rings.
    const farCall = customer.call(kamailio.uri('agent7'));
    await ringing(ws);
    farCall.terminateQuietly();
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
  }, 60_000);
});
