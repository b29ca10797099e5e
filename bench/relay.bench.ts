// The softphone in a call center's media path: the customer on a classic SIP phone (baresip: UDP,
// plain RTP, G.711), rtpengine beside Kamailio bridging plain RTP and WebRTC, and the agent's real
// Workstation (SIP line, wrtc media end behind the media bridge) served by the real browser host
// to the real renderer store (startAgent of sip.bench.ts).
//  1. The store's answer action (the Answer button) → the first G.711 packet of the agent's voice
//     at the plain phone's media ports (ICE, DTLS and the relay included).
//  2. The same for two plain phones through the same Kamailio and rtpengine (the native
//     baseline: the called baresip's accept → the first packet of its voice at the caller), in
//     the same run, call for call in turn with 1; and the ratio of the two. Twice: the called
//     phone speaking from a WAV file (aufile, which hands over its first 20 ms frame a few ms after
//     the accept: ahead of real time), and speaking from a real-time source that runs all the
//     time, as a desk phone's codec (PulseAudio, pulse.ts), like the agent's microphone.
//  3. The INVITE sent by the plain phone (on the wire at Kamailio's UDP port) → the call
//     'ringing' in the renderer store.
// Packet times come from tcpdump on loopback (ms since the epoch, kernel time stamps); moments in
// this process are taken with performance.now() and put on the epoch with `epochClock`.
import { PlainPhone } from '../test/support/baresip';
import { startKamailio, type Kamailio } from '../test/support/kamailio';
import { ensurePulse, startPulseVoice, type PulseVoice } from '../test/support/pulse';
import { decodeG711, rtpOf, startUdpTap, type UdpDatagram, type UdpTap } from '../test/support/rtp-tap';
import { startRtpengine, type Rtpengine } from '../test/support/rtpengine';
import { frameTone, phaseFromZero } from './first-frame';
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
/** The voice of both called plain phones (the file one and the real-time one). */
const COLLEAGUE_HZ = 500;
/** baresip's packet time: one frame of audio per packet. */
const FRAME_MS = 20;

const ANSWER_GOAL = goals.below(300, 'ms');
const RATIO_GOAL = goals.atMost(1.5, '×');
/** Against the file baseline, whose first frame is ahead of real time: context (docs/benchmarks.md). */
const FILE_RATIO_GOAL = goals.none();
/** Against the real-time baseline: the like-for-like desk phone (docs/benchmarks.md). */
const LIVE_RATIO_GOAL = RATIO_GOAL;
const RING_GOAL = goals.below(50, 'ms');

interface Bed {
  rtpengine: Rtpengine;
  kamailio: Kamailio;
  /** The customer's plain phone: it calls the agent, and the colleague for the baseline. */
  customer: PlainPhone;
  /** A second plain phone: the called side of the native baseline, speaking from a WAV file. */
  colleague: PlainPhone;
  /** A third plain phone: the called side of the real-time baseline, speaking from PulseAudio. */
  desk: PlainPhone;
  /** The desk phone's voice: a PulseAudio server that plays the tone all the time. */
  voice: PulseVoice;
  /** UDP datagrams arriving at rtpengine's media ports: when a called phone's packets left it. */
  relayTap: UdpTap;
  /** The SIP ports of the called phones (their 200 OKs in sipTap). */
  sipPorts: ReadonlyMap<PlainPhone, number>;
  /** UDP datagrams arriving at Kamailio's SIP port: the INVITEs as the plain phone sent them. */
  sipTap: UdpTap;
  /** UDP datagrams arriving at the customer phone's SIP port: when the 200 OK got there. */
  customerSipTap: UdpTap;
  agent: Agent;
}

