// The softphone in a call center's media path: the customer on a classic SIP phone (baresip: UDP,
// plain RTP, G.711), rtpengine beside Kamailio bridging plain RTP and WebRTC, and the agent's real
// Workstation (SIP line, wrtc media end behind the media bridge) served by the real browser host
// to the real renderer store (startAgent of sip.bench.ts).
//  1. The store's answer action (the Answer button) → the first G.711 packet of the agent's voice
//     at the plain phone's media ports (ICE, DTLS and the relay included).
//  2. The same for two plain phones through the same Kamailio and rtpengine (the native
//     baseline: the called baresip's accept → the first packet of its voice at the caller), in
//     the same run, call for call in turn with 1; and the ratio of the two.
//  3. The INVITE sent by the plain phone (on the wire at Kamailio's UDP port) → the call
//     'ringing' in the renderer store.
// Packet times come from tcpdump on loopback (ms since the epoch, kernel time stamps); moments in
// this process are taken with performance.now() and put on the epoch with `epochClock`.
import { PlainPhone } from '../test/support/baresip';
import { startKamailio, type Kamailio } from '../test/support/kamailio';
import { startUdpTap, type UdpDatagram, type UdpTap } from '../test/support/rtp-tap';
import { startRtpengine, type Rtpengine } from '../test/support/rtpengine';
import { goals, median, note, now, percentile, result, type BenchResult } from './harness';
import {
  AGENT_TONE_HZ,
  exitBeforeWrtcTeardown,
  finishWrapUp,
  phase,
  startAgent,
  STEP_TIMEOUT_MS,
  until,
  waitForStore,
  withCleanups,
  withTimeout,
  type Agent,
} from './sip.bench';

const ANSWER_CALLS = 20;
const RING_CALLS = 100;
/** Untimed calls of each kind first: JIT, the first wrtc peer, rtpengine's first calls. */
const WARMUP_CALLS = 2;
const CUSTOMER_HZ = 700;
const COLLEAGUE_HZ = 500;

const ANSWER_GOAL = goals.below(300, 'ms');
const RATIO_GOAL = goals.atMost(1.5, '×');
const RING_GOAL = goals.below(50, 'ms');

interface Bed {
  rtpengine: Rtpengine;
  kamailio: Kamailio;
  /** The customer's plain phone: it calls the agent, and the colleague for the baseline. */
  customer: PlainPhone;
  /** A second plain phone: the called side of the native baseline. */
  colleague: PlainPhone;
  /** UDP datagrams arriving at Kamailio's SIP port: the INVITEs as the plain phone sent them. */
  sipTap: UdpTap;
  /** UDP datagrams arriving at the customer phone's SIP port: when the 200 OK got there. */
  customerSipTap: UdpTap;
  agent: Agent;
}

