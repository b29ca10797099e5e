import type { AnswerValueView, ScriptNodeView } from '../../src-main/contract';

export type QuestionView = NonNullable<ScriptNodeView['question']>;

/** What an input holds while the agent answers: numbers stay text until sent (`3,5` is allowed). */
export type AnswerDraft = string | string[] | boolean | number | null;

/** The input's starting value: the answer kept for this question, else empty. */
export function initialDraft(question: QuestionView, kept: AnswerValueView | null): AnswerDraft {
  if (kept === null) return question.input === 'multiple' ? [] : null;
  switch (question.input) {
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
  switch (question.input) {
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
