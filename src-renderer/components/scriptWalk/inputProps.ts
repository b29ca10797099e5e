import type { AnswerDraft, QuestionView } from '../../lib/scriptAnswer';

/** What every question input of the script panel gets from the panel. */
export type InputProps = {
  question: QuestionView;
  draft: AnswerDraft;
  onChange: (draft: AnswerDraft) => void;
  /** Labels the inputs (the node text's id). */
  labelledBy: string;
  /** The error's id, for `aria-describedby`, when there is one. */
  errorId: string | undefined;
  disabled: boolean;
};
