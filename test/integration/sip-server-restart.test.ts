// Kamailio restarted mid-call. The customer is on a classic SIP phone (baresip over UDP, as a
// trunk or PBX reaches a call center's proxy) and the audio goes through rtpengine beside the proxy,
// so neither needs the proxy's process to carry on. The agent's WebSocket dies with the proxy: the
// line reconnects and registers again, the call and its audio go on, and after that either side's
// hangup ends it on both sides — which needs the desk to tell the far end its new connection.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { PlainPhone } from '../support/baresip';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { startRtpengine, type Rtpengine } from '../support/rtpengine';
import { waitFor, type WrtcMediaEnd } from '../support/wrtc-media';
import { agentSip, startWorkstationAgent, type TestAgent } from '../support/workstation-agent';

const AGENT_HZ = 660;
const CUSTOMER_HZ = 700;

let rtpengine: Rtpengine;
let kamailio: Kamailio;
let customer: PlainPhone;

beforeAll(async () => {
  rtpengine = await startRtpengine();
  kamailio = await startKamailio({ rtpengineNgPort: rtpengine.ngPort });
  customer = await PlainPhone.start({ kamailio, user: 'customer', toneHz: CUSTOMER_HZ });
}, 60_000);

afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
  await rtpengine?.stop();
});

const agents: TestAgent[] = [];
afterEach(async (context) => {
  for (const agent of agents.splice(0)) await agent.stop();
  if (context.task.result?.state === 'fail')
    console.log(`--- customer ---\n${customer.logs().slice(-4000)}\n--- kamailio ---\n${kamailio.logs().slice(-6000)}`);
});

async function startAgent(): Promise<TestAgent> {
  const agent = await startWorkstationAgent({ sip: agentSip(kamailio) }, { toneHz: AGENT_HZ });
  agents.push(agent);
  return agent;
}

async function agentHears(media: WrtcMediaEnd, hz: number): Promise<void> {
  await waitFor('a remote track', () => media.heard.size > 0, 10_000);
  await Promise.any([...media.heard.values()].map((meter) => meter.waitToHear(hz, { timeoutMs: 15_000 })));
}

/** A call from the customer, answered, each hearing the other; then Kamailio restarts under it. */
async function callThroughRestart(agent: TestAgent): Promise<CallView> {
  const { ws, media } = agent;
  await customer.dial(kamailio.uri('agent7'));
  await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 10_000);
  const call = ws.snapshot().calls.find((c) => c.state === 'ringing')!;
  await ws.phone.answer(call.id);
  await customer.waitFor('CALL_ESTABLISHED');
  await customer.waitToHear(AGENT_HZ);
  await agentHears(media, CUSTOMER_HZ);

  await kamailio.restart();
  await waitFor('the line registered again', () => agent.statuses.at(-1) === 'registered' && ws.snapshot().line.lastOutage !== undefined, 10_000);
  expect(agent.statuses).toEqual(expect.arrayContaining(['registered', 'reconnecting', 'registered']));
  expect(ws.snapshot().calls).toEqual([expect.objectContaining({ id: call.id, state: 'active' })]);
  const after = customer.mark();
  await customer.waitToHear(AGENT_HZ, { since: after });
  await agentHears(media, CUSTOMER_HZ);
  return call;
}

describe('Kamailio restarted mid-call', () => {
  it("the call and its audio survive, the line registers again, and the customer's hangup ends it at the desk", async () => {
    const agent = await startAgent();
    const call = await callThroughRestart(agent);
    // The desk's refresh (a re-INVITE over the new connection) gave the phone the desk's new Contact.
    await waitFor('the call refreshed', () => agent.logs.some((l) => l.message === 'call refreshed after the reconnect'), 10_000);
    await customer.hangup();
    await waitFor('the call ended at the desk', () => agent.ws.snapshot().calls.length === 0, 10_000);
    expect(agent.ws.callLog.get(call.id)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
  }, 90_000);

  it("the agent's hangup after the restart ends the call at the customer's phone", async () => {
    const agent = await startAgent();
    const call = await callThroughRestart(agent);
    const since = customer.events.length;
    await agent.ws.phone.hangup(call.id);
    await customer.waitFor('CALL_CLOSED', { since, timeoutMs: 10_000 });
    await waitFor('the call ended at the desk', () => agent.ws.snapshot().calls.length === 0, 10_000);
    expect(agent.ws.callLog.get(call.id)).toMatchObject({ endCause: 'completed', endedBy: 'agent' });
  }, 90_000);
});
