import type { AnswerValueView, ScriptNodeView } from '../../src-main/contract';

export type QuestionView = NonNullable<ScriptNodeView['question']>;

/** A choice whose "other" option is picked, with the text typed beside it. */
export type SpecifiedDraft = { choice: string | string[]; other: string };
/** A grid's values so far, per item id. */
export type GridDraft = Record<string, string | number>;

/** What an input holds while the agent answers: numbers stay text until sent (`3,5` is allowed). */
export type AnswerDraft = string | string[] | boolean | number | SpecifiedDraft | GridDraft | null;

export function isSpecifiedDraft(draft: AnswerDraft): draft is SpecifiedDraft {
  return draft !== null && typeof draft === 'object' && !Array.isArray(draft) && 'choice' in draft && 'other' in draft;
}

/** The option value(s) picked, without the "other" text. */
export function pickedOf(draft: AnswerDraft): string[] {
  const choice = isSpecifiedDraft(draft) ? draft.choice : draft;
  if (Array.isArray(choice)) return choice;
  return typeof choice === 'string' ? [choice] : [];
}

/**
 * The draft after the agent picked or unpicked an option: an exclusive option ("none of these")
 * clears the others and any other clears it; a picked "other" option keeps its text.
 */
export function pickOption(question: QuestionView, draft: AnswerDraft, value: string, on: boolean): AnswerDraft {
  const multiple = question.input === 'multiple';
  const option = question.options.find((o) => o.value === value);
  let picked: string[];
  if (!multiple) picked = [value];
  else if (!on) picked = pickedOf(draft).filter((v) => v !== value);
  else if (option?.exclusive) picked = [value];
  else picked = [...pickedOf(draft).filter((v) => !question.options.some((o) => o.exclusive && o.value === v)), value];
  const choice = multiple ? picked : (picked[0] ?? null);
  const specify = question.options.some((o) => o.specify && picked.includes(o.value));
  if (!specify || choice === null) return choice;
  return { choice, other: isSpecifiedDraft(draft) ? draft.other : '' };
}

/** `YYYY-MM-DD HH:MM` as the date-time input wants it (`YYYY-MM-DDTHH:MM`). */
export const toDateTimeInput = (value: string) => value.replace(' ', 'T');

/** The input's starting value: the answer kept for this question, else empty. */
export function initialDraft(question: QuestionView, kept: AnswerValueView | null): AnswerDraft {
  if (kept === null) return question.input === 'multiple' ? [] : question.input === 'grid' ? {} : null;
  if (typeof kept === 'object' && !Array.isArray(kept))
    return 'choice' in kept && 'other' in kept ? { choice: kept.choice as string | string[], other: String(kept.other) } : { ...(kept as GridDraft) };
  switch (question.input) {
    case 'datetime':
      return toDateTimeInput(String(kept));
    case 'multiple':
      return Array.isArray(kept) ? kept : [String(kept)];
    case 'number':
      return typeof kept === 'number' ? String(kept) : String(kept);
    case 'yesno':
      return typeof kept === 'boolean' ? kept : null;
    case 'rating':
      return typeof kept === 'number' ? kept : Number(kept);
    default:
      return Array.isArray(kept) ? kept.join(', ') : String(kept);
  }
}

/**
 * The answer to send, typed as main expects it: a number as a number, yes/no as a boolean,
 * several choices as a list, a date as `YYYY-MM-DD`; null for no answer. A number that does not
 * parse goes as typed, so main can say what it expects.
 */
export function answerValue(question: QuestionView, draft: AnswerDraft): AnswerValueView | null {
  if (draft === null) return null;
  if (isSpecifiedDraft(draft)) return { choice: draft.choice, other: draft.other };
  switch (question.input) {
    case 'grid':
      return typeof draft === 'object' && !Array.isArray(draft) && Object.keys(draft).length > 0 ? draft : null;
    case 'multiple':
      return Array.isArray(draft) ? draft : [String(draft)];
    case 'number': {
      const text = String(draft).trim();
      if (text === '') return null;
      const number = Number(text.replace(',', '.'));
      return Number.isFinite(number) ? number : text;
    }
    case 'yesno':
      return typeof draft === 'boolean' ? draft : null;
    case 'rating':
      return typeof draft === 'number' ? draft : null;
    default: {
      const text = String(draft);
      return text.trim() === '' ? null : text;
    }
  }
}

/** The rating scale: the question's min..max, 1 to 5 unless it says otherwise. */
export function ratingScale(question: QuestionView): number[] {
  const min = question.min ?? 1;
  const max = Math.max(min, question.max ?? 5);
  return Array.from({ length: Math.min(max - min + 1, 21) }, (_, index) => min + index);
}

/** `today` in a script's date limits, as the date input wants it. */
export function dateLimit(limit: string | null, now: Date = new Date()): string | undefined {
  if (limit === null) return undefined;
  if (limit !== 'today') return limit;
  return localDate(now);
}

/** `YYYY-MM-DD` of a moment in local time. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
