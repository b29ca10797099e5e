import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import {
  audioPayloads,
  iceLite,
  onlyCodecs,
  onlyForeignCodec,
  plainRtp,
  rtcpOnOwnPort,
  setup,
  telephoneEventAt,
  withoutBundle,
  withoutIce,
  withoutMid,
  withoutRtcpMux,
  withoutSetup,
  type SdpRewrite,
} from '../support/sdp-variants';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type AudioMeter, type WrtcMediaEnd } from '../support/wrtc-media';

// The media end fed offers and answers the way real peers write them (see docs/testing-sip.md,
// "SDP variants"): the far end is a real libwebrtc peer (JsSIP on @roamhq/wrtc) whose SDP is
// rewritten on the wire, or — where the peer must really act that way, like a DTLS role or the
// codecs of its answer — before its own setLocalDescription. Full path: Kamailio → the
// workstation's SIP line → media bridge → media end on wrtc. One Kamailio, one workstation.

const AGENT_HZ = 660;
const CUSTOMER_HZ = 440;

let kamailio: Kamailio;
let customer: FarEnd;
let ws: Workstation;
let media: WrtcMediaEnd;
const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];

/** How the customer's phone writes its SDP for the next call. */
interface PeerStyle {
  /** Its offer as sent (inbound calls). */
  offer?: SdpRewrite;
  /** Its answer as sent (outbound calls). */
  answer?: SdpRewrite;
  /** Its answer as its own peer connection takes it (the peer really behaves that way). */
  localAnswer?: SdpRewrite;
}
let style: PeerStyle = {};
/** The last SDP the customer's phone sent, as sent. */
let sent = '';

beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: CUSTOMER_HZ });
  customer.ua.on('newRTCSession', ({ session }: { session: any }) => {
    const current = style;
    session.on('sdp', (e: { originator: string; type: string; sdp: string }) => {
      const rewrite = e.originator === 'local' ? (e.type === 'offer' ? current.offer : current.answer) : undefined;
      if (rewrite) e.sdp = rewrite(e.sdp);
      if (e.originator === 'local') sent = e.sdp;
    });
    const munge = (pc: any) => {
      if (!current.localAnswer) return;
      const set = pc.setLocalDescription.bind(pc);
      pc.setLocalDescription = (d: { type: string; sdp: string }) => set(d?.type === 'answer' ? { type: 'answer', sdp: current.localAnswer!(d.sdp) } : d);
    };
    if (session.connection) munge(session.connection);
    session.on('peerconnection', ({ peerconnection }: { peerconnection: any }) => munge(peerconnection));
  });

  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields }) };
  ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger, clock: systemClock });
  media = createWrtcMediaEnd(AGENT_HZ);
  ws.media.attach(media.channel);
  await ws.start();
  await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);
}, 30_000);

afterAll(async () => {
  for (const call of customer?.calls ?? []) call.terminateQuietly();
  await ws?.stop();
  media?.close();
  await customer?.stop();
  await kamailio?.stop();
});

/** What the agent hears on the call in progress (the newest peer of the media end). */
function agentEar(): AudioMeter | undefined {
  return [...media.heard.values()].at(-1);
}

async function bothHearEachOther(far: FarCall): Promise<void> {
  await far.audio.waitToHear(AGENT_HZ, { timeoutMs: 8000, windowMs: 200 });
  await waitFor('the agent hears the call', () => agentEar() !== undefined, 8000);
  await agentEar()!.waitToHear(CUSTOMER_HZ, { timeoutMs: 8000, windowMs: 200 });
}

/** The agent's side is clear again: the call ended, wrap-up given, the peer closed. */
async function settle(callId: string, answered: boolean): Promise<void> {
  await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
  if (answered) ws.wrapUp.recordDisposition(callId, { code: 'solved' });
  await waitFor('the real peer closed', () => media.end.peerCount === 0);
  style = {};
}

/** The customer calls with an offer written in `offer`'s style; the agent answers; both hear each other. Returns the SDP the customer got back. */
async function inboundWorks(offer: SdpRewrite, after?: (far: FarCall, callId: string) => Promise<void>): Promise<string> {
  style = { offer };
  const known = new Set(ws.callLog.list({ limit: 200 }).map((e) => e.id));
  const far = customer.call(kamailio.uri('agent7'));
  await waitFor('ringing', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
  const callId = ws.snapshot().calls[0]!.id;
  expect(known.has(callId)).toBe(false);
  await ws.phone.answer(callId);
  await far.waitForState('confirmed');
  await bothHearEachOther(far);
  await after?.(far, callId);
  const answer = far.remoteSdp!;
  await far.hangup();
  await settle(callId, true);
  expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'completed', endReason: null });
  return answer;
}

