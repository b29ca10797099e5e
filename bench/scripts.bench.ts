// A script's `pattern` is matched in the main process on every answer (up to 2000 characters).
// With RE2 (re2js) the time is linear in the answer for any pattern the loader accepts. The rows:
// the pattern that never finishes on a backtracking engine; one whose automaton has more states
// than RE2 caches (it falls back to its slower, still linear, NFA), fed a new answer each run;
// and the most complex pattern the loader accepts, compiled afresh each run (no warm cache).
// Then the checks issue 14 added, on the 2 000-node script of agent-work.bench.ts: whether every
// {{answers.q}} is asked before it is shown (a dominator tree over the script's graph).
import { RE2JS } from 're2js';
import { LineCounter, parseDocument } from 'yaml';
import { checkAnswerOrder } from '../src-main/core/scripts/answer-order';
import { parseScript } from '../src-main/core/scripts/loader';
import { compilePattern } from '../src-main/core/scripts/pattern';
import { Positions, ProblemList } from '../src-main/core/scripts/problems';
import { generateScript } from './agent-work.bench';
import { goals, median, note, percentile, result, sample, type BenchResult } from './harness';

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
  const order = benchAnswerOrder();
  return [
    result('script pattern ^(a+)+$ on a 2000-char answer (p99)', percentile(backtrackBomb, 99), 'ms', goals.below(50)),
    result('script pattern with 2^300 automaton states, new 2000-char answer (p99)', percentile(stateBlowup, 99), 'ms', goals.below(250)),
    result('most complex accepted pattern, compiled cold, 2000-char answer (p99)', percentile(cold, 99), 'ms', goals.below(250)),
    // A small share of the 500 ms the whole check of this script may take (agent-work.bench.ts).
    result('answer-order check of the 2000-node script (dominator tree, median)', median(order), 'ms', goals.below(50)),
  ];
}

/** checkAnswerOrder alone, on a parsed script, with the loader's own inputs. */
function benchAnswerOrder(): number[] {
  const text = generateScript(20, 100);
  const parsed = parseScript(text, 'generated.yaml');
  if (!parsed.ok) throw new Error(`the generated script is not valid: ${parsed.problems[0]?.message}`);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const raw = doc.toJS() as { sections: { nodes: Record<string, unknown>[] }[] };
  const written = raw.sections.flatMap((section, s) =>
    section.nodes.map((node, n) => ({ id: node.id as string, path: ['sections', s, 'nodes', n], raw: node })),
  );
  const refs = written.reduce((count, node) => count + (JSON.stringify(node.raw).match(/\{\{answers\./g)?.length ?? 0), 0);
  note(`answer order: ${parsed.script.nodes.size} nodes, ${refs} {{answers.…}} references`);
  return sample(RUNS, () => {
    const problems = new ProblemList('generated.yaml', new Positions(doc, counter, text));
    checkAnswerOrder(parsed.script, written, problems);
    if (problems.items.length) throw new Error(`answer order: ${problems.items[0]?.message}`);
  });
}
