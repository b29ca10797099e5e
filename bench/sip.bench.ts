// The softphone on a real SIP path: one real Kamailio on loopback, a customer far end (JsSIP on
// @roamhq/wrtc) and the agent's real Workstation with its SIP line, its media end on wrtc, served
// by the real browser host to a Node WebSocket client that drives the real renderer store.
//  1. INVITE arriving at the agent's JsSIP UA → the call 'ringing' in the renderer's store.
//  2. The phone:answer command sent over the browser host's socket → the 200 OK (with the SDP
//     answer of the wrtc peer behind the media bridge) arriving at the customer's JsSIP UA.
//  3. Workstation.start() → line registered (snapshot via onState).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { buildApi, type AnlaufApi, type CallView, type CommandName, type EventName, type Snapshot, type WireMessage } from '../src-main/contract';
import { Dispatcher } from '../src-main/api/dispatcher';
import type { Logger, LogLevel } from '../src-main/core/log';
import { Workstation } from '../src-main/core/workstation';
import { startWebHost, SOCKET_PATH, type WebHost } from '../src-main/web/server';
import { createAnlaufStore, type AnlaufState, type AnlaufStore } from '../src-renderer/store';
import { FarEnd, type FarCall } from '../test/support/far-end';
import { startKamailio, type Kamailio } from '../test/support/kamailio';
import { resourcesDir } from '../test/support/paths';
import { createWrtcMediaEnd, type WrtcMediaEnd } from '../test/support/wrtc-media';
import { goals, median, note, now, percentile, result, warnIfNotOnDisk, type BenchResult } from './harness';

const RING_CALLS = 100;
const ANSWER_CALLS = 50;
/** Untimed calls first: JIT, the first wrtc peer, the first SQLite pages. */
const WARMUP_CALLS = 3;
const STARTS = 10;
export const STEP_TIMEOUT_MS = 10_000;

const RING_GOAL = goals.below(50, 'ms');
const ANSWER_GOAL = goals.below(150, 'ms');
const REGISTER_GOAL = goals.below(300, 'ms');

/** The agent's "voice": the tone its wrtc media end sends as the microphone. */
export const AGENT_TONE_HZ = 660;

/** What an IVR in front of the agent puts on a call; X-Customer-Number tells the calls apart. */
const IVR_HEADERS = ['X-Concern: Stromausfall melden', 'X-Queue: stoerung', 'X-Client: Stadtwerke Nord', 'X-Campaign: Störungsannahme'];

