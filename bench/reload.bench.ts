// Page reload in the browser host → audio again. The agent's page is the media end: a reload
// closes its peer connection, the call lives on in main, and the new page must take the call's
// media back (the bridge rebuilds the peer there, the SIP line re-offers with an ICE restart,
// ICE and DTLS run anew). Measured from page.reload() to the agent's tone heard at the customer
// and the customer's tone heard in the page, over a live call on the real `anlauf start --web`,
// Kamailio and Chromium, with two far ends for the page's peer:
//  1. a call center's: the customer on a plain phone (baresip, plain RTP) through rtpengine,
//     which is then the page's WebRTC peer (ICE, DTLS-SRTP);
//  2. the customer as a JsSIP far end with real WebRTC (@roamhq/wrtc, an older libwebrtc) that
//     takes the re-offer itself.
// Where the time goes is printed beside it.
import fs from 'node:fs';
import path from 'node:path';
import { PlainPhone } from '../test/support/baresip';
import { startKamailio } from '../test/support/kamailio';
import { decodeG711, type RtpPacket } from '../test/support/rtp-tap';
import { startRtpengine } from '../test/support/rtpengine';
import { isHeard, measureTone } from '../test/support/tone';
import type { FarCall } from '../test/support/far-end';
import { goals, note, now, percentile, result, type BenchResult } from './harness';
import { AGENT_HZ, CALL_HEADERS, CUSTOMER_HZ, farEndHears, hostLog, logDeskTail, pageHears, startAgentDesk, startDesk, type AgentDesk } from './desk';
import { exitBeforeWrtcTeardown, phase, withCleanups, type OnCleanup } from './sip.bench';

const RELOADS = Number(process.env.ANLAUF_BENCH_RELOADS ?? 12);
/** One reload first, untimed: the page's code is cached by Chromium from then on, as at a desk. */
const WARMUP = 1;
const STEP_TIMEOUT_MS = 20_000;
const GOAL = goals.below(1000, 'ms');
/** No packet at the plain phone for this long: the old page's audio is gone. */
const PHONE_GAP_MS = 100;
/** 100 ms of G.711 at 8 kHz: the window "heard" is judged on, as at the wrtc far end. */
const PHONE_WINDOW_SAMPLES = 800;

interface Reload {
  /** page.reload() resolved: the new page's load event. */
  load: number;
  /** The re-offer from the new page's peer reached the customer (NaN where it cannot be seen). */
  reoffer: number;
  farEnd: number;
  page: number;
  /** Main sent the re-INVITE (the new page's media end attached and its peer rebuilt). */
  reinvite: number;
}

/**
 * What the customer's side heard of the agent across one reload, in bench time (now()): when the
 * old page's audio stopped, and when the new page's was heard; NaN until then.
 */
interface FarEar {
  silentAt(): number;
  heardAt(): number;
  reofferAt(): number;
  /** Why the call is no longer up at the customer, or null while it is. */
  lost(): string | null;
  stop(): void;
}

interface Topology {
  /** The row's name after "reload, ". */
  label: string;
  desk: AgentDesk;
  customerHz: number;
  /** Starts listening at the moment the reload starts. */
  listen(): FarEar;
  logTail(): void;
  /** The logs worth keeping for a diagnosis (name → text). */
  logs(): Record<string, string>;
}

export async function benchReload(): Promise<BenchResult[]> {
  exitBeforeWrtcTeardown();
  // ANLAUF_BENCH_RELOAD_FAR_ENDS=relay or =wrtc runs one of the two, while iterating.
  const only = process.env.ANLAUF_BENCH_RELOAD_FAR_ENDS?.split(',');
  const rows: BenchResult[] = [];
  if (!only || only.includes('relay')) {
    rows.push(
      ...(await withCleanups(async (onCleanup) =>
        measure(await phase('rtpengine, Kamailio, the plain phone, browser host and Chromium up', () => relayTopology(onCleanup))),
      )),
    );
  }
  if (!only || only.includes('wrtc')) {
    rows.push(
      ...(await withCleanups(async (onCleanup) =>
        measure(await phase('Kamailio, the wrtc far end, browser host and Chromium up', () => wrtcTopology(onCleanup))),
      )),
    );
  }
  return rows;
}

