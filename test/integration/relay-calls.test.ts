import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { PlainPhone } from '../support/baresip';
import { FarEnd } from '../support/far-end';
import { DEFAULT_SIP_USERS, startKamailio, type Kamailio } from '../support/kamailio';
import { startRtpengine, type Rtpengine } from '../support/rtpengine';
import { isHeard } from '../support/tone';
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
  kamailio = await startKamailio({ rtpengineNgPort: rtpengine.ngPort, users: { ...DEFAULT_SIP_USERS, transferee: 'secret-t' } });
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
    console.log(
      `--- customer ---\n${customer.logs().slice(-5000)}\n--- kamailio ---\n${kamailio.logs().slice(-6000)}\n--- rtpengine ---\n${rtpengine.logs().slice(-4000)}`,
    );
  }
});

/** The agent's real workstation on `server` (default: the file's Kamailio), with SIP settings `sip`. */
async function startAgent(sip: Record<string, unknown> = {}, server: Kamailio = kamailio): Promise<Agent> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: server.wsUrl, uri: server.uri('agent7'), password: 'secret7', ...sip } }));
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

/** For a second, the agent hears no trace of `hz` on any peer. */
async function agentHearsNothing(media: WrtcMediaEnd, hz: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const meter of media.heard.values()) {
    const measured = meter.measure(hz, 500);
    expect(isHeard(measured), `the agent still hears ${hz} Hz (rms ${measured.rms.toFixed(0)})`).toBe(false);
  }
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

  it('holds and resumes through the relay: nothing crosses on hold, each hears the other again after resume', async () => {
    const { ws, media } = await startAgent();
    const call = await answeredFromCustomer(ws);
    await customer.waitToHear(AGENT_HZ);
    await ws.phone.hold(call.id);
    await waitFor('the call held', () => ws.snapshot().calls[0]?.hold === 'held', 5000);
    const onHold = customer.mark();
    await agentHearsNothing(media, CUSTOMER_HZ);
    expect(customer.heardSince(AGENT_HZ, onHold)).toBe(false);

    await ws.phone.resume(call.id);
    await waitFor('the call resumed', () => ws.snapshot().calls[0]?.hold === 'none', 5000);
    await customer.waitToHear(AGENT_HZ);
    await agentHears(media, CUSTOMER_HZ);
    await ws.phone.hangup(call.id);
    await waitFor('no calls', () => ws.snapshot().calls.length === 0, 10_000);
  });

  it('sends the keypad as RFC 4733 events that the plain phone receives', async () => {
    const { ws } = await startAgent();
    const call = await answeredFromCustomer(ws);
    const before = customer.dtmfReceived().length;
    await ws.phone.sendDtmf(call.id, '1#5');
    await waitFor('three digits at the phone', () => customer.dtmfReceived().length >= before + 3, 10_000);
    expect(customer.dtmfReceived().slice(before)).toBe('1#5');
    expect(customer.logs()).toMatch(/received (DTMF|event): '5'/);
    await ws.phone.hangup(call.id);
  });

  it('transfers the plain phone blind to a second plain phone: the customer follows the REFER', async () => {
    const { ws } = await startAgent();
    const call = await answeredFromCustomer(ws);
    const since = colleague.events.length;
    await ws.phone.transfer(call.id, colleague.uri);
    await colleague.waitFor('CALL_ESTABLISHED', { since });
    await waitFor("the agent's call gone", () => ws.snapshot().calls.length === 0, 10_000);
    // The customer and the colleague now talk to each other, without the agent.
    await colleague.waitToHear(CUSTOMER_HZ);
    await customer.waitToHear(COLLEAGUE_HZ);
    expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'transferred', transferTarget: expect.stringContaining('colleague') });
    await customer.hangup();
    await colleague.waitFor('CALL_CLOSED', { since });
  });

  it('calls the plain phone: it rings, answers, and each hears the other', async () => {
    const { ws, media } = await startAgent();
    const since = customer.events.length;
    const callId = await ws.phone.dial(customer.uri);
    await customer.waitFor('CALL_INCOMING', { since });
    await customer.accept();
    await waitFor('the call active', () => ws.snapshot().calls.find((c) => c.id === callId)?.state === 'active', 10_000);
    await customer.waitToHear(AGENT_HZ);
    await agentHears(media, CUSTOMER_HZ);
    await ws.phone.hangup(callId);
    await customer.waitFor('CALL_CLOSED', { since });
    expect(ws.callLog.get(callId)).toMatchObject({ direction: 'outbound', endCause: 'completed', endedBy: 'agent' });
  });

  it('lets a second call wait: answering it holds the first; after it ends the first resumes with audio', async () => {
    const { ws, media } = await startAgent();
    const first = await answeredFromCustomer(ws);
    const since = colleague.events.length;
    await colleague.dial(kamailio.uri('agent7'));
    await waitFor('the second call ringing', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 10_000);
    const second = ws.snapshot().calls.find((c) => c.state === 'ringing')!;
    expect(second.remoteNumber).toBe('colleague');
    await ws.phone.answer(second.id);
    await waitFor('the first on hold', () => ws.snapshot().calls.find((c) => c.id === first.id)?.hold === 'held', 10_000);
    const waiting = customer.mark();
    await colleague.waitToHear(AGENT_HZ);
    await agentHears(media, COLLEAGUE_HZ);
    expect(customer.heardSince(AGENT_HZ, waiting)).toBe(false);
    await ws.phone.hangup(second.id);
    await colleague.waitFor('CALL_CLOSED', { since });
    await ws.phone.resume(first.id);
    await customer.waitToHear(AGENT_HZ);
    await agentHears(media, CUSTOMER_HZ);
    await ws.phone.hangup(first.id);
    await waitFor('no calls', () => ws.snapshot().calls.length === 0, 10_000);
    const log = ws.callLog.list({ limit: 5 });
    expect(log.map((e) => e.remoteNumber).sort()).toEqual(['colleague', 'customer']);
  });

  it('transfers attended, with peers that take Replaces: the consulted colleague gets the caller, all media through the relay', async () => {
    // baresip 1.0 can neither send nor accept Replaces (it dials the Refer-To URI with the
    // Replaces squeezed into the Request-URI), so the transferee and the colleague here are
    // JsSIP softphones on WebRTC, both anchored at rtpengine as an SBC anchors every call.
    const caller = await FarEnd.start({ kamailio, user: 'transferee', toneHz: CUSTOMER_HZ });
    const desk = await FarEnd.start({ kamailio, user: 'agent8', toneHz: COLLEAGUE_HZ });
    try {
      const { ws, media } = await startAgent();
      const farCall = caller.call(kamailio.uri('agent7'));
      const call = await ringing(ws);
      await ws.phone.answer(call.id);
      await farCall.waitForState('confirmed');
      expect(farCall.remoteSdp).toMatch(/a=candidate:.* 127\.0\.0\.1 2\d{4} typ host/); // rtpengine's, not the agent's
      await farCall.audio.waitToHear(AGENT_HZ);
      await agentHears(media, CUSTOMER_HZ);

      const consultId = await ws.phone.consult(call.id, kamailio.uri('agent8'));
      const consultation = await desk.waitForIncoming();
      await consultation.answer();
      await consultation.audio.waitToHear(AGENT_HZ);
      const deskCalls = desk.calls.length;
      await ws.phone.completeTransfer(consultId);
      await waitFor("both of the agent's calls gone", () => ws.snapshot().calls.length === 0, 15_000);
      await waitFor('the caller calls the colleague with Replaces', () => desk.calls.length > deskCalls, 10_000);
      const replaced = desk.calls.at(-1)!;
      expect(replaced.header('Replaces')).toContain(consultation.session.id.slice(0, 10));
      await replaced.waitForState('confirmed', 10_000);
      await replaced.audio.waitToHear(CUSTOMER_HZ);
      const transferred = caller.calls.at(-1)!;
      await transferred.audio.waitToHear(COLLEAGUE_HZ);
      expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'transferred' });
    } finally {
      await caller.stop();
      await desk.stop();
    }
  });
});

