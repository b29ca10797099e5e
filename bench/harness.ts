// The small harness the benchmarks share: result rows, goals, timing, statistics, temp folders
// and the two printers (a table for people, `--json` for machines).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** One figure of the report, with its goal beside it. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The goal as people read it: "< 1500 ms", "≥ 100 calls/s". */
  goal: string;
  met: boolean;
}

/** A benchmark area: runs its measurements and returns one row per figure. */
export type BenchFunction = () => Promise<BenchResult[]>;

/** A goal: its text for the report and the test of a measured value. */
export interface Goal {
  text: string;
  met(value: number): boolean;
}

export const goals = {
  /** Smaller is better: the value must stay below `limit`. */
  below: (limit: number, unit = ''): Goal => ({
    text: `< ${formatNumber(limit)}${unit ? ` ${unit}` : ''}`,
    met: (value) => value < limit,
  }),
  /** Smaller is better, and the limit itself still meets the goal ("at most 1.5×"). */
  atMost: (limit: number, unit = ''): Goal => ({
    text: `≤ ${formatNumber(limit)}${unit ? ` ${unit}` : ''}`,
    met: (value) => value <= limit,
  }),
  /** Bigger is better: the value must reach at least `floor`. */
  atLeast: (floor: number, unit = ''): Goal => ({
    text: `≥ ${formatNumber(floor)}${unit ? ` ${unit}` : ''}`,
    met: (value) => value >= floor,
  }),
  /** A figure reported for context only (a baseline, a median beside its p99): nothing to miss. */
  none: (): Goal => ({ text: '—', met: () => true }),
};

/** A result row: the value rounded for the report, the goal checked on the unrounded value. */
export function result(name: string, value: number, unit: string, goal: Goal, digits = 2): BenchResult {
  const factor = 10 ** digits;
  return { name, value: Math.round(value * factor) / factor, unit, goal: goal.text, met: goal.met(value) };
}

/** Milliseconds on a monotonic clock. */
export const now = (): number => performance.now();

/** Diagnostics go to stderr, so `--json` keeps stdout machine-readable. */
export function note(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/**
 * The nearest-rank percentile (p in 0..100) of the samples: the smallest sample at least p % of
 * the samples are at or below. p50 of [1,2,3,4] is 2, p99 of 1000 samples is the 990th.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is not in 0..100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Times `fn` `runs` times after `warmup` untimed runs; returns each run's duration in ms. */
export function sample(runs: number, fn: () => void, warmup = Math.min(50, runs)): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times = new Array<number>(runs);
  for (let i = 0; i < runs; i++) {
    const start = now();
    fn();
    times[i] = now() - start;
  }
  return times;
}

/** Calls `fn` until `ms` have passed; returns how many calls finished and the time they took. */
export function runFor(ms: number, fn: () => void): { count: number; elapsedMs: number } {
  const start = now();
  let count = 0;
  let elapsed = 0;
  do {
    fn();
    count++;
    elapsed = now() - start;
  } while (elapsed < ms);
  return { count, elapsedMs: elapsed };
}

/** Runs `fn` in a fresh folder under the OS temp folder and removes the folder afterwards. */
export async function withTempDir<T>(label: string, fn: (dir: string) => Promise<T> | T): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `anlauf-bench-${label}-`));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const TMPFS_MAGIC = 0x01021994;

/** Warns when the temp folder is in RAM: then "durable" writes measure no disk at all. */
export function warnIfNotOnDisk(dir: string): void {
  try {
    if (fs.statfsSync(dir).type === TMPFS_MAGIC) {
      note(`warning: ${dir} is on tmpfs (RAM); the durable-write figures measure no disk flush`);
    }
  } catch {
    // statfs is a hint only.
  }
}

function formatNumber(value: number): string {
  return String(value);
}

function formatValue(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return formatNumber(Number(value.toFixed(digits)));
}

/** The report for people: one row per figure, the goal beside it. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'value', 'unit', 'goal', 'met'];
  const rows = results.map((r) => [r.name, formatValue(r.value), r.unit, r.goal, r.met ? '✓' : '✗']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** The report for machines: exactly the array of result rows. */
export function formatJson(results: readonly BenchResult[]): string {
  return JSON.stringify(results, null, 2) + '\n';
}