/** The agent calls the customer, whose phone answers in `peer`'s style; both hear each other. Returns the agent's offer. */
async function outboundWorks(peer: PeerStyle): Promise<string> {
  style = peer;
  const callId = await ws.dialing.dial('customer');
  const far = await customer.waitForIncoming();
  await far.answer();
  await waitFor('the call active', () => ws.snapshot().calls.find((c) => c.id === callId)?.state === 'active');
  await bothHearEachOther(far);
  const offer = far.remoteSdp!;
  await ws.phone.hangup(callId);
  await far.waitForEnd();
  await settle(callId, true);
  expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'completed', endedBy: 'agent' });
  return offer;
}

const line = (sdp: string, prefix: string) => sdp.split(/\r?\n/).filter((l) => l.startsWith(prefix));

describe('offers the way real peers write them: the customer calls, the agent answers, each hears the other', () => {
  it('with BUNDLE (libwebrtc, browsers) and without it (rtpengine, PBXs)', async () => {
    expect(line(await inboundWorks((sdp) => sdp), 'a=group:BUNDLE')).toEqual(['a=group:BUNDLE 0']);
    expect(line(await inboundWorks(withoutBundle), 'a=group:BUNDLE')).toEqual([]);
  });

  it("without a=mid (libwebrtc still names its answer's section mid 0, and bundles nothing)", async () => {
    const answer = await inboundWorks(withoutMid);
    expect(line(answer, 'a=group:BUNDLE')).toEqual([]);
    expect(line(answer, 'a=mid:')).toEqual(['a=mid:0']);
  });

  it('a=setup:actpass, passive and active: the agent takes the other DTLS role; a missing a=setup counts as active (RFC 4145)', async () => {
    expect(line(await inboundWorks(setup('actpass')), 'a=setup:')).toEqual(['a=setup:active']);
    expect(line(await inboundWorks(setup('passive')), 'a=setup:')).toEqual(['a=setup:active']);
    expect(line(await inboundWorks(setup('active')), 'a=setup:')).toEqual(['a=setup:passive']);
    expect(line(await inboundWorks(withoutSetup), 'a=setup:')).toEqual(['a=setup:passive']);
  });

  it('RTCP on a port of its own beside a=rtcp-mux: the agent multiplexes', async () => {
    const answer = await inboundWorks(rtcpOnOwnPort);
    expect(line(answer, 'a=rtcp-mux')).toEqual(['a=rtcp-mux']);
  });

  it('an ICE-lite peer', async () => {
    const answer = await inboundWorks(iceLite);
    expect(line(answer, 'a=ice-lite')).toEqual([]);
  });

  it('only PCMU/PCMA, and only Opus: the agent answers with those', async () => {
    const g711 = audioPayloads(await inboundWorks(onlyCodecs('PCMU', 'PCMA'))).map((p) => p.name);
    expect(g711[0]).toBe('PCMU');
    expect(new Set(g711)).toEqual(new Set(['PCMU', 'PCMA', 'telephone-event']));
    const opus = audioPayloads(await inboundWorks(onlyCodecs('opus'))).map((p) => `${p.name}/${p.rate}`);
    expect(opus).toEqual(['opus/48000', 'telephone-event/48000']);
  });

  it("telephone-event at 8 kHz and at 48 kHz: the agent's answer keeps the peer's payload type and clock rate, and the agent's keys arrive", async () => {
    for (const rate of [8000, 48000] as const) {
      let offered: ReturnType<typeof audioPayloads> = [];
      const answer = await inboundWorks(telephoneEventAt(rate), async (far, callId) => {
        offered = audioPayloads(sent).filter((p) => p.name === 'telephone-event');
        // The wrtc media end has no RTCDTMFSender, so the line sends these as SIP INFO here;
        // in Chromium they go as RFC 4733 with the payload type negotiated above.
        await ws.phone.sendDtmf(callId, '1#');
        await far.waitForDtmf('1#');
      });
      expect(offered).toEqual([{ pt: expect.any(String), name: 'telephone-event', rate }]);
      expect(audioPayloads(answer).filter((p) => p.name === 'telephone-event')).toEqual(offered);
    }
  });
});

