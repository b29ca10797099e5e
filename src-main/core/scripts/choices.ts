import type { AnswerValue, ChoiceOption, QuestionNode, SpecifiedChoice } from './model';

/**
 * What surveys add to choices: an "Other, please specify" option whose text is kept with the
 * answer, a "none of these" option that excludes the others, and options shown in an order drawn
 * per call with some kept in place.
 */

/** The longest text kept for an "other" answer; the contract allows 2000 for any text. */
export const MAX_SPECIFY_LENGTH = 500;

export function isSpecified(value: unknown): value is SpecifiedChoice {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return Object.hasOwn(v, 'choice') && Object.hasOwn(v, 'other') && (typeof v.choice === 'string' || Array.isArray(v.choice));
}

/** The picked option value(s) of a choice answer, without the text given for "other". */
export function choiceOf(value: AnswerValue | null | undefined): AnswerValue | null {
  if (value === undefined || value === null) return null;
  return isSpecified(value) ? value.choice : value;
}

/** The option, among the picked ones, that asks for a text. */
export function specifyOption(question: QuestionNode, picked: readonly string[]): ChoiceOption | undefined {
  return question.options.find((o) => o.specify && picked.includes(o.value));
}

/** The exclusive option picked together with another, if any. */
export function exclusiveClash(question: QuestionNode, picked: readonly string[]): ChoiceOption | undefined {
  if (picked.length < 2) return undefined;
  return question.options.find((o) => o.exclusive && picked.includes(o.value));
}

/**
 * An order for the options of a shuffling question: the options without `fixed` are drawn in a
 * random order into the places they had; the fixed ones keep theirs. Fisher–Yates over `random`.
 */
export function drawOrder(options: readonly ChoiceOption[], random: () => number): string[] {
  const free = options.filter((o) => !o.fixed).map((o) => o.value);
  for (let i = free.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [free[i], free[j]] = [free[j] as string, free[i] as string];
  }
  let next = 0;
  return options.map((o) => (o.fixed ? o.value : (free[next++] as string)));
}

/** True when `order` lists exactly the question's option values (a saved order still fits). */
export function fitsOrder(options: readonly ChoiceOption[], order: unknown): order is string[] {
  if (!Array.isArray(order) || order.length !== options.length) return false;
  const values = new Set(options.map((o) => o.value));
  return order.every((v) => typeof v === 'string' && values.delete(v)) && values.size === 0;
}
