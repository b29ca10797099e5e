import type { Script } from './model';
import type { Path, ProblemList } from './problems';
import { ANSWERS_NAMESPACE, findVariables } from './variables';

/**
 * `{{answers.q}}` in a text shown before question q is asked: the agent would read
 * `[answers.q]` to the customer. An answer is surely there only when q lies on every way from
 * the start to the node, that is when q dominates the node in the script's graph. Dominators are
 * computed once (Cooper, Harvey and Kennedy's iteration over reverse postorder, a few passes for
 * any real script) and numbered by a walk of their tree, so each reference is checked in O(1)
 * and a script of thousands of nodes is checked in a few milliseconds.
 */

/** A node as written: where its texts are and what they say. */
export interface WrittenTexts {
  id: string | null;
  path: Path;
  raw: Record<string, unknown>;
}

/** The texts of a node that the agent reads, by their path. */
function textsOf(node: WrittenTexts): { path: Path; text: string }[] {
  const out: { path: Path; text: string }[] = [];
  for (const key of ['text', 'help', 'patternMessage', 'minLabel', 'maxLabel', 'hint']) {
    const value = node.raw[key];
    if (typeof value === 'string') out.push({ path: [...node.path, key], text: value });
  }
  for (const listKey of ['options', 'items']) {
    const entries = node.raw[listKey];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      const label = entry !== null && typeof entry === 'object' ? (entry as { label?: unknown }).label : undefined;
      if (typeof label === 'string') out.push({ path: [...node.path, listKey, i, 'label'], text: label });
    });
  }
  return out;
}

function successors(script: Script, id: string): string[] {
  const node = script.nodes.get(id);
  if (!node) return [];
  const out = node.branches.map((b) => b.next);
  if (node.type === 'question') for (const option of node.options) if (option.next) out.push(option.next);
  if (node.next) out.push(node.next);
  return out;
}

/** Answers whether `a` dominates `b` (every way from the start to b passes a). */
export function dominators(script: Script): (a: string, b: string) => boolean {
  // Nodes as numbers in reverse postorder (an iterative depth-first walk), edges as number lists.
  const postorder: string[] = [];
  const seen = new Set<string>([script.start]);
  const stack: { id: string; next: string[] }[] = [{ id: script.start, next: successors(script, script.start) }];
  while (stack.length) {
    const top = stack[stack.length - 1] as { id: string; next: string[] };
    const child = top.next.pop();
    if (child === undefined) {
      postorder.push(top.id);
      stack.pop();
    } else if (!seen.has(child) && script.nodes.has(child)) {
      seen.add(child);
      stack.push({ id: child, next: successors(script, child) });
    }
  }
  const ids = postorder.reverse();
  const rank = new Map(ids.map((id, i) => [id, i]));
  const preds: number[][] = ids.map(() => []);
  ids.forEach((id, i) => {
    for (const to of successors(script, id)) {
      const j = rank.get(to);
      if (j !== undefined) preds[j]?.push(i);
    }
  });

  // idom[i] is a smaller number than i (its dominator comes first in reverse postorder); -1: not yet known.
  const idom = new Int32Array(ids.length).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (a > b) a = idom[a] as number;
      while (b > a) b = idom[b] as number;
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 1; i < ids.length; i++) {
      let found = -1;
      for (const p of preds[i] as number[]) if ((idom[p] as number) >= 0) found = found < 0 ? p : intersect(p, found);
      if (found >= 0 && idom[i] !== found) {
        idom[i] = found;
        changed = true;
      }
    }
  }

  // Entry and exit numbers in the dominator tree: a dominates b when b's interval lies in a's.
  const children: number[][] = ids.map(() => []);
  for (let i = 1; i < ids.length; i++) children[idom[i] as number]?.push(i);
  const enter = new Int32Array(ids.length);
  const leave = new Int32Array(ids.length);
  let clock = 0;
  const walk: number[] = [0];
  while (walk.length) {
    const top = walk.pop() as number;
    if (top < 0) {
      leave[~top] = clock++;
      continue;
    }
    enter[top] = clock++;
    walk.push(~top, ...(children[top] as number[]));
  }
  return (a, b) => {
    const i = rank.get(a);
    const j = rank.get(b);
    if (i === undefined || j === undefined) return false;
    return (enter[i] as number) <= (enter[j] as number) && (leave[j] as number) <= (leave[i] as number);
  };
}

/**
 * Reports every `{{answers.q}}` (without a `| fallback`, which is what is shown instead) in a
 * text of a node that can be reached without asking q first. Runs on a script whose graph
 * passed the checks.
 */
export function checkAnswerOrder(script: Script, written: readonly WrittenTexts[], problems: ProblemList): void {
  let dominates: ((a: string, b: string) => boolean) | null = null;
  for (const node of written) {
    if (node.id === null || !script.nodes.has(node.id)) continue;
    for (const { path, text } of textsOf(node)) {
      if (!text.includes('{{')) continue;
      const seen = new Map<string, number>();
      for (const ref of findVariables(text)) {
        const occurrence = seen.get(ref.token) ?? 0;
        seen.set(ref.token, occurrence + 1);
        if (ref.namespace !== ANSWERS_NAMESPACE || ref.fallback !== null) continue;
        // `answers.q_grid.price` is one line of grid q_grid: asked with the grid.
        const question = script.nodes.get(ref.field.split('.')[0] ?? ref.field);
        if (question?.type !== 'question') continue;
        dominates ??= dominators(script);
        if (question.id !== node.id && dominates(question.id, node.id)) continue;
        const why =
          question.id === node.id
            ? `question "${question.id}" shows its own answer before it is given`
            : `node "${node.id}" can be reached without asking question "${question.id}" first, and the agent would read [${ref.name}]`;
        problems.add(
          'answer-before-question',
          problems.positions.inText(path, ref.token, occurrence),
          `${ref.token} is shown before its question is asked: ${why} (ask the question on every way to this node, or give a fallback: {{${ref.name} | …}})`,
        );
      }
    }
  }
}