describe("an inbound call's media, prepared while it rings", () => {
  /** DTLS between the agent's peer and rtpengine is up (the media end reported 'connected'). */
  const dtlsUp = (media: WrtcMediaEnd) => media.events.some((e) => e.type === 'pc.statechange' && e.connectionState === 'connected');
  const peerOps = (media: WrtcMediaEnd, from = 0) =>
    media.requests
      .slice(from)
      .map((r) => r.op)
      .filter((op) => op === 'getUserMedia' || op.startsWith('pc.') || op.startsWith('track.'));

  it('does ICE and DTLS with rtpengine during ringing without audio; the answer then takes one request and audio flows both ways', async () => {
    const { ws, media } = await startAgent({ prepareMediaWhileRinging: true });
    const since = customer.events.length;
    const heardMark = customer.mark();
    await customer.dial(kamailio.uri('agent7'));
    const call = await ringing(ws);
    await waitFor('DTLS with rtpengine while the call rings', () => dtlsUp(media), 5000);
    // The early answer was inactive, and sent in a 183 that rtpengine turned into plain SDP.
    expect(media.requests.filter((r) => r.op === 'pc.answer').map((r) => (r.op === 'pc.answer' ? r.inactive : null))).toEqual([true]);
    expect(media.requests.filter((r) => r.op === 'track.setEnabled').map((r) => (r.op === 'track.setEnabled' ? r.enabled : null))).toEqual([false]);
    await customer.waitFor('CALL_RINGING', { since });
    await customer.waitFor('CALL_PROGRESS', { since });
    // baresip's event socket can report the progress before its log line is read: wait for the line.
    await waitFor('baresip logs the 183', () => /183 Session Progress/.test(customer.logs()), 5000);
    // Still ringing on both sides, and nothing crosses: no G.711 at the phone, no tone at the agent.
    await agentHearsNothing(media, CUSTOMER_HZ);
    expect(ws.snapshot().calls.find((c) => c.id === call.id)?.state).toBe('ringing');
    expect(customer.events.slice(since).some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);
    expect(customer.firstPacketAfter(heardMark)).toBeNull();

    const before = media.requests.length;
    const answerMark = customer.mark();
    await ws.phone.answer(call.id);
    await customer.waitFor('CALL_ESTABLISHED', { since });
    expect(peerOps(media, before)).toEqual(['track.setEnabled', 'pc.answer']);
    await customer.waitToHear(AGENT_HZ, { since: answerMark });
    await agentHears(media, CUSTOMER_HZ);
    expect(media.end.peerCount).toBe(1);
    await customer.hangup();
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
  });

  it('releases the peer and the microphone when the caller gives up while it rings', async () => {
    const { ws, media } = await startAgent({ prepareMediaWhileRinging: true });
    await customer.dial(kamailio.uri('agent7'));
    const call = await ringing(ws);
    await waitFor('DTLS with rtpengine while the call rings', () => dtlsUp(media), 5000);
    expect(ws.media.liveTracks()).toHaveLength(1);
    await customer.hangup();
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    await waitFor('no peer in the media end', () => media.end.peerCount === 0, 5000);
    expect(ws.media.openPeers).toBe(0);
    expect(ws.media.liveTracks()).toHaveLength(0);
    expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'missed' });
  });

  it('releases them too when the agent rejects the ringing call', async () => {
    const { ws, media } = await startAgent({ prepareMediaWhileRinging: true });
    const since = customer.events.length;
    await customer.dial(kamailio.uri('agent7'));
    const call = await ringing(ws);
    await waitFor('DTLS with rtpengine while the call rings', () => dtlsUp(media), 5000);
    await ws.phone.reject(call.id);
    await customer.waitFor('CALL_CLOSED', { since });
    await waitFor('no peer in the media end', () => media.end.peerCount === 0, 5000);
    expect(ws.media.openPeers).toBe(0);
    expect(ws.media.liveTracks()).toHaveLength(0);
    expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'rejected' });
  });

  it('leaves no peer and no microphone behind when calls are rejected the moment they ring, while their media is still being prepared', async () => {
    const { ws, media } = await startAgent({ prepareMediaWhileRinging: true });
    for (let i = 0; i < 10; i++) {
      const since = customer.events.length;
      await customer.dial(kamailio.uri('agent7'));
      const call = await ringing(ws);
      await ws.phone.reject(call.id);
      await customer.waitFor('CALL_CLOSED', { since });
      await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    }
    await waitFor('no peer in the media end', () => media.end.peerCount === 0, 5000);
    expect(ws.media.openPeers).toBe(0);
    expect(ws.media.liveTracks()).toHaveLength(0);
  });

  it('prepares nothing by default (sip.prepareMediaWhileRinging off): the microphone opens on answer', async () => {
    const { ws, media } = await startAgent();
    const since = customer.events.length;
    const logFrom = customer.logs().length;
    await customer.dial(kamailio.uri('agent7'));
    const call = await ringing(ws);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peerOps(media)).toEqual([]);
    expect(customer.logs().slice(logFrom)).toMatch(/180 Ringing/);
    expect(customer.logs().slice(logFrom)).not.toMatch(/183 Session Progress/);
    await ws.phone.answer(call.id);
    await customer.waitFor('CALL_ESTABLISHED', { since });
    await customer.waitToHear(AGENT_HZ);
    await ws.phone.hangup(call.id);
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
  });
});