export async function benchRelay(): Promise<BenchResult[]> {
  exitBeforeWrtcTeardown();
  return withCleanups(async (onCleanup) => {
    const rtpengine = await phase('rtpengine up', () => startRtpengine({ logLevel: 4 }));
    onCleanup('rtpengine', () => rtpengine.stop());
    const kamailio = await phase('Kamailio up', () => startKamailio({ debug: 1, rtpengineNgPort: rtpengine.ngPort, rtpengineForPlainCalls: true }));
    onCleanup('Kamailio', () => kamailio.stop());
    const sipTap = await startUdpTap([kamailio.udpPort, kamailio.udpPort]);
    onCleanup('the SIP tap (tcpdump)', () => sipTap.stop());
    const customer = await phase('customer phone registered', () => PlainPhone.start({ kamailio, user: 'customer', toneHz: CUSTOMER_HZ }));
    onCleanup('the customer phone (baresip, tcpdump)', () => customer.stop());
    const colleague = await phase('colleague phone registered', () => PlainPhone.start({ kamailio, user: 'colleague', toneHz: COLLEAGUE_HZ }));
    onCleanup('the colleague phone (baresip, tcpdump)', () => colleague.stop());
    const customerSipTap = await startUdpTap(await sipPortOf(sipTap, 'customer'));
    onCleanup('the customer phone\'s SIP tap (tcpdump)', () => customerSipTap.stop());
    const agent = await phase('agent, browser host, client and store up', () => startAgent(kamailio, onCleanup));
    const bed: Bed = { rtpengine, kamailio, customer, colleague, sipTap, customerSipTap, agent };

    try {
      const ring = await phase('ring calls', () => benchRing(bed));
      const { agentTimes, nativeTimes } = await phase('answered calls, agent and native in turn', () => benchAnswer(bed));
      if (agent.errors.length > 0) note(`agent logged ${agent.errors.length} errors/warnings, the first: ${agent.errors.slice(0, 3).join(' | ')}`);
      const agentP50 = percentile(agentTimes, 50);
      const agentP99 = percentile(agentTimes, 99);
      const nativeP50 = percentile(nativeTimes, 50);
      const nativeP99 = percentile(nativeTimes, 99);
      // The same with the opt-in sip.prepareMediaWhileRinging: a second agent on the same account.
      await agent.ws.stop();
      const prepared = await phase('agent with media prepared while ringing up', () => startAgent(kamailio, onCleanup, { sip: { prepareMediaWhileRinging: true } }));
      const early = await phase('answered calls with media prepared while ringing, agent and native in turn', () => benchAnswer({ ...bed, agent: prepared }));
      if (prepared.errors.length > 0) note(`the prepared agent logged ${prepared.errors.length} errors/warnings, the first: ${prepared.errors.slice(0, 3).join(' | ')}`);
      const earlyP50 = percentile(early.agentTimes, 50);
      const earlyP99 = percentile(early.agentTimes, 99);
      const earlyNativeP50 = percentile(early.nativeTimes, 50);
      const earlyNativeP99 = percentile(early.nativeTimes, 99);
      return [
        result('relay, media prepared while ringing (opt-in): answer in the UI to first packet at the plain phone p50', earlyP50, 'ms', goals.none()),
        result('relay, media prepared while ringing (opt-in): answer in the UI to first packet at the plain phone p99', earlyP99, 'ms', ANSWER_GOAL),
        result('relay, media prepared while ringing (opt-in): agent vs native, p50 / p50', earlyP50 / earlyNativeP50, '×', RATIO_GOAL),
        result('relay, media prepared while ringing (opt-in): agent vs native, p99 / p99', earlyP99 / earlyNativeP99, '×', RATIO_GOAL),
        result('relay: answer in the UI to first packet of the agent at the plain phone p50', agentP50, 'ms', goals.none()),
        result('relay: answer in the UI to first packet of the agent at the plain phone p99', agentP99, 'ms', ANSWER_GOAL),
        result('relay: native baseline, answer at baresip to first packet at the calling baresip p50', nativeP50, 'ms', goals.none()),
        result('relay: native baseline, answer at baresip to first packet at the calling baresip p99', nativeP99, 'ms', goals.none()),
        result('relay: agent vs native, p50 / p50', agentP50 / nativeP50, '×', RATIO_GOAL),
        result('relay: agent vs native, p99 / p99', agentP99 / nativeP99, '×', RATIO_GOAL),
        result('relay: INVITE sent by the plain phone to ringing in the renderer store p50', percentile(ring, 50), 'ms', goals.none()),
        result('relay: INVITE sent by the plain phone to ringing in the renderer store p99', percentile(ring, 99), 'ms', RING_GOAL),
      ];
    } catch (error) {
      note(`agent logged ${agent.errors.length} errors/warnings: ${agent.errors.slice(0, 5).join(' | ')}`);
      note(`--- customer phone ---\n${customer.logs().slice(-3000)}\n--- colleague phone ---\n${colleague.logs().slice(-3000)}`);
      note(`--- Kamailio ---\n${kamailio.logs().slice(-3000)}\n--- rtpengine ---\n${rtpengine.logs().slice(-3000)}`);
      throw error;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// 3. INVITE sent by the plain phone → ringing in the store

async function benchRing(bed: Bed): Promise<number[]> {
  const { agent, customer } = bed;
  const times: number[] = [];
  const inMain: number[] = [];
  for (let i = -WARMUP_CALLS; i < RING_CALLS; i++) {
    const { ring, inMain: snapshot, callId } = await ringAgent(bed);
    if (i >= 0) {
      times.push(ring);
      inMain.push(snapshot);
    }
    const since = customer.events.length;
    // The agent rejects from the store, as the Reject button does (486 to the phone).
    await agent.store.getState().reject(callId);
    await customer.waitFor('CALL_CLOSED', { since, timeoutMs: STEP_TIMEOUT_MS });
    await callsGone(agent);
  }
  note(`INVITE sent → ringing in the store over ${RING_CALLS} calls: p50 ${percentile(times, 50).toFixed(1)}, p90 ${percentile(times, 90).toFixed(1)}, p99 ${percentile(times, 99).toFixed(1)}, max ${Math.max(...times).toFixed(1)} ms`);
  note(
    `  medians: INVITE sent → ringing snapshot emitted in main (Kamailio, rtpengine's offer, WebSocket, JsSIP, phone service, call-log write) ${median(inMain).toFixed(1)} ms; ` +
      `→ in the store (browser host, socket, client, zustand) ${median(times.map((t, i) => t - inMain[i]!)).toFixed(1)} ms`,
  );
  return times;
}

/**
 * The customer's phone calls the agent; resolves once the store holds the call ringing, with the
 * time from the INVITE leaving the phone (its capture at Kamailio's UDP port) to that moment.
 */
async function ringAgent(bed: Bed): Promise<{ ring: number; inMain: number; callId: string }> {
  const { agent, customer, kamailio, sipTap } = bed;
  const mark = sipTap.datagrams().length;
  const clock = epochClock();
  const ringing = waitForStore(agent.store, (s) => s.phone.calls.find((c) => c.state === 'ringing'));
  // When the workstation emits the snapshot with the call ringing (before the browser host sends it).
  let snapshotAt: number | undefined;
  const off = agent.ws.onState((snapshot) => {
    if (snapshotAt === undefined && snapshot.calls.some((c) => c.state === 'ringing')) snapshotAt = now();
  });
  try {
    await customer.dial(kamailio.uri('agent7'));
    const { at, value: call } = await withTimeout(ringing, STEP_TIMEOUT_MS, 'the plain phone\'s call ringing in the store');
    let invite: UdpDatagram | undefined;
    await withTimeout(
      until(() => (invite = firstInvite(sipTap.datagrams(), mark, 'agent7')) !== undefined),
      STEP_TIMEOUT_MS,
      'the INVITE in the capture at Kamailio\'s UDP port',
    );
    return { ring: clock(at) - invite!.at, inMain: clock(snapshotAt ?? NaN) - invite!.at, callId: call.id };
  } finally {
    off();
  }
}

/** The SIP port of `user`'s plain phone, from the Via of its REGISTER as captured at Kamailio. */
async function sipPortOf(sipTap: UdpTap, user: string): Promise<[number, number]> {
  let port: number | undefined;
  await withTimeout(
    until(() => {
      for (const datagram of sipTap.datagrams()) {
        const text = datagram.payload.toString('latin1');
        if (!text.startsWith('REGISTER ') || !new RegExp(`^(?:From|f):[^\\r\\n]*sip:${user}@`, 'im').test(text)) continue;
        port = Number(/^(?:Via|v):\s*SIP\/2\.0\/UDP\s+[^:;\s]+:(\d+)/im.exec(text)?.[1]);
        if (port) return true;
      }
      return false;
    }),
    STEP_TIMEOUT_MS,
    `the REGISTER of ${user} in the capture at Kamailio's UDP port`,
  );
  return [port!, port!];
}

/** The capture time of the first 200 OK to an INVITE after `mark`. */
function firstOkToInvite(datagrams: readonly UdpDatagram[], mark: number): number | undefined {
  for (let i = mark; i < datagrams.length; i++) {
    const text = datagrams[i]!.payload.toString('latin1');
    if (text.startsWith('SIP/2.0 200') && /^CSeq:\s*\d+\s+INVITE\s*$/im.test(text)) return datagrams[i]!.at;
  }
  return undefined;
}

/** The first initial INVITE to `user` captured after `mark` (a retransmission would come later). */
function firstInvite(datagrams: readonly UdpDatagram[], mark: number, user: string): UdpDatagram | undefined {
  for (let i = mark; i < datagrams.length; i++) {
    const text = datagrams[i]!.payload.toString('latin1');
    if (text.startsWith(`INVITE sip:${user}@`) && !/^(?:To|t):[^\r\n]*;tag=/im.test(text)) return datagrams[i];
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// 1 and 2. Answer → first packet of the answering side's voice at the calling plain phone

interface AnsweredCall {
  /** Answer → the first G.711 packet of the answering side's voice at the calling phone, ms. */
  firstPacket: number;
  /** Answer → the 200 OK on the wire at the calling phone's SIP port, ms. */
  ok: number;
  /**
   * Agent calls: answer → the media end's SDP answer ready (setLocalDescription, or pc.answer of
   * media prepared while ringing), ICE and DTLS connected, ms (negative: before the answer).
   */
  sdp?: number;
  ice?: number;
  dtls?: number;
  /** Agent calls: INVITE sent → ringing in the store, ms. */
  ring?: number;
}

async function benchAnswer(bed: Bed): Promise<{ agentTimes: number[]; nativeTimes: number[] }> {
  const agentCalls: AnsweredCall[] = [];
  const nativeCalls: AnsweredCall[] = [];
  // Agent and native calls in turn, so both see the machine in the same state.
  for (let i = -WARMUP_CALLS; i < ANSWER_CALLS; i++) {
    const agentCall = await answeredByAgent(bed);
    const nativeCall = await answeredByPlainPhone(bed);
    if (i < 0) continue;
    agentCalls.push(agentCall);
    nativeCalls.push(nativeCall);
    note(
      `call ${i + 1}: agent ${agentCall.firstPacket.toFixed(1)} ms (SDP answer +${fixed(agentCall.sdp)}, 200 OK at the phone +${agentCall.ok.toFixed(1)}, ` +
        `ICE +${fixed(agentCall.ice)}, DTLS +${fixed(agentCall.dtls)}); native ${nativeCall.firstPacket.toFixed(1)} ms (200 OK at the phone +${nativeCall.ok.toFixed(1)})`,
    );
  }
  const agentTimes = agentCalls.map((c) => c.firstPacket);
  const nativeTimes = nativeCalls.map((c) => c.firstPacket);
  const summary = (times: number[]) => `p50 ${percentile(times, 50).toFixed(1)}, p90 ${percentile(times, 90).toFixed(1)}, max ${Math.max(...times).toFixed(1)} ms`;
  const mid = (calls: AnsweredCall[], pick: (c: AnsweredCall) => number | undefined) => {
    const values = calls.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? median(values).toFixed(1) : '?';
  };
  note(`agent: answer in the UI → first packet at the plain phone over ${ANSWER_CALLS} calls: ${summary(agentTimes)}`);
  note(
    `  median moments after the answer: SDP answer ready in the media end ${mid(agentCalls, (c) => c.sdp)} ms, ` +
      `200 OK on the wire at the phone ${mid(agentCalls, (c) => c.ok)} ms, agent's peer ICE-connected ${mid(agentCalls, (c) => c.ice)} ms, ` +
      `DTLS-connected ${mid(agentCalls, (c) => c.dtls)} ms, first packet ${median(agentTimes).toFixed(1)} ms`,
  );
  note(`  DTLS up before the answer (media prepared while ringing) in ${agentCalls.filter((c) => c.dtls !== undefined && c.dtls < 0).length} of ${ANSWER_CALLS} calls`);
  note(`native: accept at baresip → first packet at the calling baresip over ${ANSWER_CALLS} calls: ${summary(nativeTimes)}`);
  note(`  median moments after the answer: 200 OK on the wire at the phone ${mid(nativeCalls, (c) => c.ok)} ms, first packet ${median(nativeTimes).toFixed(1)} ms`);
  const rings = agentCalls.map((c) => c.ring!);
  note(`INVITE sent → ringing in the store in these answered calls: p50 ${percentile(rings, 50).toFixed(1)}, max ${Math.max(...rings).toFixed(1)} ms`);
  return { agentTimes, nativeTimes };
}

/** The customer's phone calls the agent, who answers in the UI; the customer hangs up. */
async function answeredByAgent(bed: Bed): Promise<AnsweredCall> {
  const { agent, customer, customerSipTap } = bed;
  const since = customer.events.length;
  // When the agent's peer connection got ICE and DTLS up: its events as they cross the bridge
  // (with the media prepared while ringing, that may be before the answer).
  const peer: { ice?: number; dtls?: number } = {};
  const off = agent.media.channel.onEvent((event) => {
    if (event.type !== 'pc.statechange') return;
    const { iceConnectionState, connectionState } = event.state;
    if (peer.ice === undefined && (iceConnectionState === 'connected' || iceConnectionState === 'completed')) peer.ice = now();
    if (peer.dtls === undefined && connectionState === 'connected') peer.dtls = now();
  });
  try {
    const { ring, callId } = await ringAgent(bed);
    const mark = customer.mark();
    const okMark = customerSipTap.datagrams().length;
    const clock = epochClock();
    const answeredAt = now();
    // The Answer button's action: the store's answer, a phone:answer command over the socket.
    const answered = agent.store.getState().answer(callId);
    const answeredAtEpoch = clock(answeredAt);
    const first = await firstPacket(customer, mark, AGENT_TONE_HZ, answeredAtEpoch, 'the agent');
    await withTimeout(answered, STEP_TIMEOUT_MS, 'the store\'s answer');
    await customer.waitFor('CALL_ESTABLISHED', { since, timeoutMs: STEP_TIMEOUT_MS });
    const ok = await okOnWire(customerSipTap, okMark);
    await withTimeout(waitForStore(agent.store, (s) => s.phone.calls.find((c) => c.id === callId && c.state === 'active')), STEP_TIMEOUT_MS, 'the call active in the store');
    // The SDP answer as JsSIP builds it (setLocalDescription), or the media prepared while ringing answering again (pc.answer).
    const sdpReady = agent.mediaRequests.find((r) => (r.op === 'pc.setLocalDescription' || r.op === 'pc.answer') && r.start >= answeredAt)?.end;

    const closed = customer.events.length;
    await customer.hangup();
    await customer.waitFor('CALL_CLOSED', { since: closed, timeoutMs: STEP_TIMEOUT_MS });
    await callsGone(agent);
    await finishWrapUp(agent, callId, 'the plain phone\'s call');
    await withTimeout(until(() => agent.media.end.peerCount === 0), STEP_TIMEOUT_MS, 'the media end\'s peer closed');
    const after = (moment: number | undefined) => (moment === undefined ? undefined : moment - answeredAt);
    return { firstPacket: first - answeredAtEpoch, ok: ok - answeredAtEpoch, sdp: after(sdpReady), ice: after(peer.ice), dtls: after(peer.dtls), ring };
  } finally {
    off();
  }
}

/** The customer's phone calls the colleague's, which answers (baresip's accept); the customer hangs up. */
async function answeredByPlainPhone(bed: Bed): Promise<AnsweredCall> {
  const { customer, colleague, customerSipTap } = bed;
  const since = customer.events.length;
  const incoming = colleague.events.length;
  await customer.dial(colleague.uri);
  await colleague.waitFor('CALL_INCOMING', { since: incoming, timeoutMs: STEP_TIMEOUT_MS });
  const mark = customer.mark();
  const okMark = customerSipTap.datagrams().length;
  const clock = epochClock();
  const answeredAt = clock(now());
  const accepted = colleague.accept();
  const first = await firstPacket(customer, mark, COLLEAGUE_HZ, answeredAt, 'the colleague');
  await accepted;
  await customer.waitFor('CALL_ESTABLISHED', { since, timeoutMs: STEP_TIMEOUT_MS });
  const ok = await okOnWire(customerSipTap, okMark);

  const closed = customer.events.length;
  const closedThere = colleague.events.length;
  await customer.hangup();
  await customer.waitFor('CALL_CLOSED', { since: closed, timeoutMs: STEP_TIMEOUT_MS });
  await colleague.waitFor('CALL_CLOSED', { since: closedThere, timeoutMs: STEP_TIMEOUT_MS });
  return { firstPacket: first - answeredAt, ok: ok - answeredAt };
}

/** The capture time (epoch ms) of the first 200 OK to an INVITE at the phone's SIP port after `mark`. */
async function okOnWire(tap: UdpTap, mark: number): Promise<number> {
  let ok: number | undefined;
  await withTimeout(until(() => (ok = firstOkToInvite(tap.datagrams(), mark)) !== undefined), STEP_TIMEOUT_MS, 'the 200 OK in the capture at the phone\'s SIP port');
  return ok!;
}


/**
 * The capture time (epoch ms) of the first G.711 packet at `phone` after `mark`, once the voice
 * at `hz` is heard in what arrived after the mark: a packet counts only on a path that carries
 * the answering side's voice, not merely packets.
 */
async function firstPacket(phone: PlainPhone, mark: number, hz: number, answeredAtEpoch: number, who: string): Promise<number> {
  let first: number | null = null;
  await withTimeout(until(() => (first = phone.firstPacketAfter(mark)) !== null), STEP_TIMEOUT_MS, `the first packet of ${who} at the plain phone`);
  await phone.waitToHear(hz, { since: mark, windowMs: 200, timeoutMs: STEP_TIMEOUT_MS });
  if (first! < answeredAtEpoch) throw new Error(`a packet reached the plain phone ${(answeredAtEpoch - first!).toFixed(1)} ms before ${who} answered`);
  return first!;
}

async function callsGone(agent: Agent): Promise<void> {
  await withTimeout(waitForStore(agent.store, (s) => s.phone.calls.length === 0), STEP_TIMEOUT_MS, 'the call gone from the store');
}

/**
 * Turns performance.now() moments into ms since the epoch, to compare them with the capture
 * times of tcpdump (the kernel's wall clock). Date.now() has whole ms only, but the moment it
 * ticks over is a whole ms: found by spinning (at most 1 ms), it pins the offset to a few µs.
 * Taken anew for each call, so a slewing wall clock cannot drift into the figures.
 */
function epochClock(): (performanceMs: number) => number {
  const start = Date.now();
  for (;;) {
    const at = now();
    const wall = Date.now();
    if (wall !== start) return (performanceMs) => performanceMs + (wall - at);
  }
}

function fixed(value: number | undefined): string {
  return value === undefined ? '?' : value.toFixed(1);
}
