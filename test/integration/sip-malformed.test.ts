import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { AudioMeter, ToneSource, wrtc } from '../support/audio';
import { loopbackCandidatesOnly } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { RawDialog, RawSipPeer, token, type RequestParts, type SipMessage } from '../support/raw-sip';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type AudioMeter as Meter, type WrtcMediaEnd } from '../support/wrtc-media';

// Malformed SIP from a broken or hostile peer, the way it would really reach an agent: bytes sent
// on raw UDP to Kamailio's trunk side, which forwards what it accepts over WebSocket to the real
// workstation (JsSIP in its SIP line, media through the bridge to a wrtc media end). What Kamailio
// itself refuses is asserted and left there. After each case the line is still registered and a
// well-formed call rings; the live call in the middle keeps its audio through garbage re-INVITEs.
// See docs/testing-sip.md, "Malformed SIP".

const AGENT_HZ = 660;
const CALLER_HZ = 440;

let kamailio: Kamailio;
let ws: Workstation;
let media: WrtcMediaEnd;
let peer: RawSipPeer;
/** A real libwebrtc offer (ICE, DTLS, Opus…) for calls that only need to ring. */
let offer = '';
const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];

beforeAll(async () => {
  kamailio = await startKamailio();
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields }) };
  ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger, clock: systemClock });
  media = createWrtcMediaEnd(AGENT_HZ);
  ws.media.attach(media.channel);
  await ws.start();
  await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);
  peer = await RawSipPeer.open(kamailio);
  const caller = await callerMedia();
  offer = caller.offer;
  caller.close();
}, 30_000);

afterAll(async () => {
  await ws?.stop();
  media?.close();
  peer?.close();
  await kamailio?.stop();
});

// A case that fails leaves no call (nor a wrap-up, which declines the next call) to the next one.
afterEach(async () => {
  for (const call of ws.snapshot().calls) await ws.phone.hangup(call.id).catch(() => undefined);
  await waitFor('no call left', () => ws.snapshot().calls.length === 0).catch(() => undefined);
  for (const wrapUp of ws.snapshot().wrapUps) ws.wrapUp.recordDisposition(wrapUp.callId, { code: 'solved' });
});

const agentUri = () => kamailio.uri('agent7');
const inviteParts = (parts: Partial<RequestParts> = {}): RequestParts => ({
  method: 'INVITE',
  uri: agentUri(),
  contentType: 'application/sdp',
  body: offer,
  ...parts,
});
const logged = (message: string, fields: Record<string, unknown> = {}) =>
  logs.some(
    (l) => l.message === message && Object.entries(fields).every(([k, v]) => (v instanceof RegExp ? v.test(String(l.fields?.[k])) : l.fields?.[k] === v)),
  );
const logEntryOf = (sipCallId: string) => ws.callLog.list({ limit: 500 }).find((e) => e.sipCallId === sipCallId);
const ringingCall = async () => {
  await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
  return ws.snapshot().calls.find((c) => c.state === 'ringing')!;
};

/** Sends an INVITE; once it rings the agent rejects it. Resolves with what rang and the final answer. */
async function ringsAndIsRejected(parts: RequestParts): Promise<{ call: Awaited<ReturnType<typeof ringingCall>>; answer: SipMessage; callId: string }> {
  const from = peer.received.length;
  const built = peer.build(parts);
  await peer.send(built.raw);
  const call = await ringingCall();
  await ws.phone.reject(call.id);
  const answer = await peer.finalAnswer(built.branch, 5000, from);
  await peer.send(peer.ackForFailure(built.raw, answer));
  await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
  return { call, answer, callId: built.callId };
}

/** Sends a request that must not ring; resolves with the final answer to it (none: null after Kamailio said why). */
async function refused(parts: RequestParts, kamailioDropsWith?: RegExp): Promise<{ answer: SipMessage | null; callId: string }> {
  const rang: string[] = [];
  const stop = ws.onState((s) => s.calls.forEach((c) => rang.push(c.id)));
  try {
    if (kamailioDropsWith) {
      const built = peer.build(parts);
      const before = kamailio.logs().length;
      await peer.send(built.raw);
      await waitFor(`Kamailio to log ${kamailioDropsWith}`, () => kamailioDropsWith.test(kamailio.logs().slice(before)), 5000);
      return { answer: null, callId: built.callId };
    }
    const { answer, callId } = await peer.request(parts);
    return { answer, callId };
  } finally {
    stop();
    expect(rang).toEqual([]);
  }
}

/** The line is still up: registered, and a well-formed call rings (and is rejected, 486). */
async function aGoodCallStillRings(): Promise<void> {
  expect(ws.snapshot().line).toMatchObject({ status: 'registered' });
  const { answer, callId } = await ringsAndIsRejected(inviteParts());
  expect(answer.status).toBe(486);
  expect(logEntryOf(callId)).toMatchObject({ endCause: 'rejected' });
}

