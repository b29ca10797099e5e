import { DEFAULT_RATING, type AnswerValue, type GridAnswer, type QuestionNode } from './model';

/**
 * Grid questions: several items, each answered on one scale (the question's options, or a rating
 * range). The answer keeps a value per item id; `answers.<grid>.<item>` names one of them.
 */

export function isGridAnswer(value: unknown): value is GridAnswer {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The scale of a grid: its option values, or the numbers of its rating range. */
export function gridScale(question: QuestionNode): { options: true; values: string[] } | { options: false; min: number; max: number } {
  if (question.options.length > 0) return { options: true, values: question.options.map((o) => o.value) };
  return { options: false, min: question.min ?? DEFAULT_RATING.min, max: question.max ?? DEFAULT_RATING.max };
}

/** The items a grid answer leaves open (all of them for no answer). */
export function openItems(question: QuestionNode, value: AnswerValue | null | undefined): string[] {
  const answer = isGridAnswer(value) ? value : {};
  return question.items.filter((item) => !Object.hasOwn(answer, item.id)).map((item) => item.id);
}

/** Whether a required question still lacks its answer: for a grid, any item left open. */
export function lacksAnswer(question: QuestionNode, value: AnswerValue | null | undefined, isEmpty: (v: unknown) => boolean): boolean {
  if (question.input === 'grid') return openItems(question, value).length > 0;
  return isEmpty(value);
}

/** One item's value as text: the option's label, or the number. */
export function gridValueText(question: QuestionNode, value: string | number): string {
  return question.options.find((o) => o.value === String(value))?.label ?? String(value);
}

/** `answers.<grid>.<item>`: the grid question id and the item id, when `field` names an item. */
export function splitItem(field: string): { question: string; item: string } | null {
  const dot = field.indexOf('.');
  return dot > 0 ? { question: field.slice(0, dot), item: field.slice(dot + 1) } : null;
}