export async function benchSip(): Promise<BenchResult[]> {
  exitBeforeWrtcTeardown();
  return withCleanups(async (onCleanup) => {
    const kamailio = await phase('Kamailio up', () => startKamailio({ debug: 1 }));
    onCleanup('Kamailio', () => kamailio.stop());
    // The far end first: it puts @roamhq/wrtc's WebRTC into the globals JsSIP looks up.
    const customer = await phase('customer far end registered', () => FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin' }));
    onCleanup('the customer far end', () => customer.stop());

    const register = await phase('start to registered', () => benchRegister(kamailio, onCleanup));
    const agent = await phase('agent, browser host, client and store up', () => startAgent(kamailio, onCleanup));
    const ring = await phase('ring calls', () => benchRing(agent, customer));
    const answer = await phase('answered calls', () => benchAnswer(agent, customer));
    if (agent.errors.length > 0) note(`agent logged ${agent.errors.length} errors/warnings, the first: ${agent.errors.slice(0, 3).join(' | ')}`);

    return [
      result('SIP INVITE at the agent UA to ringing in the renderer store p50', percentile(ring, 50), 'ms', goals.none()),
      result('SIP INVITE at the agent UA to ringing in the renderer store p99', percentile(ring, 99), 'ms', RING_GOAL),
      result('SIP answer command to 200 OK at the caller p50', percentile(answer, 50), 'ms', goals.none()),
      result('SIP answer command to 200 OK at the caller p99', percentile(answer, 99), 'ms', ANSWER_GOAL),
      result('SIP line start to registered (loopback Kamailio)', median(register), 'ms', REGISTER_GOAL),
    ];
  });
}

/** Registers a clean-up; they run last first. */
export type OnCleanup = (what: string, run: () => unknown) => void;

/** Runs `fn`, then stops everything it started (last first), even when a measurement throws. */
export async function withCleanups<T>(fn: (onCleanup: OnCleanup) => Promise<T>): Promise<T> {
  const cleanups: { what: string; run: () => unknown }[] = [];
  try {
    return await fn((what, run) => cleanups.push({ what, run }));
  } finally {
    for (const { what, run } of cleanups.reverse()) {
      try {
        await run();
      } catch (error) {
        note(`cleanup of ${what} failed: ${String(error)}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Start → registered

async function benchRegister(kamailio: Kamailio, onCleanup: OnCleanup): Promise<number[]> {
  const times: number[] = [];
  const stopping: Promise<void>[] = [];
  for (let i = 0; i < STARTS; i++) {
    // agent8, so agent7's registration for the call benchmarks is never touched.
    const { ws, stop } = makeWorkstation(kamailio, 'agent8', onCleanup);
    const registered = waitForState(ws, (snapshot) => snapshot.line.status === 'registered').then(() => now());
    const started = now();
    await ws.start();
    times.push((await withTimeout(registered, STEP_TIMEOUT_MS, `start ${i + 1}: agent8 registered`)) - started);
    // SipLine.stop() takes 2 s (JsSIP's close timer once an un-REGISTER is in flight): let it run
    // out in the background, but only start the next line once the un-REGISTER was answered.
    const ua = sipUa(ws);
    stopping.push(stop());
    await withTimeout(
      until(() => Object.keys(ua._transactions.nict).length === 0),
      STEP_TIMEOUT_MS,
      `start ${i + 1}: un-REGISTER answered`,
    );
  }
  await Promise.all(stopping);
  note(`start to registered: ${times.map((t) => t.toFixed(1)).join(', ')} ms (JsSIP was already loaded by the far end)`);
  return times;
}

// ---------------------------------------------------------------------------------------------
// The agent: Workstation + wrtc media end + browser host + Node client + renderer store

export interface Agent {
  ws: Workstation;
  media: WrtcMediaEnd;
  host: WebHost;
  client: WireClient;
  api: AnlaufApi;
  store: AnlaufStore;
  /** performance.now() when each INVITE (by X-Customer-Number) reached the agent's JsSIP UA. */
  inviteAt: Map<string, number>;
  /** Moments on the agent's side of each call (by X-Customer-Number), for the breakdown. */
  marks: Map<string, Marks>;
  /** The latest requests to the media end with their start and end. */
  mediaRequests: { op: string; start: number; end: number }[];
  errors: string[];
}

/** What differs between the benchmarks that use the agent. */
export interface AgentOptions {
  /** A data folder prepared beforehand (e.g. with an imported customer directory); the caller removes it. Default: a fresh temp folder. */
  dataDir?: string;
  /** Settings beside the SIP account (e.g. `clients`, `agent`), written into the agent's config file. */
  settings?: Record<string, unknown>;
  /** More of the SIP account's settings (e.g. `prepareMediaWhileRinging`). */
  sip?: Record<string, unknown>;
}

/**
 * The agent of agent7: its Workstation with the SIP line (registered), a wrtc media end, the
 * browser host, a Node client on its socket and the renderer store on that client (connected).
 */
export async function startAgent(kamailio: Kamailio, onCleanup: OnCleanup, options: AgentOptions = {}): Promise<Agent> {
  const { ws, dataDir, errors } = makeWorkstation(kamailio, 'agent7', onCleanup, options);
  warnIfNotOnDisk(dataDir); // the call-log write of a ringing call is on the measured path
  const media = createWrtcMediaEnd(AGENT_TONE_HZ);
  onCleanup('the wrtc media end', () => media.close());
  // Each request to the media end, timed: where an answer's time goes inside the bridge.
  const mediaRequests: Agent['mediaRequests'] = [];
  const channel = media.channel;
  ws.media.attach({
    ...channel,
    request: async (request) => {
      const entry = { op: request.op, start: now(), end: NaN };
      mediaRequests.push(entry);
      if (mediaRequests.length > 200) mediaRequests.splice(0, 100);
      try {
        return await channel.request(request);
      } finally {
        entry.end = now();
      }
    },
  });

  const registered = waitForState(ws, (s) => s.line.status === 'registered');
  await ws.start();
  await withTimeout(registered, STEP_TIMEOUT_MS, 'agent7 registered');

  // Where the INVITE enters JsSIP: the transport's data callback, which the WebSocket's message
  // handler calls with the raw text (before JsSIP parses it).
  const inviteAt = new Map<string, number>();
  const ua = sipUa(ws);
  // JsSIP leaves Timer H (32 s) of an INVITE server transaction running after the ACK to a
  // rejection came and the transaction ended, and SipLine.stop() cannot reach it: each rejected
  // call would keep Node alive for 32 s after the benchmark. Clear it once the transaction ends.
  const destroyTransaction = ua.destroyTransaction;
  ua.destroyTransaction = function (this: JsSipUa, transaction: { H?: NodeJS.Timeout }) {
    if (transaction.H) clearTimeout(transaction.H);
    return destroyTransaction.call(this, transaction);
  };
  const transport = ua._transport;
  const ondata = transport.ondata;
  transport.ondata = (data) => {
    if (typeof data.message === 'string' && data.message.startsWith('INVITE ')) {
      const tag = /^X-Customer-Number:\s*(\S+)\s*$/im.exec(data.message)?.[1];
      if (tag && !inviteAt.has(tag)) inviteAt.set(tag, now());
    }
    return ondata.call(transport, data);
  };
  const marks: Agent['marks'] = new Map();
  // First in line, before the SIP line's own listener handles the call.
  ua.prependListener('newRTCSession', (event) => {
    if (event.originator !== 'remote') return;
    const tag = String(event.request.getHeader('X-Customer-Number') ?? '').trim();
    if (!tag) return;
    const m: Marks = { session: now() };
    marks.set(tag, m);
    event.session.once('peerconnection', () => (m.peerconnection = now()));
    event.session.once('icecandidate', () => (m.candidate = now()));
    event.session.on('sdp', (e: { originator: string }) => {
      if (e.originator === 'local') m.sdp = now();
    });
  });

  // How long the durable call-log write of a ringing call takes (it comes before the snapshot).
  const recordRinging = ws.callLog.recordRinging.bind(ws.callLog);
  ws.callLog.recordRinging = (call) => {
    const started = now();
    try {
      return recordRinging(call);
    } finally {
      const m = call.ivr.customerNumber ? marks.get(call.ivr.customerNumber) : undefined;
      if (m) m.logWriteMs = now() - started;
    }
  };
  // When the workstation emits the first snapshot with the call ringing (before the browser
  // host's listener, which subscribes later, serialises and sends it).
  ws.onState((snapshot) => {
    for (const call of snapshot.calls) {
      const m = call.ivr.customerNumber ? marks.get(call.ivr.customerNumber) : undefined;
      if (m && call.state === 'ringing' && m.snapshot === undefined) m.snapshot = now();
    }
  });

  const { host, client, api, store } = await connectStore(ws, dataDir, errors, onCleanup, (s) => s.phone.line?.status === 'registered' && s.callLog.loaded);
  return { ws, media, host, client, api, store, inviteAt, marks, mediaRequests, errors };
}

/** The browser host, its Node client and the renderer store on it: what an agent's page has. */
export interface StoreConnection {
  host: WebHost;
  client: WireClient;
  api: AnlaufApi;
  store: AnlaufStore;
}

/**
 * Serves `ws` by the real browser host (its page folder under `dataDir`), connects a Node client
 * to its socket and starts the real renderer store on that client; resolves once the store is
 * connected and `ready` holds. Needs no SIP line: the agent-work benchmark runs it on the
 * training line alone.
 */
export async function connectStore(
  ws: Workstation,
  dataDir: string,
  errors: string[],
  onCleanup: OnCleanup,
  ready: (state: AnlaufState) => boolean,
): Promise<StoreConnection> {
  const rendererDir = path.join(dataDir, 'renderer');
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const host = await startWebHost({
    port: 0,
    rendererDir,
    bridgeFile: path.join(rendererDir, 'bridge.js'),
    dispatcher: new Dispatcher(ws),
    logger: collectingLogger(errors),
  });
  onCleanup('the browser host', () => host.close());

  const client = await WireClient.connect(host);
  onCleanup('the browser host client', () => client.close());
  const api = buildApi(
    (command, request) => client.invoke(command, request),
    (event, listener) => client.subscribe(event, listener),
  );
  const store = createAnlaufStore(api);
  const stopStore = store.getState().start();
  onCleanup('the renderer store', stopStore);
  await withTimeout(
    waitForStore(store, (s) => s.app.status === 'connected' && ready(s)),
    STEP_TIMEOUT_MS,
    'the renderer store connected',
  );
  return { host, client, api, store };
}

// ---------------------------------------------------------------------------------------------
// 1. INVITE → ringing in the store

async function benchRing(agent: Agent, customer: FarEnd): Promise<number[]> {
  const times: number[] = [];
  const parts = { parse: [] as number[], core: [] as number[], log: [] as number[], wire: [] as number[] };
  let slowest = { total: -1, text: '' };
  for (let i = -WARMUP_CALLS; i < RING_CALLS; i++) {
    const tag = `RING-${i + WARMUP_CALLS}`;
    const ringing = waitForStore(agent.store, (s) => findCall(s, tag, 'ringing'));
    const farCall = customer.call('agent7', { extraHeaders: [`X-Customer-Number: ${tag}`, ...IVR_HEADERS] });
    const { at, value: call } = await withTimeout(ringing, STEP_TIMEOUT_MS, `call ${tag} ringing in the store`);
    const invite = agent.inviteAt.get(tag);
    if (invite === undefined) throw new Error(`the INVITE of ${tag} was not seen at the agent's UA`);
    if (i >= 0) {
      times.push(at - invite);
      const m = agent.marks.get(tag);
      if (m?.session !== undefined && m.snapshot !== undefined && m.logWriteMs !== undefined) {
        parts.parse.push(m.session - invite);
        parts.core.push(m.snapshot - m.session);
        parts.log.push(m.logWriteMs);
        parts.wire.push(at - m.snapshot);
        if (at - invite > slowest.total) {
          slowest = {
            total: at - invite,
            text: `${tag}: ${(at - invite).toFixed(1)} ms = ${(m.session - invite).toFixed(1)} + ${(m.snapshot - m.session).toFixed(1)} (call-log write ${m.logWriteMs.toFixed(1)}) + ${(at - m.snapshot).toFixed(1)}`,
          };
        }
      }
    }
    // The agent rejects from the store, over the socket, as the Reject button does.
    await agent.store.getState().reject(call.id);
    await endOfCall(agent, farCall, tag);
    agent.inviteAt.delete(tag);
    agent.marks.delete(tag);
  }
  note(
    `INVITE → ringing in the store over ${RING_CALLS} calls: p50 ${percentile(times, 50).toFixed(1)}, p90 ${percentile(times, 90).toFixed(1)}, p99 ${percentile(times, 99).toFixed(1)}, max ${Math.max(...times).toFixed(1)} ms`,
  );
  if (parts.parse.length) {
    note(
      `  median parts: INVITE at the UA → JsSIP's newRTCSession (parse, transaction) ${median(parts.parse).toFixed(1)} ms; ` +
        `→ snapshot emitted (SIP line, phone service, call-log write ${median(parts.log).toFixed(1)} ms) ${median(parts.core).toFixed(1)} ms; ` +
        `→ ringing in the store (JSON, socket, client, zustand) ${median(parts.wire).toFixed(1)} ms`,
    );
    note(`  slowest ${slowest.text}`);
    note(
      `  the durable call-log write of the ringing call (before the snapshot): p50 ${percentile(parts.log, 50).toFixed(1)}, p99 ${percentile(parts.log, 99).toFixed(1)}, max ${Math.max(...parts.log).toFixed(1)} ms`,
    );
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// 2. Answer → 200 OK at the caller

async function benchAnswer(agent: Agent, customer: FarEnd): Promise<number[]> {
  // The 200 OK as it reaches the customer's JsSIP UA (raw text, before JsSIP parses it).
  const okAt = new Map<string, number>();
  let withoutCandidates = 0;
  const transport = (customer.ua as JsSipUa)._transport;
  const ondata = transport.ondata;
  transport.ondata = (data) => {
    if (typeof data.message === 'string' && data.message.startsWith('SIP/2.0 200') && /^CSeq:\s*\d+\s+INVITE\s*$/im.test(data.message)) {
      const callId = /^(?:Call-ID|i):\s*(\S+)\s*$/im.exec(data.message)?.[1];
      if (callId && !okAt.has(callId)) {
        okAt.set(callId, now());
        if (!/^a=candidate:/m.test(data.message)) withoutCandidates++;
      }
    }
    return ondata.call(transport, data);
  };

  const times: number[] = [];
  const accepted: number[] = [];
  const parts = { media: [] as number[], sdp: [] as number[], wire: [] as number[] };
  let waitedForCandidates = 0;
  let slowest = { total: -1, text: '' };
  try {
    for (let i = -WARMUP_CALLS; i < ANSWER_CALLS; i++) {
      const tag = `ANSWER-${i + WARMUP_CALLS}`;
      const ringing = waitForStore(agent.store, (s) => findCall(s, tag, 'ringing'));
      const farCall = customer.call('agent7', { extraHeaders: [`X-Customer-Number: ${tag}`, ...IVR_HEADERS] });
      const { value: call } = await withTimeout(ringing, STEP_TIMEOUT_MS, `call ${tag} ringing in the store`);
      const sipCallId = String(farCall.request?.call_id ?? '');
      if (!sipCallId) throw new Error(`no Call-ID for ${tag}`);
      let acceptedAt: number | undefined;
      farCall.session.once('accepted', () => (acceptedAt = now()));

      const sent = now();
      const answered = agent.api.phone.answer({ callId: call.id });
      await withTimeout(answered, STEP_TIMEOUT_MS, `phone:answer of ${tag}`);
      await farCall.waitForState('confirmed', STEP_TIMEOUT_MS);
      const ok = okAt.get(sipCallId);
      if (ok === undefined) throw new Error(`the 200 OK of ${tag} was not seen at the customer's UA`);
      if (i >= 0) {
        times.push(ok - sent);
        if (acceptedAt !== undefined) accepted.push(acceptedAt - sent);
        const m = agent.marks.get(tag);
        if (m?.peerconnection !== undefined && m.sdp !== undefined) {
          parts.media.push(m.peerconnection - sent);
          parts.sdp.push(m.sdp - m.peerconnection);
          parts.wire.push(ok - m.sdp);
          if (m.candidate !== undefined && m.candidate < m.sdp) waitedForCandidates++;
        }
        if (ok - sent > slowest.total) {
          const part = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? '?' : (to - from).toFixed(1));
          const requests = agent.mediaRequests
            .filter((r) => r.start >= sent && r.start <= ok)
            .map((r) => `${r.op} at +${(r.start - sent).toFixed(1)} took ${(r.end - r.start).toFixed(1)}`);
          slowest = {
            total: ok - sent,
            text: `${tag}: ${(ok - sent).toFixed(1)} ms = ${part(sent, m?.peerconnection)} + ${part(m?.peerconnection, m?.sdp)} + ${part(m?.sdp, ok)}; media requests: ${requests.join(', ')}`,
          };
        }
      }
      await withTimeout(
        waitForStore(agent.store, (s) => findCall(s, tag, 'active')),
        STEP_TIMEOUT_MS,
        `call ${tag} active in the store`,
      );
      await farCall.hangup(STEP_TIMEOUT_MS);
      await endOfCall(agent, farCall, tag);
      await finishWrapUp(agent, call.id, tag);
      await withTimeout(
        until(() => agent.media.end.peerCount === 0),
        STEP_TIMEOUT_MS,
        `the media end's peer of ${tag} closed`,
      );
      okAt.delete(sipCallId);
      agent.inviteAt.delete(tag);
      agent.marks.delete(tag);
    }
  } finally {
    transport.ondata = ondata;
  }
  note(
    `answer → 200 OK at the caller over ${ANSWER_CALLS} calls: p50 ${percentile(times, 50).toFixed(1)}, p90 ${percentile(times, 90).toFixed(1)}, p99 ${percentile(times, 99).toFixed(1)}, max ${Math.max(...times).toFixed(1)} ms`,
  );
  if (accepted.length)
    note(
      `  to JsSIP's 'accepted' at the caller (after its setRemoteDescription): p50 ${percentile(accepted, 50).toFixed(1)}, p99 ${percentile(accepted, 99).toFixed(1)} ms`,
    );
  if (parts.media.length) {
    note(
      `  median parts: command → bridged peer connection made (dispatcher, getUserMedia over the bridge) ${median(parts.media).toFixed(1)} ms; ` +
        `→ SDP answer ready (remote description, answer, local description, ICE gathering, all via the bridge) ${median(parts.sdp).toFixed(1)} ms; ` +
        `→ 200 OK at the caller (JsSIP send, Kamailio, JsSIP receive) ${median(parts.wire).toFixed(1)} ms`,
    );
    note(`  slowest ${slowest.text}`);
    note(
      `  JsSIP waited for ICE candidates (the SIP line's 100 ms gather timer armed) in ${waitedForCandidates} of ${parts.media.length} calls; gathering was complete at once in the others`,
    );
  }
  if (withoutCandidates > 0) note(`  warning: ${withoutCandidates} 200 OKs carried no a=candidate line`);
  return times;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * @roamhq/wrtc 0.10 crashes the process (SIGSEGV, exit code 139, sometimes SIGABRT 134) while
 * Node tears down its environment after a natural exit, once any RTCAudioSource was made (the
 * far end's and the media end's tones); node-webrtc issue #636. Once the event loop is empty,
 * exit at once with the exit code already set, which skips that teardown. A leaked handle still
 * keeps the process alive, as before: 'beforeExit' only comes when nothing is left to run.
 */
export function exitBeforeWrtcTeardown(): void {
  process.once('beforeExit', () => process.exit());
}

export async function phase<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = now();
  const value = await run();
  note(`${what}: ${((now() - started) / 1000).toFixed(1)} s`);
  return value;
}

/** Moments (performance.now()) on the agent's side of one call; logWriteMs is a duration. */
interface Marks {
  session?: number;
  logWriteMs?: number;
  snapshot?: number;
  peerconnection?: number;
  candidate?: number;
  sdp?: number;
}

/** The bits of JsSIP's UA reached beyond its typings. */
interface JsSipUa {
  _transport: { ondata: (data: { transport: unknown; message: unknown }) => void };
  _transactions: Record<'nict' | 'nist' | 'ict' | 'ist', Record<string, unknown>>;
  destroyTransaction(transaction: unknown): void;
  prependListener(
    event: 'newRTCSession',
    listener: (event: { originator: string; session: JsSipSession; request: { getHeader(name: string): unknown } }) => void,
  ): void;
}
interface JsSipSession {
  once(event: string, listener: (...args: never[]) => void): void;
  on(event: string, listener: (event: { originator: string }) => void): void;
}

/** The SIP line's JsSIP UA (private in SipLine; there once the line started). */
function sipUa(ws: Workstation): JsSipUa {
  const ua = (ws.sipLine as unknown as { ua: JsSipUa | null } | null)?.ua;
  if (!ua) throw new Error('the SIP line has no JsSIP UA; is it started?');
  return ua;
}

export function findCall(state: AnlaufState, tag: string, callState: CallView['state']): CallView | undefined {
  return state.phone.calls.find((c) => c.ivr.customerNumber === tag && c.state === callState);
}

/** Waits until the call is over on both sides: the far end saw its end, the store has no call. */
export async function endOfCall(agent: Agent, farCall: FarCall, tag: string): Promise<void> {
  await farCall.waitForEnd(STEP_TIMEOUT_MS);
  await withTimeout(
    waitForStore(agent.store, (s) => s.phone.calls.length === 0),
    STEP_TIMEOUT_MS,
    `call ${tag} gone from the store`,
  );
}

/**
 * An answered call puts the agent in wrap-up, and calls are declined until it has its
 * disposition: give it one, as the agent would, and wait until calls are offered again. `solved`
 * is in the default disposition set (the benchmark's calls have no campaign).
 */
export async function finishWrapUp(agent: Agent, callId: string, tag: string): Promise<void> {
  if (agent.store.getState().agent.state !== 'wrapUp') return;
  await withTimeout(agent.api.wrapUp.dispose({ callId, code: 'solved' }), STEP_TIMEOUT_MS, `the disposition of ${tag}`);
  await withTimeout(
    waitForStore(agent.store, (s) => s.agent.state !== 'wrapUp'),
    STEP_TIMEOUT_MS,
    `the end of ${tag}'s wrap-up`,
  );
}

function makeWorkstation(
  kamailio: Kamailio,
  user: string,
  onCleanup: OnCleanup,
  options: AgentOptions = {},
): { ws: Workstation; stop: () => Promise<void>; dataDir: string; errors: string[] } {
  let dataDir = options.dataDir;
  if (dataDir === undefined) {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bench-sip-'));
    onCleanup(`temp folder ${fresh}`, () => fs.rmSync(fresh, { recursive: true, force: true }));
    dataDir = fresh;
  }
  const configFile = path.join(dataDir, 'anlauf.json');
  const password = kamailio.users[user];
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      ...options.settings,
      sip: { ...options.sip, websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password },
      training: { autoStart: false },
    }),
  );
  const errors: string[] = [];
  const ws = new Workstation({ dataDir, configFile, host: 'web', appVersion: 'bench', resourcesDir, logger: collectingLogger(errors) });
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= ws.stop());
  onCleanup(`the workstation of ${user}`, stop);
  return { ws, stop, dataDir, errors };
}

/** A logger that keeps warnings and errors (the figures must not come from a failing path). */
export function collectingLogger(errors: string[]): Logger {
  return {
    log: (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
      if (level === 'warn' || level === 'error') errors.push(`${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
    },
  };
}

export function waitForState(ws: Workstation, test: (snapshot: Snapshot) => boolean): Promise<Snapshot> {
  return new Promise((resolve) => {
    const off = ws.onState((snapshot) => {
      if (!test(snapshot)) return;
      off();
      resolve(snapshot);
    });
  });
}

/** Resolves at the first store change for which `pick` gives something, with the moment it happened. */
export function waitForStore<T>(store: AnlaufStore, pick: (state: AnlaufState) => T | undefined | false): Promise<{ at: number; value: T }> {
  return new Promise((resolve) => {
    const first = pick(store.getState());
    if (first) return resolve({ at: now(), value: first });
    const off = store.subscribe((state) => {
      const value = pick(state);
      if (!value) return;
      const at = now();
      off();
      resolve({ at, value });
    });
  });
}

export function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (check() ? resolve() : setTimeout(poll, 5));
    poll();
  });
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnlaufError';
  }
}

/**
 * The browser bridge (src-main/web/bridge.ts) in Node: one WebSocket to the browser host with the
 * token and the host's own Origin, JSON requests matched to responses by seq, events fanned out to
 * subscribers, and a fresh snapshot delivered once connected. No reconnects and no media end (the
 * wrtc media end is attached to the workstation directly).
 */
export class WireClient {
  private seq = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(JSON.parse(String(data)) as WireMessage));
    socket.on('close', () => {
      for (const [seq, waiter] of this.pending) {
        waiter.reject(new WireError('failed', 'The connection to the workstation was lost.'));
        this.pending.delete(seq);
      }
    });
  }

  static async connect(host: WebHost): Promise<WireClient> {
    const origin = `http://127.0.0.1:${host.port}`;
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}${SOCKET_PATH}?token=${encodeURIComponent(host.token)}`, { origin });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`the browser host refused the socket: ${res.statusCode}`)));
    });
    const client = new WireClient(socket);
    void client.invoke('app:snapshot', {}).then(
      (snapshot) => client.deliver('event:state', snapshot),
      () => undefined,
    );
    return client;
  }

  invoke(command: CommandName, request: unknown): Promise<unknown> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      if (this.socket.readyState !== WebSocket.OPEN) return reject(new WireError('failed', 'The connection to the workstation is closed.'));
      this.pending.set(seq, { resolve, reject });
      this.socket.send(JSON.stringify({ type: 'request', seq, command, payload: request }));
    });
  }

  subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const entry = (payload: unknown) => listener(payload);
    set.add(entry);
    return () => void set.delete(entry);
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
      setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 1000).unref();
    });
  }

  private deliver(event: EventName, payload: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload);
  }

  private receive(message: WireMessage): void {
    if (message.type === 'event') return this.deliver(message.event, message.payload);
    if (message.type === 'media-request') return; // no media-hello was sent: never happens
    const waiter = this.pending.get(message.seq);
    if (!waiter) return;
    this.pending.delete(message.seq);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new WireError(message.error.code, message.error.message));
  }
}