describe('what Kamailio itself refuses never reaches the agent', () => {
  it.each([
    { what: 'two From headers', headers: ['From: <sip:other@127.0.0.1>;tag=x2'], drop: /duplicate From header field/ },
    { what: 'two Call-ID headers', headers: ['Call-ID: second@raw-sip.test'], drop: /duplicate Call-ID header field/ },
    { what: 'two Content-Length headers', headers: ['Content-Length: 10'], drop: /duplicate Content-Length header field/ },
    { what: 'two Max-Forwards, one not a number', headers: ['Max-Forwards: lots'], drop: /duplicate Max-Forwards header field/ },
  ])('$what: dropped by Kamailio without an answer (it cannot parse enough to build one)', async ({ headers, drop }) => {
    const { answer } = await refused(inviteParts({ headers }), drop);
    expect(answer).toBeNull();
    await aGoodCallStillRings();
  });

  it('a Content-Length larger, or smaller, than the body: 400 from Kamailio', async () => {
    for (const contentLength of [String(offer.length + 100), String(offer.length - 100)]) {
      const { answer } = await refused(inviteParts({ contentLength }));
      expect(answer).toMatchObject({ status: 400, reason: 'Content-Length mis-match' });
    }
    await aGoodCallStillRings();
  });

  it('a From that is no address at all, or a negative Expires: 400 from Kamailio', async () => {
    expect((await refused(inviteParts({ from: '<<sip:x@y;tag=1' }))).answer).toMatchObject({ status: 400, reason: 'Invalid From Header' });
    expect((await refused(inviteParts({ headers: ['Expires: -5'] }))).answer).toMatchObject({ status: 400, reason: 'Expires value is illegal' });
    await aGoodCallStillRings();
  });
});

