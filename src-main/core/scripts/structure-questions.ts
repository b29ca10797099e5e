import type { GridItem } from './model';
import { DATETIME, TIME } from './moments';
import type { Path, ProblemList } from './problems';
import type { AskedQuestion } from './when-values';
import { ANSWERS_NAMESPACE } from './variables';

/**
 * Shape checks for what surveys add to questions: times and date-times, labels for a rating's
 * ends, "other, please specify", exclusive options, shuffled options, grids and the callback
 * question. Each field is refused where it would have no effect, so a trainer never writes one
 * that silently does nothing.
 */

type Raw = Record<string, unknown>;
const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const obj = (v: unknown): Raw | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
const shown = (v: unknown) =>
  typeof v === 'string' ? `the text "${v}"` : Array.isArray(v) ? 'a list' : v === null ? 'empty' : typeof v === 'object' ? 'a mapping' : String(v);

/** The range of a time or date-time question: its limits must be of its form. */
export function checkMomentLimit(input: 'time' | 'datetime', key: 'min' | 'max', value: unknown, at: Path, problems: ProblemList): void {
  const ok = typeof value === 'string' && (value === 'now' || (input === 'time' ? TIME.test(value) : value === 'today' || DATETIME.test(value)));
  if (ok) return;
  const want = input === 'time' ? 'a time (HH:MM) or "now"' : 'a date and time (YYYY-MM-DD HH:MM), "today" or "now"';
  problems.add('wrong-type', problems.positions.value(at), `${key} of a ${input} question must be ${want}, not ${shown(value)}`);
}

/** The checks of the survey fields of one question node at `base`. */
export function checkQuestionFields(node: Raw, base: Path, problems: ProblemList): void {
  const pos = problems.positions;
  const input = node.input;
  const choice = input === 'single' || input === 'multiple';
  const ratingScale = input === 'rating' || (input === 'grid' && node.options === undefined);
  const refuse = (key: string, why: string) => problems.add('unknown-field', pos.key([...base, key]), why);
  for (const key of ['minLabel', 'maxLabel'] as const) {
    if (node[key] !== undefined && !ratingScale)
      refuse(key, `${key} labels the ends of a rating scale; it applies only to rating questions and grids without options`);
  }
  if (node.shuffle !== undefined && !choice) refuse('shuffle', `shuffle applies only to single and multiple choice questions`);
  if (node.callback !== undefined && input !== 'datetime')
    refuse('callback', `callback applies only to datetime questions (the callback time the wrap-up proposes)`);
  const form = input === 'time' ? TIME : DATETIME;
  if (
    (input === 'time' || input === 'datetime') &&
    typeof node.min === 'string' &&
    typeof node.max === 'string' &&
    form.test(node.min) &&
    form.test(node.max) &&
    node.min > node.max
  ) {
    problems.add('wrong-type', pos.value([...base, 'min']), `min (${node.min}) is later than max (${node.max})`);
  }
  if (Array.isArray(node.options)) {
    node.options.forEach((option, i) => {
      const o = obj(option);
      if (!o) return;
      const at = [...base, 'options', i];
      const flag = (key: string, why: string) => o[key] !== undefined && problems.add('unknown-field', pos.key([...at, key]), why);
      if (!choice) flag('specify', `specify applies only to the options of single and multiple choice questions`);
      if (input !== 'multiple') flag('exclusive', `exclusive ("none of these") applies only to the options of multiple choice questions`);
      if (node.shuffle !== true)
        flag('fixed', `fixed keeps an option in place when the options are shuffled; add "shuffle: true" to the question, or remove fixed`);
    });
  }
  checkItems(node, base, problems);
  if (input === 'grid' && Array.isArray(node.branches)) {
    node.branches.forEach((branch, i) => {
      const when = obj(obj(branch)?.when);
      if (when && Object.hasOwn(when, 'answer')) {
        problems.add(
          'unknown-variable',
          pos.key([...base, 'branches', i, 'when', 'answer']),
          `a grid is tested line by line: write answers.${String(node.id)}.<line> instead of "answer"`,
        );
      }
    });
  }
}

