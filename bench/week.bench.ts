// A week on one desk without a restart: 1 000 calls in a row through the browser host, each
// answered in the page (the Answer button), heard both ways, hung up there (the Hang up button)
// and given a disposition in the wrap-up (a code, then Done). The host is the real
// `anlauf start --web` as a child process, so its resident memory (VmRSS) is the main process's
// own; the page's JS heap is read by CDP after a forced collection. Sampled every 100 calls; the
// goals are on the growth from call 100 (warmed up) to the last.
// ANLAUF_BENCH_WEEK_CALLS=200 runs fewer calls, ANLAUF_BENCH_WEEK_SAMPLE_EVERY=25 samples more often. ANLAUF_BENCH_WEEK_HEAP_SNAPSHOTS=DIR also writes
// a heap snapshot of main at each sample into DIR (node's --heapsnapshot-signal), for finding
// what grows; it slows the samples down, not the calls.
import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession } from '@playwright/test';
import { goals, note, now, result, type BenchResult } from './harness';
import { AGENT_HZ, CALL_HEADERS, CUSTOMER_HZ, farEndHears, hostLog, logDeskTail, MainInspector, pageHears, residentMb, startDesk, type Desk } from './desk';
import { exitBeforeWrtcTeardown, phase, withCleanups } from './sip.bench';

const CALLS = Number(process.env.ANLAUF_BENCH_WEEK_CALLS ?? 1000);
const SAMPLE_EVERY = Number(process.env.ANLAUF_BENCH_WEEK_SAMPLE_EVERY ?? 100);
const SNAPSHOTS = process.env.ANLAUF_BENCH_WEEK_HEAP_SNAPSHOTS;
/**
 * Main's RSS swings by 20 MB and more with V8's collections (its heap grows between them and is
 * handed back after): each sample is taken after a full collection, asked for through main's
 * inspector (--inspect on loopback, only in this benchmark), so samples compare like with like.
 * ANLAUF_BENCH_WEEK_INSPECT=0 samples without it.
 */
const INSPECT = process.env.ANLAUF_BENCH_WEEK_INSPECT !== '0';
const STEP_TIMEOUT_MS = 20_000;
const RSS_GOAL = goals.atMost(20, 'MB');
const HEAP_GOAL = { text: '±10 MB', met: (value: number) => Math.abs(value) <= 10 };

interface Sample {
  call: number;
  rssMb: number;
  pageHeapMb: number;
}

export async function benchWeek(): Promise<BenchResult[]> {
  if (!(CALLS >= 100 + SAMPLE_EVERY)) throw new Error(`ANLAUF_BENCH_WEEK_CALLS must be at least ${100 + SAMPLE_EVERY}`);
  exitBeforeWrtcTeardown();
  return withCleanups(async (onCleanup) => {
    if (SNAPSHOTS) fs.mkdirSync(SNAPSHOTS, { recursive: true });
    const desk = await phase('Kamailio, customer, browser host and Chromium up', () =>
      startDesk(onCleanup, {
        nodeOptions:
          [SNAPSHOTS ? `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${path.resolve(SNAPSHOTS)}` : '', INSPECT ? '--inspect=127.0.0.1:0' : '']
            .join(' ')
            .trim() || undefined,
      }),
    );
    const inspector = INSPECT ? await MainInspector.connect(desk.host) : undefined;
    if (inspector) onCleanup('the inspector of main', () => inspector.close());
    const cdp = await desk.page.context().newCDPSession(desk.page);
    const pid = desk.host.child.pid!;
    const samples: Sample[] = [];
    const started = now();
    let fine = 0;
    const failures: string[] = [];
    try {
      for (let i = 1; i <= CALLS; i++) {
        try {
          await oneCall(desk, i);
          fine++;
        } catch (error) {
          // Counted and told, then the desk is put back to ready for the next call: one bad call
          // must not end a week's measurement (the machine's addresses change under other tests).
          failures.push((error as Error).message);
          note(`call ${i} failed: ${(error as Error).message}`);
          await recover(desk);
        }
        if (i % SAMPLE_EVERY === 0) {
          const m = await inspector?.memoryAfterGc();
          const resident = residentMb(pid);
          const sample: Sample = { call: i, rssMb: resident.rss, pageHeapMb: await pageHeapMb(cdp) };
          samples.push(sample);
          const minutes = (now() - started) / 60_000;
          note(
            `call ${i}: main RSS ${sample.rssMb.toFixed(1)} MB (anonymous ${resident.anon.toFixed(1)}, files ${resident.file.toFixed(1)})` +
              (m ? `, V8 heap used ${m.heapUsed.toFixed(1)} of ${m.heapTotal.toFixed(1)}, external ${m.external.toFixed(1)}` : '') +
              `; page JS heap ${sample.pageHeapMb.toFixed(1)} MB (${minutes.toFixed(1)} min so far)`,
          );
          if (SNAPSHOTS) await heapSnapshot(pid, SNAPSHOTS);
        }
      }
    } catch (error) {
      note(`the desk did not recover after ${fine} fine calls`);
      logDeskTail(desk);
      throw error;
    }
    const addressChanges = hostLog(desk.host, /^network addresses changed$/).length;
    if (failures.length > 0 || addressChanges > 0) {
      note(
        `${failures.length} calls failed; main saw the machine's network addresses change ${addressChanges} times during the run (interfaces other programs add and remove)`,
      );
    }
    const minutes = (now() - started) / 60_000;
    // From call 100 on: the first calls warm up caches and the JIT, as on a desk's first morning.
    const first = samples.find((sample) => sample.call >= 100)!;
    const last = samples[samples.length - 1]!;
    const span = `call ${first.call} → ${last.call}`;
    note(`${CALLS} calls in ${minutes.toFixed(1)} min (${((now() - started) / CALLS / 1000).toFixed(2)} s per call)`);
    return [
      result(`week: calls answered, heard both ways, hung up and wrapped up in the page`, fine, `of ${CALLS}`, goals.atLeast(CALLS), 0),
      result(`week: main process RSS${INSPECT ? ' after a full GC' : ''} at call ${first.call}`, first.rssMb, 'MB', goals.none(), 1),
      result(`week: main process RSS${INSPECT ? ' after a full GC' : ''}, growth ${span}`, last.rssMb - first.rssMb, 'MB', RSS_GOAL, 1),
      result(`week: page JS heap after GC at call ${first.call}`, first.pageHeapMb, 'MB', goals.none(), 1),
      result(`week: page JS heap growth after GC, ${span}`, last.pageHeapMb - first.pageHeapMb, 'MB', HEAP_GOAL, 1),
    ];
  });
}

