// Page reload in the browser host → audio again. The agent's page is the media end: a reload
// closes its peer connection, the call lives on in main, and the new page must take the call's
// media back (the bridge rebuilds the peer there, the SIP line re-offers with an ICE restart,
// ICE and DTLS run anew). Measured from page.reload() to the agent's tone heard at the customer
// (a far end with real WebRTC) and the customer's tone heard in the page, over a live call on
// the real `anlauf start --web`, Kamailio and Chromium. Where the time goes is printed beside it.
import { goals, note, now, percentile, result, type BenchResult } from './harness';
import { AGENT_HZ, CALL_HEADERS, CUSTOMER_HZ, farEndHears, hostLog, logDeskTail, pageHears, startDesk, type Desk } from './desk';
import { exitBeforeWrtcTeardown, phase, withCleanups } from './sip.bench';
import { isHeard } from '../test/support/tone';
import type { FarCall } from '../test/support/far-end';

const RELOADS = Number(process.env.ANLAUF_BENCH_RELOADS ?? 12);
/** One reload first, untimed: the page's code is cached by Chromium from then on, as at a desk. */
const WARMUP = 1;
const STEP_TIMEOUT_MS = 20_000;
const GOAL = goals.below(1000, 'ms');

interface Reload {
  /** page.reload() resolved: the new page's load event. */
  load: number;
  /** The re-offer from the new page's peer reached the customer. */
  reoffer: number;
  farEnd: number;
  page: number;
  /** Main sent the re-INVITE (the new page's media end attached and its peer rebuilt). */
  reinvite: number;
}

export async function benchReload(): Promise<BenchResult[]> {
  exitBeforeWrtcTeardown();
  return withCleanups(async (onCleanup) => {
    const desk = await phase('Kamailio, customer, browser host and Chromium up', () => startDesk(onCleanup));
    try {
      const call = await phase('call answered in the page, heard both ways', () => answerCall(desk));
      const reloads: Reload[] = [];
      for (let i = -WARMUP; i < RELOADS; i++) {
        const measured = await reloadOnce(desk, call);
        if (i >= 0) reloads.push(measured);
      }
      const both = reloads.map((r) => Math.max(r.farEnd, r.page));
      const med = (pick: (r: Reload) => number) => percentile(reloads.map(pick), 50).toFixed(0);
      note(
        `reload → (medians) load event ${med((r) => r.load)} ms, re-INVITE sent by main ${med((r) => r.reinvite)} ms (log time, ms resolution), ` +
          `re-offer at the customer ${med((r) => r.reoffer)} ms, the customer hears the agent ${med((r) => r.farEnd)} ms, the page hears the customer ${med((r) => r.page)} ms`,
      );
      note(`both ways, each reload: ${both.map((v) => v.toFixed(0)).join(', ')} ms`);
      return [
        result('reload: page reload → audio again both ways p50', percentile(both, 50), 'ms', goals.none(), 0),
        result('reload: page reload → audio again both ways p99', percentile(both, 99), 'ms', GOAL, 0),
        result('reload: page reload → the customer hears the agent again p99', percentile(reloads.map((r) => r.farEnd), 99), 'ms', GOAL, 0),
        result('reload: page reload → the agent hears the customer again p99', percentile(reloads.map((r) => r.page), 99), 'ms', GOAL, 0),
      ];
    } catch (error) {
      logDeskTail(desk);
      throw error;
    }
  });
}

async function answerCall(desk: Desk): Promise<FarCall> {
  const { page, customer, kamailio } = desk;
  const call = customer.call(kamailio.uri('agent7'), { extraHeaders: CALL_HEADERS });
  await page.getByTestId('incoming-call').getByTestId('answer').click({ timeout: STEP_TIMEOUT_MS });
  await call.waitForState('confirmed', STEP_TIMEOUT_MS);
  await farEndHears(call, AGENT_HZ, STEP_TIMEOUT_MS);
  await pageHears(page, CUSTOMER_HZ, STEP_TIMEOUT_MS);
  return call;
}

async function reloadOnce(desk: Desk, call: FarCall): Promise<Reload> {
  const { page, host } = desk;
  const offers = call.remoteDirections.length;
  // The old page's peer is closed at pagehide, so the customer's last 100 ms go quiet first; the
  // agent is heard again once the new page's audio arrives. Checked every few ms from the start.
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
  const epochStart = Date.now();
  const start = now();
  try {
    await page.reload();
    const load = now() - start;
    const pageAt = await pageHears(page, CUSTOMER_HZ, STEP_TIMEOUT_MS);
    const deadline = now() + STEP_TIMEOUT_MS;
    while (Number.isNaN(heardAt) && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    if (Number.isNaN(silentAt)) throw new Error('the customer never heard the agent go quiet during the reload');
    if (Number.isNaN(heardAt)) throw new Error(`the customer did not hear the agent again within ${STEP_TIMEOUT_MS} ms of the reload`);
    if (call.state !== 'confirmed') throw new Error(`the call is ${call.state} after a reload`);
    const moving = hostLog(host, /^moving call media to the new media end$/).find((l) => l.at >= epochStart)?.at;
    return { load, reoffer: reofferAt - start, farEnd: heardAt - start, page: pageAt - start, reinvite: moving === undefined ? NaN : moving - epochStart };
  } finally {
    clearInterval(watch);
  }
}
