import { z } from 'zod';
import { choiceOf } from './choices';
import type { AnswerValue, CalculatedValue, QuestionNode, Script } from './model';
import type { Path, ProblemList } from './problems';
import { checkShape } from './structure';
import { ANSWERS_NAMESPACE, VALUES_NAMESPACE, isClose } from './variables';

/**
 * Calculated values: a score made from several answers, written as a top-level `values:` list,
 * e.g. `- { id: score, sum: [answers.q1, answers.q2] }`. No expressions and no eval: a value is
 * one of three fixed kinds over named answers or other values, so the loader can check every
 * reference, and a trainer cannot write something that runs. Choice answers count by the
 * `score:` of their options, yes/no as 1 and 0.
 */

export const VALUE_KINDS = ['sum', 'average', 'count'] as const;

const refList = z.array(z.string()).min(1);
const valueSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and contain only letters, digits, "_" and "-"'),
  label: z.string().optional(),
  sum: refList.optional(),
  average: refList.optional(),
  count: refList.optional(),
});

/** A question as written, as far as a value needs it. */
export interface CountedQuestion {
  input: unknown;
  /** Each option's `score:` as written (undefined when not given). */
  scores: unknown[];
}

const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * Checks the `values:` list and returns the values in an order where each comes after the
 * values it uses (null when a problem was found). Unknown answers, questions whose answer is
 * not a number, and values that use themselves through others are reported where written.
 */
export function checkValues(raw: unknown, questions: ReadonlyMap<string, CountedQuestion>, problems: ProblemList): CalculatedValue[] | null {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return null; // the shape check reports it
  const pos = problems.positions;
  const before = problems.items.length;
  const written: CalculatedValue[] = [];
  const at = new Map<string, Path>();
  raw.forEach((entry, i) => {
    const path: Path = ['values', i];
    if (!obj(entry)) {
      problems.add('wrong-type', pos.value(path), `values[${i}] must be a mapping such as { id: score, sum: [answers.q1, answers.q2] }`);
      return;
    }
    if (!checkShape(valueSchema, entry, path, problems)) return;
    const record = entry as z.output<typeof valueSchema>;
    const kinds = VALUE_KINDS.filter((k) => record[k] !== undefined);
    if (kinds.length !== 1) {
      problems.add(
        'wrong-type',
        pos.value(path),
        `value "${record.id}" needs exactly one of ${VALUE_KINDS.join(', ')}${kinds.length ? `, not ${kinds.join(' and ')}` : ''}`,
      );
      return;
    }
    if (at.has(record.id)) {
      problems.add(
        'duplicate-id',
        pos.value([...path, 'id']),
        `duplicate value id "${record.id}": already used on line ${pos.value(at.get(record.id) as Path).line}`,
      );
      return;
    }
    at.set(record.id, path);
    const kind = kinds[0] as CalculatedValue['kind'];
    written.push({ id: record.id, label: record.label ?? null, kind, of: record[kind] as string[] });
  });
  written.forEach((value) => {
    const path = at.get(value.id) as Path;
    value.of.forEach((ref, i) => {
      const problem = refProblem(ref, value.kind, questions, at);
      if (problem) problems.add('unknown-variable', pos.value([...path, value.kind, i]), problem);
    });
  });
  if (problems.items.length > before) return null;
  return ordered(written, at, problems);
}

function refProblem(
  ref: string,
  kind: CalculatedValue['kind'],
  questions: ReadonlyMap<string, CountedQuestion>,
  values: ReadonlyMap<string, Path>,
): string | null {
  const dot = ref.indexOf('.');
  const namespace = dot >= 0 ? ref.slice(0, dot) : ref;
  const id = dot >= 0 ? ref.slice(dot + 1) : '';
  if (namespace === VALUES_NAMESPACE) {
    if (kind === 'count') return `"${ref}": count takes answers only (how many of them were answered)`;
    if (values.has(id)) return null;
    const close = [...values.keys()].find((k) => isClose(k, id));
    return `"${ref}": there is no value with id "${id}"${close ? ` (did you mean "values.${close}"?)` : ''}`;
  }
  if (namespace !== ANSWERS_NAMESPACE) return `"${ref}": a value counts answers.<question id> or values.<value id>`;
  const question = questions.get(id);
  if (!question) {
    const close = [...questions.keys()].find((k) => isClose(k, id));
    return `"${ref}": there is no question with id "${id}"${close ? ` (did you mean "answers.${close}"?)` : ''}`;
  }
  if (kind === 'count') return null;
  const input = question.input;
  if (input === 'number' || input === 'rating' || input === 'yesno') return null;
  if (input === 'single' || input === 'multiple') {
    const missing = question.scores.filter((s) => typeof s !== 'number').length;
    return missing === 0 ? null : `"${ref}": give every option of question "${id}" a score (${missing} without), so its answer counts as a number`;
  }
  return `"${ref}": question "${id}" is a ${String(input)} question, and its answer is no number; ${kind} takes number, rating, yes/no and scored choice questions (count takes any)`;
}