async function oneCall(desk: Desk, n: number): Promise<void> {
  const { page, customer, kamailio } = desk;
  const call = customer.call(kamailio.uri('agent7'), { extraHeaders: CALL_HEADERS });
  try {
    await page.getByTestId('incoming-call').getByTestId('answer').click({ timeout: STEP_TIMEOUT_MS });
    await call.waitForState('confirmed', STEP_TIMEOUT_MS);
    // Audio both ways: the customer hears the agent's tone, the page the customer's.
    await farEndHears(call, AGENT_HZ, STEP_TIMEOUT_MS);
    await pageHears(page, CUSTOMER_HZ, STEP_TIMEOUT_MS);
    await page.getByTestId('active-call').getByTestId('hangup').click({ timeout: STEP_TIMEOUT_MS });
    await call.waitForEnd(STEP_TIMEOUT_MS);
    const wrapUp = page.getByTestId('wrapup-panel');
    await wrapUp.locator('[data-testid^="wrapup-code-"]').first().click({ timeout: STEP_TIMEOUT_MS });
    await wrapUp.getByTestId('wrapup-done').click({ timeout: STEP_TIMEOUT_MS });
    await page.locator('[data-testid="agent-state"][data-state="ready"]').waitFor({ timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    throw new Error(`call ${n}: ${(error as Error).message}`, { cause: error });
  } finally {
    customer.forget(call);
  }
}

/** Ends whatever a failed call left (at the customer and in the page) until the agent is ready again. */
async function recover(desk: Desk): Promise<void> {
  const { page, customer } = desk;
  for (const call of [...customer.calls]) {
    call.terminateQuietly();
    customer.forget(call);
  }
  const deadline = now() + 60_000;
  while (now() < deadline) {
    const visible = (id: string) => page.getByTestId(id).first().isVisible();
    if (await visible('active-call'))
      await page
        .getByTestId('active-call')
        .getByTestId('hangup')
        .click({ timeout: 2000 })
        .catch(() => undefined);
    else if (await visible('incoming-call'))
      await page
        .getByTestId('incoming-call')
        .getByTestId('reject')
        .click({ timeout: 2000 })
        .catch(() => undefined);
    else if (await visible('wrapup-panel')) {
      const wrapUp = page.getByTestId('wrapup-panel');
      await wrapUp
        .locator('[data-testid^="wrapup-code-"]')
        .first()
        .click({ timeout: 2000 })
        .catch(() => undefined);
      await wrapUp
        .getByTestId('wrapup-done')
        .click({ timeout: 2000 })
        .catch(() => undefined);
    } else if (await page.locator('[data-testid="agent-state"][data-state="ready"]').isVisible()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the desk was not ready again a minute after a failed call');
}

/** The page's used JS heap in MB after a full collection. */
async function pageHeapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/** Asks main for a heap snapshot (SIGUSR2 with --heapsnapshot-signal) and waits until it is written. */
async function heapSnapshot(pid: number, dir: string): Promise<void> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = now() + 120_000;
  while (now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const written = fs.readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    // Written in one go: the size stops changing once node is done.
    if (written) {
      const file = path.join(dir, written);
      const size = fs.statSync(file).size;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (fs.statSync(file).size === size && size > 0) return;
    }
  }
  throw new Error('main wrote no heap snapshot within 2 minutes');
}
