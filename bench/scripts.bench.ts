// A script's `pattern` is matched in the main process on every answer (up to 2000 characters).
// With RE2 (re2js) the time is linear in the answer for any pattern the loader accepts. The rows:
// the pattern that never finishes on a backtracking engine; one whose automaton has more states
// than RE2 caches (it falls back to its slower, still linear, NFA), fed a new answer each run;
// and the most complex pattern the loader accepts, compiled afresh each run (no warm cache).
import { RE2JS } from 're2js';
import { compilePattern } from '../src-main/core/scripts/pattern';
import { goals, percentile, result, sample, type BenchResult } from './harness';

const RUNS = 100;

function accepted(source: string): { test(answer: string): boolean } {
  const check = compilePattern(source);
  if (!check.ok) throw new Error(`the loader refuses ${source}: ${check.message}`);
  return check.pattern;
}

const randomAb = (length: number) => Array.from({ length }, () => (Math.random() < 0.5 ? 'a' : 'b')).join('');

export async function benchScripts(): Promise<BenchResult[]> {
  const catastrophic = accepted('^(a+)+$');
  const backtrackBomb = sample(RUNS, () => void catastrophic.test(`${'a'.repeat(1999)}!`));
  const manyStates = accepted('(?:a|b)*a(?:a|b){300}$');
  const stateBlowup = sample(RUNS, () => void manyStates.test(randomAb(2000)));
  // About 480 instructions, just under what the loader accepts.
  const heaviest = '^(?:a?){160}a{160}$';
  accepted(heaviest);
  const cold = sample(RUNS, () => void RE2JS.compile(heaviest).test('a'.repeat(2000)), 2);
  return [
    result('script pattern ^(a+)+$ on a 2000-char answer (p99)', percentile(backtrackBomb, 99), 'ms', goals.below(50)),
    result('script pattern with 2^300 automaton states, new 2000-char answer (p99)', percentile(stateBlowup, 99), 'ms', goals.below(250)),
    result('most complex accepted pattern, compiled cold, 2000-char answer (p99)', percentile(cold, 99), 'ms', goals.below(250)),
  ];
}
