import { ownValue } from '../own';
import { DEFAULT_RATING, type Matcher } from './model';
import type { Path, ProblemList } from './problems';
import { isClose } from './variables';

/**
 * Values in `when` that the question's answer can never take. Such a branch validates but never
 * fires (or, with ne/notIn, always holds), so a survey would silently collect wrong data: a
 * German trainer writes `answer: nein` where yes/no answers compare as yes/no, or misspells an
 * option value. The yes/no words of the script's language are accepted and normalised here, so
 * the engine only ever compares yes and no.
 */

/** What the loader knows of the question a `when` key refers to, as written. */
export interface AskedQuestion {
  id: string;
  input: unknown;
  options: { value: string; label: string | null }[];
  min: unknown;
  max: unknown;
}

const YES_NO: Record<string, Record<string, 'yes' | 'no'>> = {
  en: { yes: 'yes', no: 'no' },
  de: { ja: 'yes', nein: 'no' },
};

/** `yes`/`no` for a yes/no word of the language (English always), else null. */
export function yesNoWord(value: unknown, language: string | null): 'yes' | 'no' | null {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase();
  const languages = language === null ? Object.keys(YES_NO) : ['en', language.slice(0, 2)];
  for (const lang of languages) {
    const found = ownValue(ownValue(YES_NO, lang), word);
    if (found) return found;
  }
  return null;
}

const norm = (v: unknown) => String(v).trim().toLowerCase();
/** Operators whose operand is one answer the question may have. */
const VALUE_OPERATORS = new Set(['eq', 'ne', 'in', 'notIn', 'contains']);
const NEGATED = new Set(['ne', 'notIn']);

/**
 * Reports every value of `matcher` that `question`'s answer can never equal, and returns the
 * matcher with yes/no words normalised to yes/no.
 */
export function checkWhenValues(question: AskedQuestion, matcher: Matcher, language: string | null, path: Path, problems: ProblemList): Matcher {
  // An empty value or a bare list is a shape problem, reported by structure.ts already.
  if (matcher === null || Array.isArray(matcher)) return matcher;
  if (question.input === 'yesno') return checkYesNo(question, matcher, language, path, problems);
  if (question.input === 'single' || question.input === 'multiple') checkOptions(question, matcher, path, problems);
  if (question.input === 'rating' || question.input === 'number') checkRange(question, matcher, path, problems);
  return matcher;
}

/** Each written operand that names one answer, with where it is written and its operator. */
function operands(matcher: Matcher, path: Path): { value: unknown; at: Path; op: string }[] {
  if (typeof matcher !== 'object' || matcher === null) return [{ value: matcher, at: path, op: 'eq' }];
  return Object.entries(matcher).flatMap(([op, operand]) => {
    if (!VALUE_OPERATORS.has(op)) return [];
    if (Array.isArray(operand)) return operand.map((value, i) => ({ value, at: [...path, op, i], op }));
    return [{ value: operand, at: [...path, op], op }];
  });
}

const consequence = (op: string) => (NEGATED.has(op) ? `so "${op}" always holds` : 'so this branch never fires');

function checkYesNo(question: AskedQuestion, matcher: Matcher, language: string | null, path: Path, problems: ProblemList): Matcher {
  const words = language?.startsWith('de') ? 'yes or no (or ja, nein)' : language === null ? 'yes, no, ja or nein' : 'yes or no';
  for (const { value, at, op } of operands(matcher, path)) {
    if (yesNoWord(value, language) !== null) continue;
    problems.add(
      'never-matches',
      problems.positions.value(at),
      `"${String(value)}" is never an answer of the yes/no question "${question.id}", ${consequence(op)}: write ${words}`,
    );
  }
  const normal = (v: unknown) => yesNoWord(v, language) ?? v;
  if (typeof matcher !== 'object' || matcher === null) return normal(matcher) as Matcher;
  return Object.fromEntries(
    Object.entries(matcher).map(([op, operand]) => [op, !VALUE_OPERATORS.has(op) ? operand : Array.isArray(operand) ? operand.map(normal) : normal(operand)]),
  );
}

function checkOptions(question: AskedQuestion, matcher: Matcher, path: Path, problems: ProblemList): void {
  const values = new Set(question.options.map((o) => norm(o.value)));
  for (const { value, at, op } of operands(matcher, path)) {
    if (typeof value === 'boolean' || values.has(norm(value))) continue;
    const written = String(value);
    const byLabel = question.options.find((o) => o.label !== null && norm(o.label) === norm(written));
    const close = question.options.find((o) => isClose(norm(o.value), norm(written)));
    const hint = byLabel
      ? `"${written}" is the label of option "${byLabel.value}"; write its value`
      : `${close ? `did you mean "${close.value}"? ` : ''}the options are ${question.options.map((o) => o.value).join(', ')}`;
    problems.add('never-matches', problems.positions.value(at), `"${written}" is no option of question "${question.id}", ${consequence(op)} (${hint})`);
  }
}

const BOUND_OPERATORS: Record<string, (n: number, min: number, max: number) => boolean> = {
  // True when no answer in min…max can satisfy the comparison.
  lt: (n, min) => n <= min,
  lte: (n, min) => n < min,
  gt: (n, _min, max) => n >= max,
  gte: (n, _min, max) => n > max,
};

function checkRange(question: AskedQuestion, matcher: Matcher, path: Path, problems: ProblemList): void {
  const rating = question.input === 'rating';
  const min = typeof question.min === 'number' ? question.min : rating ? DEFAULT_RATING.min : -Infinity;
  const max = typeof question.max === 'number' ? question.max : rating ? DEFAULT_RATING.max : Infinity;
  if (min === -Infinity && max === Infinity) return;
  const range = rating
    ? `is rated ${min} to ${max}`
    : max === Infinity
      ? `takes numbers of at least ${min}`
      : min === -Infinity
        ? `takes numbers of at most ${max}`
        : `takes numbers from ${min} to ${max}`;
  for (const { value, at, op } of operands(matcher, path)) {
    if (op === 'contains') continue;
    const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
    if (Number.isFinite(n) && n >= min && n <= max && (!rating || Number.isInteger(n))) continue;
    problems.add('never-matches', problems.positions.value(at), `question "${question.id}" ${range}, never ${String(value)}, ${consequence(op)}`);
  }
  if (typeof matcher !== 'object' || matcher === null) return;
  for (const [op, operand] of Object.entries(matcher)) {
    const impossible = ownValue(BOUND_OPERATORS, op);
    if (!impossible || typeof operand !== 'number' || !impossible(operand, min, max)) continue;
    problems.add(
      'never-matches',
      problems.positions.value([...path, op]),
      `question "${question.id}" ${range}, so "${op}: ${operand}" never holds and this branch never fires`,
    );
  }
}
