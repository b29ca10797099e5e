// Core cold start: how long `anlauf start --web` takes, as a fresh process, from spawn until it
// prints its ready line, on an empty data folder and on one that already holds 10 000 calls.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createFilledDataDir } from './fixtures';
import { goals, median, note, now, result, withTempDir, type BenchResult } from './harness';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'anlauf.cjs');
const BUNDLE = path.join(ROOT, 'dist', 'main', 'cli.cjs');
const RUNS = 5;
const EXISTING_CALLS = 10_000;
const READY_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 5_000;
const READY_LINE = /^Anlauf is ready at http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/;
const GOAL = goals.below(1500, 'ms');

interface StartRun {
  readyMs: number;
  /** False when the child did not exit with code 0 after SIGTERM (killed by the signal itself). */
  cleanExit: boolean;
}

export async function benchStartup(): Promise<BenchResult[]> {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing; build first (node scripts/build.mjs)`);

  const empty = await startRuns('empty data folder', () => undefined);

  const existing = await withTempDir('template', async (template) => {
    const started = now();
    createFilledDataDir(template, EXISTING_CALLS);
    note(`filled a data folder with ${EXISTING_CALLS} calls in ${Math.round(now() - started)} ms`);
    // Each run gets its own copy, so no run sees what an earlier one wrote.
    return startRuns(`${EXISTING_CALLS} calls`, (dataDir) => fs.cpSync(template, dataDir, { recursive: true }));
  });

  return [
    result('core cold start to ready', median(empty), 'ms', GOAL, 0),
    result('core cold start to ready (existing data, 10 000 calls)', median(existing), 'ms', GOAL, 0),
  ];
}

/** Starts the web host RUNS times, each on a fresh data folder prepared by `prepare`. */
async function startRuns(label: string, prepare: (dataDir: string) => void): Promise<number[]> {
  const times: number[] = [];
  let unclean = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = await withTempDir('start', async (dataDir) => {
      prepare(dataDir);
      return startOnce(dataDir);
    });
    times.push(run.readyMs);
    if (!run.cleanExit) unclean++;
  }
  note(`cold start, ${label}: ${times.map((t) => Math.round(t)).join(', ')} ms`);
  if (unclean > 0) {
    note(`cold start, ${label}: ${unclean} of ${RUNS} children did not exit with code 0 on SIGTERM right after the ready line`);
  }
  return times;
}

/** One start: spawn, wait for the ready line (timed), then SIGTERM and wait for the exit. */
function startOnce(dataDir: string): Promise<StartRun> {
  const env = { ...process.env };
  delete env.ANLAUF_CONFIG;
  delete env.ANLAUF_DATA_DIR;
  return new Promise<StartRun>((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, [BIN, 'start', '--web', '--port', '0', '--data-dir', dataDir], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let readyMs: number | undefined;
    let stdout = '';
    let stderr = '';
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(readyTimer);
      child.kill('SIGKILL');
      reject(new Error(`${message}\nchild stdout: ${stdout.slice(-2000)}\nchild stderr: ${stderr.slice(-2000)}`));
    };
    const readyTimer = setTimeout(() => fail(`no ready line within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    let exitTimer: NodeJS.Timeout | undefined;

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (readyMs !== undefined) return;
      const line = stdout.split('\n').find((l) => READY_LINE.test(l.trim()));
      if (line === undefined) return;
      readyMs = now() - started;
      clearTimeout(readyTimer);
      child.kill('SIGTERM');
      exitTimer = setTimeout(() => fail(`no exit within ${EXIT_TIMEOUT_MS} ms of SIGTERM`), EXIT_TIMEOUT_MS);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => fail(`could not spawn: ${error.message}`));
    child.on('exit', (code, signal) => {
      clearTimeout(exitTimer);
      if (readyMs === undefined) {
        fail(`exited (code ${String(code)}, signal ${String(signal)}) before the ready line`);
        return;
      }
      if (settled) return;
      settled = true;
      resolve({ readyMs, cleanExit: code === 0 });
    });
  });
}