function checkItems(node: Raw, base: Path, problems: ProblemList): void {
  const pos = problems.positions;
  if (node.input !== 'grid') {
    if (node.items !== undefined) problems.add('unknown-field', pos.key([...base, 'items']), `items apply only to grid questions`);
    return;
  }
  if (node.items === undefined) {
    problems.add('missing-field', pos.value(base), `a grid question needs "items" (the lines answered on its scale)`);
    return;
  }
  if (!Array.isArray(node.items) || node.items.length === 0) {
    problems.add('wrong-type', pos.value([...base, 'items']), `items must be a list of lines, e.g. [price, service], not ${shown(node.items)}`);
    return;
  }
  const seen = new Map<string, number>();
  node.items.forEach((item, i) => {
    const at = [...base, 'items', i];
    const o = obj(item);
    const id = typeof item === 'string' ? item : o ? o.id : undefined;
    if (typeof item !== 'string' && !o) {
      problems.add('wrong-type', pos.value(at), `items[${i}] must be an id or { id, label }, not ${shown(item)}`);
      return;
    }
    if (o) {
      for (const key of Object.keys(o))
        if (key !== 'id' && key !== 'label') problems.add('unknown-field', pos.key([...at, key]), `unknown field "${key}" (known fields: id, label)`);
      if (o.label !== undefined && typeof o.label !== 'string')
        problems.add('wrong-type', pos.value([...at, 'label']), `label must be text, not ${shown(o.label)}`);
    }
    const idAt = o ? [...at, 'id'] : at;
    if (typeof id !== 'string' || !ID.test(id)) {
      const hint = typeof item === 'string' ? `; write { id: ..., label: "${item}" } for a label with spaces` : '';
      problems.add(
        id === undefined ? 'missing-field' : 'wrong-type',
        id === undefined ? pos.value(at) : pos.value(idAt),
        `item id ${id === undefined ? 'is missing' : `${shown(id)} must start with a letter and contain only letters, digits, "_" and "-"`}${hint}`,
      );
      return;
    }
    const first = seen.get(id);
    if (first !== undefined) problems.add('duplicate-id', pos.value(idAt), `item "${id}" is already a line of this grid (items[${first}])`);
    else seen.set(id, i);
  });
}

/** The item ids of a grid as written (for `answers.<grid>.<item>`); none for other questions. */
export function gridItemIds(node: Raw): string[] {
  if (node.input !== 'grid' || !Array.isArray(node.items)) return [];
  return node.items.flatMap((item) => {
    const id = typeof item === 'string' ? item : obj(item)?.id;
    return typeof id === 'string' && ID.test(id) ? [id] : [];
  });
}

export function gridItemsOf(node: Raw): GridItem[] {
  if (node.input !== 'grid' || !Array.isArray(node.items)) return [];
  return node.items.flatMap((item) => {
    if (typeof item === 'string') return [{ id: item, label: item }];
    const o = obj(item);
    return o && typeof o.id === 'string' ? [{ id: o.id, label: typeof o.label === 'string' ? o.label : o.id }] : [];
  });
}

/** What `answers.<grid>.<item>` can take: one of the grid's options, or its rating range. */
export function itemAsked(grid: AskedQuestion, key: string): AskedQuestion | undefined {
  if (grid.input !== 'grid') return undefined;
  return { id: key, input: grid.options.length ? 'single' : 'rating', options: grid.options, min: grid.min, max: grid.max };
}

/** A `when` on a whole grid compares nothing useful: each line is tested on its own. */
export function wholeGridProblem(key: string, rawOf: (id: string) => Raw | undefined): string | null {
  if (!key.startsWith(`${ANSWERS_NAMESPACE}.`)) return null;
  const id = key.slice(ANSWERS_NAMESPACE.length + 1);
  const raw = rawOf(id);
  if (raw?.input !== 'grid') return null;
  const first = gridItemIds(raw)[0] ?? 'item';
  return `"${key}" is a grid: test one of its lines, e.g. ${key}.${first}`;
}