async function measure(topology: Topology): Promise<BenchResult[]> {
  const { label, desk } = topology;
  try {
    const reloads: Reload[] = [];
    for (let i = -WARMUP; i < RELOADS; i++) {
      try {
        const measured = await reloadOnce(topology);
        if (i >= 0) reloads.push(measured);
      } catch (error) {
        // A reload after which the audio did not come back is a finding, not a crash of the
        // benchmark (nor of the other far end's rows): counted, and the remaining reloads not run.
        note(`reload, ${label}: reload ${i + 1 + WARMUP} of ${RELOADS + WARMUP}: ${String(error)}; the remaining reloads are not run`);
        topology.logTail();
        logDeskTail(desk);
        break;
      }
    }
    keepLogs(topology);
    if (reloads.length === 0) throw new Error(`reload, ${label}: no timed reload brought the audio back`);
    const both = reloads.map((r) => Math.max(r.farEnd, r.page));
    const med = (pick: (r: Reload) => number) => {
      const values = reloads.map(pick).filter((v) => !Number.isNaN(v));
      return values.length ? percentile(values, 50).toFixed(0) : '?';
    };
    note(
      `reload, ${label} → (medians) load event ${med((r) => r.load)} ms, re-INVITE sent by main ${med((r) => r.reinvite)} ms (log time, ms resolution), ` +
        `re-offer at the customer ${med((r) => r.reoffer)} ms, the customer hears the agent ${med((r) => r.farEnd)} ms, the page hears the customer ${med((r) => r.page)} ms`,
    );
    note(`reload, ${label}: both ways, each reload: ${both.map((v) => v.toFixed(0)).join(', ')} ms`);
    return [
      result(`reload, ${label}: reloads with the audio back both ways (of ${RELOADS})`, reloads.length, 'reloads', goals.atLeast(RELOADS), 0),
      result(`reload, ${label}: page reload → audio again both ways p50`, percentile(both, 50), 'ms', goals.none(), 0),
      result(`reload, ${label}: page reload → audio again both ways p99`, percentile(both, 99), 'ms', GOAL, 0),
      result(
        `reload, ${label}: page reload → the customer hears the agent again p99`,
        percentile(
          reloads.map((r) => r.farEnd),
          99,
        ),
        'ms',
        GOAL,
        0,
      ),
      result(
        `reload, ${label}: page reload → the agent hears the customer again p99`,
        percentile(
          reloads.map((r) => r.page),
          99,
        ),
        'ms',
        GOAL,
        0,
      ),
    ];
  } catch (error) {
    keepLogs(topology);
    topology.logTail();
    logDeskTail(desk);
    throw error;
  }
}

/** ANLAUF_BENCH_RELOAD_LOGS=DIR: the main process's log and the far end's, per topology, for a diagnosis. */
function keepLogs(topology: Topology): void {
  const dir = process.env.ANLAUF_BENCH_RELOAD_LOGS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const logs = { host: topology.desk.host.stderr(), ...topology.logs() };
  for (const [name, text] of Object.entries(logs)) fs.writeFileSync(path.join(dir, `${topology.label.replace(/\W+/g, '-')}.${name}.log`), text);
}

/**
 * A call center's media path: the customer's plain phone calls the agent through Kamailio, and
 * rtpengine gives the page ICE and DTLS-SRTP and the phone plain RTP. The page's re-offer after
 * a reload is taken by rtpengine; the phone gets a re-INVITE with the same plain RTP.
 */
async function relayTopology(onCleanup: OnCleanup): Promise<Topology> {
  const rtpengine = await startRtpengine({ logLevel: Number(process.env.ANLAUF_BENCH_RTPENGINE_LOG ?? 5) });
  onCleanup('rtpengine', () => rtpengine.stop());
  const kamailio = await startKamailio({ debug: 1, rtpengineNgPort: rtpengine.ngPort });
  onCleanup('Kamailio', () => kamailio.stop());
  const phone = await PlainPhone.start({ kamailio, user: 'customer', toneHz: CUSTOMER_HZ });
  onCleanup("the customer's plain phone", () => phone.stop());
  const desk = await startAgentDesk(kamailio, onCleanup);
  const since = phone.events.length;
  await phone.dial(kamailio.uri('agent7'));
  await desk.page.getByTestId('incoming-call').getByTestId('answer').click({ timeout: STEP_TIMEOUT_MS });
  await phone.waitFor('CALL_ESTABLISHED', { since, timeoutMs: STEP_TIMEOUT_MS });
  await phone.waitToHear(AGENT_HZ, { timeoutMs: STEP_TIMEOUT_MS, windowMs: 100 });
  await pageHears(desk.page, CUSTOMER_HZ, STEP_TIMEOUT_MS);
  const callEvents = phone.events.length;
  return {
    label: 'customer on a plain phone through rtpengine',
    desk,
    customerHz: CUSTOMER_HZ,
    listen: () => phoneEar(phone, callEvents),
    logTail: () => note(`--- plain phone ---\n${phone.logs().slice(-3000)}\n--- rtpengine ---\n${rtpengine.logs().slice(-4000)}`),
    logs: () => ({ rtpengine: rtpengine.logs(), phone: phone.logs(), kamailio: kamailio.logs() }),
  };
}