describe('what reaches the agent and must not take the line down', () => {
  it('oversized headers: an 8 kB Subject, 500 custom headers before the IVR data: rings with the IVR data read', async () => {
    const subject = await ringsAndIsRejected(inviteParts({ headers: [`Subject: ${'x'.repeat(8192)}`, 'X-Customer-Number: K-100234'] }));
    expect(subject.call.ivr).toMatchObject({ customerNumber: 'K-100234' });
    const junk = Array.from({ length: 500 }, (_, i) => `X-Junk-${i}: ${'v'.repeat(24)}`);
    const many = await ringsAndIsRejected(inviteParts({ headers: [...junk, 'X-Customer-Number: K-100235'] }));
    expect(many.call.ivr).toMatchObject({ customerNumber: 'K-100235' });
    await aGoodCallStillRings();
  });

  it('broken SDP: refused at once with 488 and a Warning that names the problem, logged, in the call log, never rang', async () => {
    const truncated = offer.slice(0, offer.indexOf('a=ice-ufrag:') + 8);
    const cases = [
      { body: offer.replace(/^(m=audio \d+ \S+).*$/m, '$1'), reason: 'no-common-codec', warning: /^305 anlauf "No audio codec in common: offered none;/ },
      { body: offer.replace(/^m=audio \d+/m, 'm=audio abc'), reason: 'no-audio', warning: /^304 anlauf "The SDP has no audio stream/ },
      { body: truncated, reason: 'not-webrtc', warning: /^302 anlauf "The SDP has no DTLS fingerprint/ },
      { body: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256)), reason: 'no-audio', warning: /^304 anlauf / },
    ];
    for (const { body, reason, warning } of cases) {
      const { answer, callId } = await refused(inviteParts({ body }));
      expect(answer).toMatchObject({ status: 488 });
      expect(answer!.header('warning')).toMatch(warning);
      expect(logEntryOf(callId)).toMatchObject({ direction: 'inbound', endCause: 'failed', endedBy: 'system', endReason: reason, answerAt: null });
      expect(logged('incoming call refused: its SDP offer cannot be used', { callId, reason })).toBe(true);
    }
    await aGoodCallStillRings();
  });

  it('unknown methods: FOO and a lowercase "invite" are answered 405 by the agent; nothing rings', async () => {
    for (const method of ['FOO', 'invite']) {
      const { answer } = await refused(inviteParts({ method }));
      expect(answer).toMatchObject({ status: 405 });
    }
    await aGoodCallStillRings();
  });
});

describe('a broken header on an otherwise good INVITE: the call still rings, and the log says what was wrong', () => {
  const cases: { what: string; parts: Partial<RequestParts>; log: string; fields: Record<string, unknown>; name?: string }[] = [
    {
      what: 'X-Customer-Number with control characters',
      parts: { headers: ['X-Customer-Number: \x01\x02K-1\x7f'] },
      log: 'incoming call header ignored',
      fields: { problem: /^X-Customer-Number is empty, longer than 64 characters or contains control characters/ },
    },
    {
      what: 'a P-Asserted-Identity that is no address',
      parts: { headers: ['P-Asserted-Identity: <<<sip:@@>'] },
      log: 'incoming call header ignored',
      fields: { problem: /^P-Asserted-Identity cannot be read/ },
    },
    {
      what: 'a From display name in Latin-1, not UTF-8',
      parts: { from: `"M\xfcller" <sip:4930123@127.0.0.1>;tag=${token(4)}` },
      log: 'incoming SIP header is not UTF-8; kept as received',
      fields: { header: 'From', value: /^"M\uFFFDller"/ },
      name: 'M\uFFFDller',
    },
    {
      what: 'an unquoted display name with a comma (JsSIP used to drop the INVITE unanswered)',
      parts: { from: `Meier, Hans <sip:4930123@127.0.0.1>;tag=${token(4)}` },
      log: 'incoming SIP header repaired',
      fields: { header: 'From' },
      name: 'Meier, Hans',
    },
    {
      what: 'a Session-Expires that is no number (JsSIP used to drop the INVITE unanswered)',
      parts: { headers: ['Session-Expires: soon;refresher=me'] },
      log: 'incoming SIP header ignored',
      fields: { header: 'Session-Expires', value: 'soon;refresher=me' },
    },
    {
      what: 'a Record-Route without its closing bracket (JsSIP used to drop the INVITE unanswered)',
      parts: { headers: ['Record-Route: <sip:127.0.0.1;lr'] },
      log: 'incoming SIP header ignored',
      fields: { header: 'Record-Route' },
    },
  ];
  it.each(cases)('$what', async ({ parts, log, fields, name }) => {
    const { call, answer, callId } = await ringsAndIsRejected(inviteParts(parts));
    expect(answer.status).toBe(486);
    if (name) expect(call.remoteName).toBe(name);
    expect(logged(log, { ...fields, callId })).toBe(true);
    await aGoodCallStillRings();
  });

  it('headers no INVITE can do without: an unreadable Contact gets 500, an unreadable Call-ID 400 with a Warning; both logged, never rang', async () => {
    const contact = await refused(inviteParts({ contact: '<<garbage' }));
    expect(contact.answer).toMatchObject({ status: 500, reason: 'Missing Contact header field' });
    expect(logged('incoming SIP header ignored', { header: 'Contact', callId: contact.callId })).toBe(true);

    const callId = `${token(4)} ${token(4)}@raw-sip.test`;
    const unreadable = await refused(inviteParts({ callId }));
    expect(unreadable.answer).toMatchObject({ status: 400 });
    expect(unreadable.answer!.header('warning')).toBe('399 anlauf "The Call-ID header cannot be read"');
    expect(logged('incoming SIP message cannot be read; dropped', { header: 'Call-ID', callId, sip: 'INVITE' })).toBe(true);
    await aGoodCallStillRings();
  });
});

// ------------------------------------------------------------------------------------------------
// A live call between the raw peer (its media a real wrtc peer) and the agent

interface CallerMedia {
  offer: string;
  heard: AudioMeter;
  accept(answer: string): Promise<void>;
  close(): void;
}

/** The caller's media: a wrtc peer with a 440 Hz tone, its offer with loopback candidates only. */
async function callerMedia(): Promise<CallerMedia> {
  const w = wrtc();
  const pc = new w.RTCPeerConnection({ iceServers: [] });
  const tone = new ToneSource({ frequencyHz: CALLER_HZ });
  const track = tone.createTrack();
  pc.addTrack(track as any, new w.MediaStream([track as any]));
  const heard = new AudioMeter();
  pc.ontrack = (event) => heard.attach(event.track as unknown as MediaStreamTrack);
  await pc.setLocalDescription(await pc.createOffer());
  await waitFor('a loopback candidate', () => / udp \d+ 127\.0\.0\.1 \d+ typ host/.test(pc.localDescription?.sdp ?? ''), 5000);
  return {
    offer: loopbackCandidatesOnly(pc.localDescription!.sdp),
    heard,
    accept: (answer) => pc.setRemoteDescription({ type: 'answer', sdp: answer }),
    close: () => {
      heard.stop();
      tone.stop();
      pc.close();
    },
  };
}

const agentEar = (): Meter | undefined => [...media.heard.values()].at(-1);

async function bothHearEachOther(caller: CallerMedia): Promise<void> {
  await caller.heard.waitToHear(AGENT_HZ, { timeoutMs: 8000, windowMs: 200 });
  await waitFor('the agent hears the call', () => agentEar() !== undefined, 8000);
  await agentEar()!.waitToHear(CALLER_HZ, { timeoutMs: 8000, windowMs: 200 });
}

/** The raw peer calls (its offer as `rewrite` makes it), the agent answers, ACK, and both hear each other. */
async function liveCall(
  rewrite: (sdp: string) => string = (sdp) => sdp,
): Promise<{ dialog: RawDialog; caller: CallerMedia; callId: string; agentCallId: string }> {
  const caller = await callerMedia();
  const from = `"Erika" <sip:+494030124477@127.0.0.1>;tag=${token(4)}`;
  const before = peer.received.length;
  const built = peer.build(inviteParts({ from, body: rewrite(caller.offer) }));
  await peer.send(built.raw);
  const call = await ringingCall();
  await ws.phone.answer(call.id);
  const ok = await peer.finalAnswer(built.branch, 8000, before);
  expect(ok.status).toBe(200);
  const dialog = new RawDialog(peer, built.callId, from, ok, 1);
  await dialog.ack();
  await caller.accept(ok.body.toString('utf8'));
  await waitFor('the call active', () => ws.snapshot().calls[0]?.state === 'active');
  await bothHearEachOther(caller);
  return { dialog, caller, callId: built.callId, agentCallId: call.id };
}

describe('a live call survives garbage in its dialog', () => {
  it('re-INVITEs with binary, truncated or m-line-less SDP get 488 with a Warning and are logged; FOO gets 501; audio goes on both ways', async () => {
    const { dialog, caller, callId, agentCallId } = await liveCall();
    const garbage = [
      Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 91 + 7) % 256)),
      caller.offer.slice(0, Math.floor(caller.offer.length / 2)),
      'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n',
      caller.offer.replace(/^m=audio \d+/m, 'm=audio abc'),
    ];
    for (const body of garbage) {
      const errorsBefore = logs.filter((l) => l.message === 'the media end refused the SDP').length;
      const answer = await dialog.request({ method: 'INVITE', contentType: 'application/sdp', body });
      expect(answer.status).toBe(488);
      // the check's reason where it sees one, the media end's own words in any case
      expect(answer.header('warning')).toMatch(/^(30[245]|399) anlauf ".*(media end: |The media end refused the offer: )/);
      expect(logs.filter((l) => l.message === 'the media end refused the SDP').length).toBe(errorsBefore + 1);
      expect(ws.snapshot().calls).toMatchObject([{ id: agentCallId, state: 'active' }]);
    }
    expect((await dialog.request({ method: 'FOO' })).status).toBe(501);
    // duplicated headers in the dialog: Kamailio drops it; the call does not notice
    const before = kamailio.logs().length;
    await peer.send(dialog.build({ method: 'INFO', headers: ['Call-ID: another@raw-sip.test'] }).raw);
    await waitFor('Kamailio to drop the INFO', () => /duplicate Call-ID header field/.test(kamailio.logs().slice(before)), 5000);

    await bothHearEachOther(caller);
    expect(ws.snapshot().calls).toMatchObject([{ id: agentCallId, state: 'active' }]);

    // The agent hangs up: a plain BYE (the refused re-INVITEs were about themselves, not the call)
    const byeFrom = peer.received.length;
    await ws.phone.hangup(agentCallId);
    const bye = await peer.waitFor((m) => m.method === 'BYE', 5000, byeFrom, 'the BYE');
    expect(bye.header('reason')).toBeUndefined();
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    ws.wrapUp.recordDisposition(agentCallId, { code: 'solved' });
    caller.close();
    expect(logEntryOf(callId)).toMatchObject({ endCause: 'completed', endedBy: 'agent', endReason: null });
  });

  it('an offer without any c= line rings and is answered with audio both ways (ICE does not need it)', async () => {
    const { dialog, caller, agentCallId } = await liveCall((sdp) => sdp.replace(/^c=[^\r\n]*\r\n/gm, ''));
    expect((await dialog.request({ method: 'BYE' })).status).toBe(200);
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    ws.wrapUp.recordDisposition(agentCallId, { code: 'solved' });
    caller.close();
  });

  it('after all of it a well-formed call rings, is answered, and both hear each other', async () => {
    const { dialog, caller, callId, agentCallId } = await liveCall();
    expect((await dialog.request({ method: 'BYE' })).status).toBe(200);
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    ws.wrapUp.recordDisposition(agentCallId, { code: 'solved' });
    caller.close();
    expect(logEntryOf(callId)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
    expect(ws.snapshot().line).toMatchObject({ status: 'registered' });
    expect(
      logs.filter((l) => l.level === 'error' && l.message !== 'the media end refused the SDP' && l.message !== 'incoming SIP message cannot be read; dropped'),
    ).toEqual([]);
  });
});