/** The customer's phone calls the agent, who answers; resolves with the active call. */
async function answeredFromCustomer(ws: Workstation): Promise<CallView> {
  const since = customer.events.length;
  await customer.dial(kamailio.uri('agent7'));
  const call = await ringing(ws);
  await ws.phone.answer(call.id);
  await customer.waitFor('CALL_ESTABLISHED', { since });
  await waitFor('the call active', () => ws.snapshot().calls.find((c) => c.id === call.id)?.state === 'active', 10_000);
  return call;
}

describe('an ICE-lite relay (a=ice-lite, as many SBCs and media servers are)', () => {
  let liteKamailio: Kamailio;
  let litePhone: PlainPhone;
  beforeAll(async () => {
    liteKamailio = await startKamailio({ rtpengineNgPort: rtpengine.ngPort, rtpengineIceLite: true });
    litePhone = await PlainPhone.start({ kamailio: liteKamailio, user: 'customer', toneHz: CUSTOMER_HZ });
  }, 30_000);
  afterAll(async () => {
    await litePhone?.stop();
    await liteKamailio?.stop();
  });

  it('carries a call each way: the relay writes a=ice-lite, and each side hears the other', async () => {
    const { ws, media } = await startAgent({}, liteKamailio);
    const remoteSdps = () => media.requests.flatMap((request) => (request.op === 'pc.setRemoteDescription' ? [request.description.sdp] : []));

    // Inbound: the relay's offer says ice-lite.
    const since = litePhone.events.length;
    await litePhone.dial(liteKamailio.uri('agent7'));
    const call = await ringing(ws);
    await ws.phone.answer(call.id);
    await litePhone.waitFor('CALL_ESTABLISHED', { since });
    expect(remoteSdps().at(-1)).toMatch(/^a=ice-lite/m);
    await litePhone.waitToHear(AGENT_HZ);
    await agentHears(media, CUSTOMER_HZ);
    await ws.phone.hangup(call.id);
    await litePhone.waitFor('CALL_CLOSED', { since });
    ws.wrapUp.recordDisposition(call.id, { code: 'solved' });

    // Outbound: the relay's answer says ice-lite.
    const before = litePhone.events.length;
    const callId = await ws.phone.dial(litePhone.uri);
    await litePhone.waitFor('CALL_INCOMING', { since: before });
    await litePhone.accept();
    await waitFor('the call active', () => ws.snapshot().calls.find((c) => c.id === callId)?.state === 'active', 10_000);
    expect(remoteSdps().at(-1)).toMatch(/^a=ice-lite/m);
    await litePhone.waitToHear(AGENT_HZ);
    await agentHears(media, CUSTOMER_HZ);
    await ws.phone.hangup(callId);
    await litePhone.waitFor('CALL_CLOSED', { since: before });
  });
});