export async function benchRelay(): Promise<BenchResult[]> {
  exitBeforeWrtcTeardown();
  // Each child process (three phones, five taps, PulseAudio) kills itself on exit with a listener.
  process.setMaxListeners(Math.max(process.getMaxListeners(), 20));
  // Before anything starts: a missing PulseAudio is one line saying what to install.
  ensurePulse();
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
    const voice = await phase("the desk phone's voice up (PulseAudio)", () => startPulseVoice({ hz: COLLEAGUE_HZ }));
    onCleanup("the desk phone's voice (pulseaudio, pacat)", () => voice.stop());
    const desk = await phase('desk phone (real-time voice) registered', () =>
      PlainPhone.start({ kamailio, user: 'desk', toneHz: COLLEAGUE_HZ, liveVoice: voice }),
    );
    onCleanup('the desk phone (baresip, tcpdump)', () => desk.stop());
    const relayTap = await startUdpTap(rtpengine.mediaPorts);
    onCleanup("the relay's media tap (tcpdump)", () => relayTap.stop());
    const customerSipTap = await startUdpTap(await sipPortOf(sipTap, 'customer'));
    onCleanup("the customer phone's SIP tap (tcpdump)", () => customerSipTap.stop());
    const sipPorts = new Map([
      [colleague, (await sipPortOf(sipTap, 'colleague'))[0]],
      [desk, (await sipPortOf(sipTap, 'desk'))[0]],
    ]);
    const agent = await phase('agent, browser host, client and store up', () => startAgent(kamailio, onCleanup));
    const bed: Bed = { rtpengine, kamailio, customer, colleague, desk, voice, relayTap, sipPorts, sipTap, customerSipTap, agent };

    try {
      const ring = await phase('ring calls', () => benchRing(bed));
      const plain = await phase('answered calls, agent and native (file, real-time) in turn', () => benchAnswer(bed));
      if (agent.errors.length > 0) note(`agent logged ${agent.errors.length} errors/warnings, the first: ${agent.errors.slice(0, 3).join(' | ')}`);
      // The same with the opt-in sip.prepareMediaWhileRinging: a second agent on the same account.
      await agent.ws.stop();
      const prepared = await phase('agent with media prepared while ringing up', () =>
        startAgent(kamailio, onCleanup, { sip: { prepareMediaWhileRinging: true } }),
      );
      const early = await phase('answered calls with media prepared while ringing, agent and native (file, real-time) in turn', () =>
        benchAnswer({ ...bed, agent: prepared }),
      );
      if (prepared.errors.length > 0)
        note(`the prepared agent logged ${prepared.errors.length} errors/warnings, the first: ${prepared.errors.slice(0, 3).join(' | ')}`);
      const p = (times: number[], at: number) => percentile(times, at);
      // (The rows' names are those of earlier runs, for comparing with docs/benchmarks.md.)
      const rounds = [
        { prefix: 'relay, media prepared while ringing (opt-in):', agentRow: 'answer in the UI to first packet at the plain phone', times: early },
        { prefix: 'relay:', agentRow: 'answer in the UI to first packet of the agent at the plain phone', times: plain },
      ];
      return [
        ...rounds.flatMap(({ prefix, agentRow, times: { agent: a, file, live } }) => [
          result(`${prefix} ${agentRow} p50`, p(a, 50), 'ms', goals.none()),
          result(`${prefix} ${agentRow} p99`, p(a, 99), 'ms', ANSWER_GOAL),
          result(`${prefix} native baseline, answer at baresip to first packet at the calling baresip p50`, p(file, 50), 'ms', goals.none()),
          result(`${prefix} native baseline, answer at baresip to first packet at the calling baresip p99`, p(file, 99), 'ms', goals.none()),
          result(
            `${prefix} real-time native baseline, answer at baresip speaking from PulseAudio to first packet at the calling baresip p50`,
            p(live, 50),
            'ms',
            goals.none(),
          ),
          result(
            `${prefix} real-time native baseline, answer at baresip speaking from PulseAudio to first packet at the calling baresip p99`,
            p(live, 99),
            'ms',
            goals.none(),
          ),
          result(`${prefix} agent vs native, p50 / p50`, p(a, 50) / p(file, 50), '×', FILE_RATIO_GOAL),
          result(`${prefix} agent vs native, p99 / p99`, p(a, 99) / p(file, 99), '×', FILE_RATIO_GOAL),
          result(`${prefix} agent vs real-time native, p50 / p50`, p(a, 50) / p(live, 50), '×', LIVE_RATIO_GOAL),
          result(`${prefix} agent vs real-time native, p99 / p99`, p(a, 99) / p(live, 99), '×', LIVE_RATIO_GOAL),
        ]),
        result('relay: INVITE sent by the plain phone to ringing in the renderer store p50', percentile(ring, 50), 'ms', goals.none()),
        result('relay: INVITE sent by the plain phone to ringing in the renderer store p99', percentile(ring, 99), 'ms', RING_GOAL),
      ];
    } catch (error) {
      note(`agent logged ${agent.errors.length} errors/warnings: ${agent.errors.slice(0, 5).join(' | ')}`);
      note(
        `--- customer phone ---\n${customer.logs().slice(-3000)}\n--- colleague phone ---\n${colleague.logs().slice(-3000)}\n--- desk phone ---\n${desk.logs().slice(-3000)}`,
      );
      note(`--- PulseAudio (the desk phone's voice) ---\n${voice.logs().slice(-3000)}`);
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
  note(
    `INVITE sent → ringing in the store over ${RING_CALLS} calls: p50 ${percentile(times, 50).toFixed(1)}, p90 ${percentile(times, 90).toFixed(1)}, p99 ${percentile(times, 99).toFixed(1)}, max ${Math.max(...times).toFixed(1)} ms`,
  );
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
    const { at, value: call } = await withTimeout(ringing, STEP_TIMEOUT_MS, "the plain phone's call ringing in the store");
    let invite: UdpDatagram | undefined;
    await withTimeout(
      until(() => (invite = firstInvite(sipTap.datagrams(), mark, 'agent7')) !== undefined),
      STEP_TIMEOUT_MS,
      "the INVITE in the capture at Kamailio's UDP port",
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

/** The capture time of the first 200 OK to an INVITE after `mark` (sent from `sourcePort`, if given). */
function firstOkToInvite(datagrams: readonly UdpDatagram[], mark: number, sourcePort?: number): number | undefined {
  for (let i = mark; i < datagrams.length; i++) {
    if (sourcePort !== undefined && datagrams[i]!.sourcePort !== sourcePort) continue;
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

interface NativeCall extends AnsweredCall {
  /** Answer → the 200 OK leaving the called phone (its capture at Kamailio's UDP port), ms. */
  okSent: number;
  /** Answer → the first G.711 packet leaving the called phone (its capture at rtpengine), ms. */
  sent: number;
  /** What that first packet holds: the tone's phase at its first sample, its rms. */
  phaseDeg: number;
  rms: number;
  /**
   * Real-time phone: answer → the last record stream its ALSA pulse plugin opened before that
   * packet, as `pactl subscribe` reported it (late by the bench's event loop), ms.
   */
  opened?: number;
  /** Real-time phone: answer → its ALSA pulse plugin connected to PulseAudio (likewise), ms. */
  connected?: number;
}

async function benchAnswer(bed: Bed): Promise<{ agent: number[]; file: number[]; live: number[] }> {
  const agentCalls: AnsweredCall[] = [];
  const fileCalls: NativeCall[] = [];
  const liveCalls: NativeCall[] = [];
  // Agent and native calls in turn, so all see the machine in the same state.
  for (let i = -WARMUP_CALLS; i < ANSWER_CALLS; i++) {
    const agentCall = await answeredByAgent(bed);
    const fileCall = await answeredByPlainPhone(bed, bed.colleague);
    const liveCall = await answeredByPlainPhone(bed, bed.desk);
    if (i < 0) continue;
    agentCalls.push(agentCall);
    fileCalls.push(fileCall);
    liveCalls.push(liveCall);
    note(
      `call ${i + 1}: agent ${agentCall.firstPacket.toFixed(1)} ms (SDP answer +${fixed(agentCall.sdp)}, 200 OK at the phone +${agentCall.ok.toFixed(1)}, ` +
        `ICE +${fixed(agentCall.ice)}, DTLS +${fixed(agentCall.dtls)}); native ${nativeLine(fileCall)}; real-time native ${nativeLine(liveCall)}`,
    );
  }
  const agentTimes = agentCalls.map((c) => c.firstPacket);
  const summary = (times: number[]) =>
    `p50 ${percentile(times, 50).toFixed(1)}, p90 ${percentile(times, 90).toFixed(1)}, max ${Math.max(...times).toFixed(1)} ms`;
  const mid = <T>(calls: T[], pick: (c: T) => number | undefined) => {
    const values = calls.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? median(values).toFixed(1) : '?';
  };
  note(`agent: answer in the UI → first packet at the plain phone over ${ANSWER_CALLS} calls: ${summary(agentTimes)}`);
  note(
    `  median moments after the answer: SDP answer ready in the media end ${mid(agentCalls, (c) => c.sdp)} ms, ` +
      `200 OK on the wire at the phone ${mid(agentCalls, (c) => c.ok)} ms, agent's peer ICE-connected ${mid(agentCalls, (c) => c.ice)} ms, ` +
      `DTLS-connected ${mid(agentCalls, (c) => c.dtls)} ms, first packet ${median(agentTimes).toFixed(1)} ms`,
  );
  note(
    `  DTLS up before the answer (media prepared while ringing) in ${agentCalls.filter((c) => c.dtls !== undefined && c.dtls < 0).length} of ${ANSWER_CALLS} calls`,
  );
  for (const [name, calls] of [
    ['native (WAV file, aufile)', fileCalls],
    ['real-time native (PulseAudio)', liveCalls],
  ] as const) {
    const times = calls.map((c) => c.firstPacket);
    note(`${name}: accept at baresip → first packet at the calling baresip over ${ANSWER_CALLS} calls: ${summary(times)}`);
    note(
      `  median moments after the accept: 200 OK leaves the phone ${mid(calls, (c) => c.okSent)} ms, on the wire at the caller ${mid(calls, (c) => c.ok)} ms` +
        (calls.some((c) => c.opened !== undefined)
          ? `, ALSA pulse plugin connected ${mid(calls, (c) => c.connected)} ms, its record stream opened ${mid(calls, (c) => c.opened)} ms (both as pactl subscribe reported them)`
          : '') +
        `, first packet leaves the phone ${mid(calls, (c) => c.sent)} ms, at the caller ${median(times).toFixed(1)} ms`,
    );
    // baresip starts the call's audio source before it sends the 200 OK (call_answer: the media,
    // then the answer), so a source that keeps real time cannot have its first frame of FRAME_MS
    // out before FRAME_MS after the 200 OK left.
    const afterOk = (c: NativeCall) => c.sent - c.okSent;
    const early = calls.filter((c) => afterOk(c) < FRAME_MS);
    const atZero = calls.filter((c) => phaseFromZero(c.phaseDeg) < 10);
    note(
      `  first packet: rms ${mid(calls, (c) => c.rms)} (a full frame of tone: ${Math.round(8000 / Math.SQRT2)}), tone at phase 0±10° at its first sample in ${atZero.length} of ${calls.length} calls ` +
        `(phases ${calls.map((c) => Math.round(c.phaseDeg)).join(' ')}); it left the phone ${mid(calls, afterOk)} ms after the 200 OK (median), less than one frame (${FRAME_MS} ms) after it in ${early.length} of ${calls.length} calls` +
        (early.length ? `: ahead of real time by ${mid(early, (c) => FRAME_MS - afterOk(c))} ms (median) at least` : ''),
    );
  }
  const rings = agentCalls.map((c) => c.ring!);
  note(`INVITE sent → ringing in the store in these answered calls: p50 ${percentile(rings, 50).toFixed(1)}, max ${Math.max(...rings).toFixed(1)} ms`);
  return { agent: agentTimes, file: fileCalls.map((c) => c.firstPacket), live: liveCalls.map((c) => c.firstPacket) };
}

function nativeLine(call: NativeCall): string {
  const opened = call.opened === undefined ? '' : `, stream opened +${call.opened.toFixed(1)}`;
  return `${call.firstPacket.toFixed(1)} ms (200 OK leaves +${call.okSent.toFixed(1)}${opened}, first packet leaves +${call.sent.toFixed(1)}, phase ${Math.round(call.phaseDeg)}°)`;
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
    await withTimeout(answered, STEP_TIMEOUT_MS, "the store's answer");
    await customer.waitFor('CALL_ESTABLISHED', { since, timeoutMs: STEP_TIMEOUT_MS });
    const ok = await okOnWire(customerSipTap, okMark);
    await withTimeout(
      waitForStore(agent.store, (s) => s.phone.calls.find((c) => c.id === callId && c.state === 'active')),
      STEP_TIMEOUT_MS,
      'the call active in the store',
    );
    // The SDP answer as JsSIP builds it (setLocalDescription), or the media prepared while ringing answering again (pc.answer).
    const sdpReady = agent.mediaRequests.find((r) => (r.op === 'pc.setLocalDescription' || r.op === 'pc.answer') && r.start >= answeredAt)?.end;

    const closed = customer.events.length;
    await customer.hangup();
    await customer.waitFor('CALL_CLOSED', { since: closed, timeoutMs: STEP_TIMEOUT_MS });
    await callsGone(agent);
    await finishWrapUp(agent, callId, "the plain phone's call");
    await withTimeout(
      until(() => agent.media.end.peerCount === 0),
      STEP_TIMEOUT_MS,
      "the media end's peer closed",
    );
    const after = (moment: number | undefined) => (moment === undefined ? undefined : moment - answeredAt);
    return { firstPacket: first - answeredAtEpoch, ok: ok - answeredAtEpoch, sdp: after(sdpReady), ice: after(peer.ice), dtls: after(peer.dtls), ring };
  } finally {
    off();
  }
}

/** The customer's phone calls `callee` (the colleague's or the desk phone), which answers (baresip's accept); the customer hangs up. */
async function answeredByPlainPhone(bed: Bed, callee: PlainPhone): Promise<NativeCall> {
  const { customer, customerSipTap, relayTap, sipTap, voice } = bed;
  const since = customer.events.length;
  const incoming = callee.events.length;
  await customer.dial(callee.uri);
  await callee.waitFor('CALL_INCOMING', { since: incoming, timeoutMs: STEP_TIMEOUT_MS });
  const mark = customer.mark();
  const okMark = customerSipTap.datagrams().length;
  const relayMark = relayTap.datagrams().length;
  const sipMark = sipTap.datagrams().length;
  const pulseMark = voice.events.length;
  const clock = epochClock();
  const answeredAtPerf = now();
  const answeredAt = clock(answeredAtPerf);
  const accepted = callee.accept();
  const first = await firstPacket(customer, mark, COLLEAGUE_HZ, answeredAt, `the ${callee.options.user}`);
  await accepted;
  await customer.waitFor('CALL_ESTABLISHED', { since, timeoutMs: STEP_TIMEOUT_MS });
  const ok = await okOnWire(customerSipTap, okMark);
  let sent: { at: number; samples: Int16Array } | undefined;
  await withTimeout(
    until(() => (sent = firstSentBy(relayTap.datagrams(), relayMark, callee.rtpPorts)) !== undefined),
    STEP_TIMEOUT_MS,
    `the first packet of the ${callee.options.user} at rtpengine`,
  );
  let okSent: number | undefined;
  await withTimeout(
    until(() => (okSent = firstOkToInvite(sipTap.datagrams(), sipMark, bed.sipPorts.get(callee))) !== undefined),
    STEP_TIMEOUT_MS,
    `the 200 OK of the ${callee.options.user} at Kamailio`,
  );
  const streams = voice.events.slice(pulseMark).filter((e) => e.kind === 'new' && e.facility === 'source-output' && clock(e.at) <= sent!.at);
  const opened = callee === bed.desk && streams.length > 0 ? clock(streams[streams.length - 1]!.at) - answeredAt : undefined;
  const client = voice.events.slice(pulseMark).find((e) => e.kind === 'new' && e.facility === 'client');
  const connected = callee === bed.desk && client ? clock(client.at) - answeredAt : undefined;
  const tone = frameTone(sent!.samples, COLLEAGUE_HZ);

  const closed = customer.events.length;
  const closedThere = callee.events.length;
  await customer.hangup();
  await customer.waitFor('CALL_CLOSED', { since: closed, timeoutMs: STEP_TIMEOUT_MS });
  await callee.waitFor('CALL_CLOSED', { since: closedThere, timeoutMs: STEP_TIMEOUT_MS });
  return {
    firstPacket: first - answeredAt,
    ok: ok - answeredAt,
    okSent: okSent! - answeredAt,
    sent: sent!.at - answeredAt,
    phaseDeg: tone.phaseDeg,
    rms: tone.rms,
    opened,
    connected,
  };
}

/** The first G.711 packet after `mark` sent from a port in `ports` (a phone's media ports): its capture time and samples. */
function firstSentBy(datagrams: readonly UdpDatagram[], mark: number, ports: readonly [number, number]): { at: number; samples: Int16Array } | undefined {
  for (let i = mark; i < datagrams.length; i++) {
    const datagram = datagrams[i]!;
    if (datagram.sourcePort < ports[0] || datagram.sourcePort > ports[1]) continue;
    const packet = rtpOf(datagram);
    if (packet && (packet.payloadType === 0 || packet.payloadType === 8)) return { at: packet.at, samples: decodeG711([packet]) };
  }
  return undefined;
}

/** The capture time (epoch ms) of the first 200 OK to an INVITE at the phone's SIP port after `mark`. */
async function okOnWire(tap: UdpTap, mark: number): Promise<number> {
  let ok: number | undefined;
  await withTimeout(
    until(() => (ok = firstOkToInvite(tap.datagrams(), mark)) !== undefined),
    STEP_TIMEOUT_MS,
    "the 200 OK in the capture at the phone's SIP port",
  );
  return ok!;
}

/**
 * The capture time (epoch ms) of the first G.711 packet at `phone` after `mark`, once the voice
 * at `hz` is heard in what arrived after the mark: a packet counts only on a path that carries
 * the answering side's voice, not merely packets.
 */
async function firstPacket(phone: PlainPhone, mark: number, hz: number, answeredAtEpoch: number, who: string): Promise<number> {
  let first: number | null = null;
  await withTimeout(
    until(() => (first = phone.firstPacketAfter(mark)) !== null),
    STEP_TIMEOUT_MS,
    `the first packet of ${who} at the plain phone`,
  );
  await phone.waitToHear(hz, { since: mark, windowMs: 200, timeoutMs: STEP_TIMEOUT_MS });
  if (first! < answeredAtEpoch) throw new Error(`a packet reached the plain phone ${(answeredAtEpoch - first!).toFixed(1)} ms before ${who} answered`);
  return first!;
}

async function callsGone(agent: Agent): Promise<void> {
  await withTimeout(
    waitForStore(agent.store, (s) => s.phone.calls.length === 0),
    STEP_TIMEOUT_MS,
    'the call gone from the store',
  );
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