/** The customer as a JsSIP far end with real WebRTC: it takes the page's re-offer itself. */
async function wrtcTopology(onCleanup: OnCleanup): Promise<Topology> {
  const desk = await startDesk(onCleanup);
  const { page, customer, kamailio } = desk;
  const call = customer.call(kamailio.uri('agent7'), { extraHeaders: CALL_HEADERS });
  await page.getByTestId('incoming-call').getByTestId('answer').click({ timeout: STEP_TIMEOUT_MS });
  await call.waitForState('confirmed', STEP_TIMEOUT_MS);
  await farEndHears(call, AGENT_HZ, STEP_TIMEOUT_MS);
  await pageHears(page, CUSTOMER_HZ, STEP_TIMEOUT_MS);
  return {
    label: 'customer a wrtc far end',
    desk,
    customerHz: CUSTOMER_HZ,
    listen: () => wrtcEar(call),
    logTail: () => undefined,
    logs: () => ({ kamailio: kamailio.logs() }),
  };
}

/**
 * The wrtc far end plays every received frame: the old page's peer is closed at pagehide, so its
 * last 100 ms go quiet first, and the agent is heard again once the new page's audio arrives.
 * Checked every few ms from the start.
 */
function wrtcEar(call: FarCall): FarEar {
  const offers = call.remoteDirections.length;
  let reofferAt = NaN;
  let silentAt = NaN;
  let heardAt = NaN;
  const watch = setInterval(() => {
    const t = now();
    if (Number.isNaN(reofferAt) && call.remoteDirections.length > offers) reofferAt = t;
    const heard = isHeard(call.audio.measure(AGENT_HZ, 100));
    if (Number.isNaN(silentAt)) {
      if (!heard) silentAt = t;
    } else if (Number.isNaN(heardAt) && heard) heardAt = t;
  }, 3);
  return {
    silentAt: () => silentAt,
    heardAt: () => heardAt,
    reofferAt: () => reofferAt,
    lost: () => (call.state === 'confirmed' ? null : `the call is ${call.state}`),
    stop: () => clearInterval(watch),
  };
}

/**
 * The plain phone hears what reaches its media ports (tcpdump's capture times). Nothing reaches
 * it while the agent has no peer (rtpengine forwards only what comes), so "quiet" is a gap of
 * PHONE_GAP_MS without packets, and "heard again" is the first 100 ms after the gap that carry
 * the agent's tone, at the capture time of its last packet.
 */
function phoneEar(phone: PlainPhone, callEvents: number): FarEar {
  const mark = phone.mark();
  const startEpoch = Date.now();
  const toBench = now() - startEpoch;
  let silentAt = NaN;
  let heardAt = NaN;
  const read = () => {
    if (!Number.isNaN(heardAt)) return;
    const packets = phone.packets(mark).filter((p) => p.payloadType === 0 || p.payloadType === 8);
    const gap = gapIndex(packets, startEpoch);
    if (gap < 0) return;
    silentAt = (gap === 0 ? startEpoch : packets[gap - 1]!.at) + toBench;
    const perPacket = Math.max(1, packets[gap]!.payload.length);
    const window = Math.ceil(PHONE_WINDOW_SAMPLES / perPacket);
    for (let end = gap + window; end <= packets.length; end++) {
      const samples = decodeG711(packets.slice(end - window, end));
      if (isHeard(measureTone(samples, 8000, AGENT_HZ))) {
        heardAt = packets[end - 1]!.at + toBench;
        return;
      }
    }
  };
  return {
    silentAt: () => (read(), silentAt),
    heardAt: () => (read(), heardAt),
    reofferAt: () => NaN,
    lost: () => (phone.events.slice(callEvents).some((e) => e.type === 'CALL_CLOSED') ? "the plain phone's call closed" : null),
    stop: () => undefined,
  };
}

/** The index of the first packet after a gap of PHONE_GAP_MS (0: none came since `startEpoch` for that long), or -1. */
function gapIndex(packets: readonly RtpPacket[], startEpoch: number): number {
  let previous = startEpoch;
  for (const [i, packet] of packets.entries()) {
    if (packet.at - previous > PHONE_GAP_MS) return i;
    previous = packet.at;
  }
  return -1;
}

async function reloadOnce(topology: Topology): Promise<Reload> {
  const { page, host } = topology.desk;
  const ear = topology.listen();
  const epochStart = Date.now();
  const start = now();
  try {
    await page.reload();
    const load = now() - start;
    const pageAt = await pageHears(page, topology.customerHz, STEP_TIMEOUT_MS);
    const deadline = now() + STEP_TIMEOUT_MS;
    while (Number.isNaN(ear.heardAt()) && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    if (Number.isNaN(ear.silentAt())) throw new Error('the customer never heard the agent go quiet during the reload');
    if (Number.isNaN(ear.heardAt())) throw new Error(`the customer did not hear the agent again within ${STEP_TIMEOUT_MS} ms of the reload`);
    const lost = ear.lost();
    if (lost) throw new Error(`${lost} after a reload`);
    const moving = hostLog(host, /^moving call media to the new media end$/).find((l) => l.at >= epochStart)?.at;
    return {
      load,
      reoffer: ear.reofferAt() - start,
      farEnd: ear.heardAt() - start,
      page: pageAt - start,
      reinvite: moving === undefined ? NaN : moving - epochStart,
    };
  } finally {
    ear.stop();
  }
}