describe('answers the way real peers write them: the agent calls, the customer answers, each hears the other', () => {
  it('with BUNDLE and without it, and without a=mid', async () => {
    expect(line(await outboundWorks({}), 'a=group:BUNDLE')).toEqual(['a=group:BUNDLE 0']);
    await outboundWorks({ answer: withoutBundle });
    await outboundWorks({ answer: withoutMid });
  });

  it('a=setup:active and passive in the answer; actpass is refused, and the BYE says why', async () => {
    await outboundWorks({ answer: setup('active') });
    await outboundWorks({ localAnswer: setup('passive') });

    style = { answer: setup('actpass') };
    const callId = await ws.dialing.dial('customer');
    const far = await customer.waitForIncoming();
    let reason: string | undefined;
    far.session.on('ended', (e: any) => (reason = e.message?.getHeader?.('Reason')));
    far.session.answer(customer.mediaOptions());
    await far.waitForEnd();
    expect(reason).toContain('cause=488');
    expect(reason).toContain('a=setup:actpass; an answerer must choose active or passive (RFC 5763)');
    await settle(callId, false);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'failed', endedBy: 'system', endReason: 'dtls-setup' });
  });

  it('RTCP on its own port, ICE lite, only PCMU/PCMA, only Opus', async () => {
    await outboundWorks({ answer: rtcpOnOwnPort });
    await outboundWorks({ answer: iceLite });
    await outboundWorks({ localAnswer: onlyCodecs('PCMU', 'PCMA') });
    await outboundWorks({ localAnswer: onlyCodecs('opus') });
  });
});

describe('offers that cannot work are refused at once, with a 488 that names the problem, and logged', () => {
  const cases: { what: string; offer: SdpRewrite; reason: string; warning: RegExp }[] = [
    {
      what: 'only G.729',
      offer: onlyForeignCodec(),
      reason: 'no-common-codec',
      warning: /^305 anlauf "No audio codec in common: offered G729\/8000; Anlauf takes opus, G722, PCMU, PCMA\."$/,
    },
    {
      what: 'plain RTP/AVP (a classic phone without a relay)',
      offer: plainRtp,
      reason: 'not-webrtc',
      warning: /^302 anlauf "The SDP has plain or SDES media \(RTP\/AVP\); WebRTC media needs ICE and DTLS-SRTP/,
    },
    {
      what: 'a DTLS profile without a=fingerprint',
      offer: (sdp) => sdp.replace(/a=fingerprint:[^\r\n]*\r\n/g, ''),
      reason: 'not-webrtc',
      warning: /^302 anlauf "The SDP has no DTLS fingerprint/,
    },
    { what: 'no ICE credentials', offer: withoutIce, reason: 'no-ice', warning: /^399 anlauf "The SDP has no ICE credentials/ },
    { what: 'no a=rtcp-mux', offer: withoutRtcpMux, reason: 'no-rtcp-mux', warning: /^399 anlauf "The audio stream lacks a=rtcp-mux/ },
  ];
  it.each(cases)('$what', async ({ offer, reason, warning }) => {
    const rang: string[] = [];
    const stop = ws.onState((s) => s.calls.forEach((c) => rang.push(c.id)));
    style = { offer };
    const far = customer.call(kamailio.uri('agent7'));
    let header: string | undefined;
    far.session.on('failed', (e: any) => (header = e.message?.getHeader?.('Warning')));
    const end = await far.waitForEnd();
    style = {};
    stop();
    expect(end).toMatchObject({ statusCode: 488 });
    expect(header).toMatch(warning);
    // never rang at the agent's, and still in the call log with why
    expect(rang).toEqual([]);
    const sipCallId = String(far.request.call_id);
    const entry = ws.callLog.list({ limit: 200 }).find((e) => e.sipCallId === sipCallId);
    expect(entry).toMatchObject({ direction: 'inbound', endCause: 'failed', endedBy: 'system', endReason: reason, answerAt: null });
    expect(
      logs.some((l) => l.message === 'incoming call refused: its SDP offer cannot be used' && l.fields?.callId === sipCallId && l.fields?.reason === reason),
    ).toBe(true);
  });

  it('an offer the media end refuses only when the agent answers: 488 with its words, logged, in the call log', async () => {
    style = { offer: (sdp) => sdp.replace(/a=ice-ufrag:\S+/g, 'a=ice-ufrag:ab') };
    const far = customer.call(kamailio.uri('agent7'));
    let header: string | undefined;
    far.session.on('failed', (e: any) => (header = e.message?.getHeader?.('Warning')));
    await waitFor('ringing', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
    const callId = ws.snapshot().calls[0]!.id;
    await ws.phone.answer(callId);
    const end = await far.waitForEnd();
    expect(end).toMatchObject({ statusCode: 488 });
    expect(header).toMatch(/^399 anlauf "The media end refused the offer: .*ICE ufrag must be between 4 and 256 characters long/);
    await settle(callId, false);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'failed', endedBy: 'system', endReason: 'media-error' });
    expect(logs.some((l) => l.level === 'error' && l.message === 'the media end refused the SDP' && String(l.fields?.error).includes('ICE ufrag'))).toBe(true);
  });
});
