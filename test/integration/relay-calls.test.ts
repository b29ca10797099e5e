import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { PlainPhone } from '../support/baresip';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { startRtpengine, type Rtpengine } from '../support/rtpengine';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// A call center's media path, with peers we did not write: the customer on a classic SIP phone
// (baresip: UDP, plain RTP, G.711 only), rtpengine beside Kamailio bridging plain RTP and WebRTC,
// and the agent's real workstation whose media end runs on real WebRTC (wrtc). Audio counts as
// heard when the other side's tone frequency is measured, not when packets merely arrive.

const AGENT_HZ = 660;
const CUSTOMER_HZ = 700;
const COLLEAGUE_HZ = 500;

let rtpengine: Rtpengine;
let kamailio: Kamailio;
let customer: PlainPhone;
let colleague: PlainPhone;

beforeAll(async () => {
  rtpengine = await startRtpengine();
  kamailio = await startKamailio({ rtpengineNgPort: rtpengine.ngPort });
  customer = await PlainPhone.start({ kamailio, user: 'customer', toneHz: CUSTOMER_HZ });
  colleague = await PlainPhone.start({ kamailio, user: 'colleague', toneHz: COLLEAGUE_HZ, autoAnswer: true });
}, 60_000);

afterAll(async () => {
  await customer?.stop();
  await colleague?.stop();
  await kamailio?.stop();
  await rtpengine?.stop();
});

interface Agent {
  ws: Workstation;
  media: WrtcMediaEnd;
}
const agents: Agent[] = [];
afterEach(async (context) => {
  for (const agent of agents.splice(0)) {
    await agent.ws.stop();
    agent.media.close();
  }
  if (context.task.result?.state === 'fail') {
    console.log(`--- kamailio ---\n${kamailio.logs().slice(-6000)}\n--- rtpengine ---\n${rtpengine.logs().slice(-4000)}`);
  }
});

async function startAgent(): Promise<Agent> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
  const logger: Logger = { log: () => undefined };
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger, clock: systemClock });
  const media = createWrtcMediaEnd(AGENT_HZ);
  ws.media.attach(media.channel);
  const agent = { ws, media };
  agents.push(agent);
  await ws.start();
  await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);
  return agent;
}

async function ringing(ws: Workstation): Promise<CallView> {
  await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 10_000);
  return ws.snapshot().calls.find((c) => c.state === 'ringing')!;
}

/** The agent hears `hz` on the call's current peer. */
async function agentHears(media: WrtcMediaEnd, hz: number): Promise<void> {
  await waitFor('a remote track', () => media.heard.size > 0, 10_000);
  await Promise.any([...media.heard.values()].map((meter) => meter.waitToHear(hz, { timeoutMs: 15_000 })));
}

describe('a plain SIP phone through rtpengine', () => {
  it('calls the agent: rings, is answered, and each hears the other', async () => {
    const { ws, media } = await startAgent();
    await customer.dial(kamailio.uri('agent7'));
    const call = await ringing(ws);
    expect(call).toMatchObject({ line: 'sip', direction: 'inbound', remoteNumber: 'customer' });
    await ws.phone.answer(call.id);
    await customer.waitFor('CALL_ESTABLISHED');
    await customer.waitToHear(AGENT_HZ);
    await agentHears(media, CUSTOMER_HZ);
    await customer.hangup();
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
  });
});