/** The values sorted so each follows those it uses; a value that uses itself is reported. */
function ordered(values: CalculatedValue[], at: ReadonlyMap<string, Path>, problems: ProblemList): CalculatedValue[] | null {
  const byId = new Map(values.map((v) => [v.id, v]));
  const out: CalculatedValue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  let cyclic = false;
  const visit = (value: CalculatedValue, trail: string[]) => {
    const seen = state.get(value.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const loop = [...trail.slice(trail.indexOf(value.id)), value.id];
      problems.add('value-cycle', problems.positions.value([...(at.get(value.id) as Path), 'id']), `value "${value.id}" uses itself: ${loop.join(' → ')}`);
      cyclic = true;
      return;
    }
    state.set(value.id, 'visiting');
    for (const ref of value.of) {
      if (!ref.startsWith(`${VALUES_NAMESPACE}.`)) continue;
      const used = byId.get(ref.slice(VALUES_NAMESPACE.length + 1));
      if (used) visit(used, [...trail, value.id]);
    }
    state.set(value.id, 'done');
    out.push(value);
  };
  for (const value of values) visit(value, []);
  return cyclic ? null : out;
}

/** What one answer adds to a sum or average: a number, or null when it does not count. */
function numberOf(question: QuestionNode, given: AnswerValue): number | null {
  // An "other, please specify" answer counts by the option picked; a grid is no number.
  const answer = choiceOf(given);
  if (typeof answer === 'boolean') return answer ? 1 : 0;
  if (typeof answer === 'number') return answer;
  const score = (v: string) => question.options.find((o) => o.value === v)?.score ?? 0;
  if (Array.isArray(answer)) return answer.reduce((total, v) => total + score(v), 0);
  if (question.input === 'single' && typeof answer === 'string') return score(answer);
  return null;
}

/**
 * Every value of the script from the answers on the path. Unanswered questions are left out:
 * a sum or average of nothing answered is null (shown empty, never matches a comparison), a
 * count is 0.
 */
export function computeValues(script: Script, answerOf: (id: string) => AnswerValue | undefined): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const value of script.values) {
    const parts: number[] = [];
    let count = 0;
    for (const ref of value.of) {
      const dot = ref.indexOf('.');
      const id = ref.slice(dot + 1);
      if (ref.startsWith(`${VALUES_NAMESPACE}.`)) {
        const n = out.get(id) ?? null;
        if (n !== null) parts.push(n);
        continue;
      }
      const question = script.nodes.get(id);
      const answer = answerOf(id);
      if (question?.type !== 'question' || answer === undefined) continue;
      const picked = choiceOf(answer);
      count += Array.isArray(picked) ? picked.length : 1;
      const n = numberOf(question, answer);
      if (n !== null) parts.push(n);
    }
    if (value.kind === 'count') out.set(value.id, count);
    else if (parts.length === 0) out.set(value.id, null);
    else {
      const total = parts.reduce((a, b) => a + b, 0);
      // Two decimals: an average of ratings reads 4.33, and compares as written in a `when`.
      out.set(value.id, value.kind === 'sum' ? total : Math.round((total / parts.length) * 100) / 100);
    }
  }
  return out;
}

/** A value as text: German decimal comma; empty when nothing it counts was answered. */
export function valueText(value: number | null, language: string): string {
  if (value === null) return '';
  return language.startsWith('de') ? String(value).replace('.', ',') : String(value);
}
