import { z } from 'zod';

/**
 * The agent's path through a call, as renderers see it: the call script being walked, the
 * wrap-up with its disposition codes, callbacks, and call lists for preview dialing. Zod only.
 */

const epochMs = z.number().int().nonnegative();

/**
 * A script answer: one choice, several, text, a number, a date (`YYYY-MM-DD`), a time (`HH:MM`),
 * a date-time (`YYYY-MM-DD HH:MM`), yes/no, a rating; a choice with the text of its "other"
 * option (`{ choice, other }`); a grid's value per item (`{ item: value }`).
 */
export const answerValueSchema = z.union([
  z.string().max(2000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200)).max(50),
  z.strictObject({ choice: z.union([z.string().max(200), z.array(z.string().max(200)).max(50)]), other: z.string().max(2000) }),
  z.record(z.string().max(200), z.union([z.string().max(200), z.number()])).refine((grid) => Object.keys(grid).length <= 100, 'a grid has at most 100 items'),
]);
export type AnswerValueView = z.output<typeof answerValueSchema>;

export const scriptNodeViewSchema = z.object({
  id: z.string(),
  type: z.enum(['say', 'question', 'end']),
  section: z.object({ id: z.string(), title: z.string().nullable() }),
  /** Light Markdown (bold, italic, lists) with the variables already filled in. */
  text: z.string(),
  question: z
    .object({
      input: z.enum(['single', 'multiple', 'text', 'number', 'date', 'yesno', 'rating', 'time', 'datetime', 'grid']),
      required: z.boolean(),
      /** In the order to show them: drawn per call when the question shuffles. */
      options: z.array(z.object({ value: z.string(), label: z.string(), specify: z.boolean(), exclusive: z.boolean() })),
      min: z.number().nullable(),
      max: z.number().nullable(),
      minDate: z.string().nullable(),
      maxDate: z.string().nullable(),
      help: z.string().nullable(),
      /** What the ends of a rating scale mean. */
      minLabel: z.string().nullable(),
      maxLabel: z.string().nullable(),
      /** A grid's lines, each answered on the scale (its options, else min…max). */
      items: z.array(z.object({ id: z.string(), label: z.string() })),
    })
    .nullable(),
  /** The answer kept for this question (pre-filled when the agent comes back to it). */
  answer: answerValueSchema.nullable(),
  /** Say nodes: a note for the agent, not to be read out (light Markdown, variables filled in). */
  hint: z.string().nullable(),
  /** End nodes: the disposition code the wrap-up proposes, and its label in the call's campaign (null when the campaign has no such code). */
  disposition: z.string().nullable(),
  dispositionLabel: z.string().nullable(),
  /** Say and question nodes that offer a client form: "Open form: {title}" (docs/forms.md); absent or null: none. */
  form: z.object({ formId: z.string(), title: z.string() }).nullable().optional(),
});
export type ScriptNodeView = z.output<typeof scriptNodeViewSchema>;

/** A script being walked: for a call (keyed by call id) or a preview without a call (`preview`). */
export const scriptViewSchema = z.object({
  scriptId: z.string(),
  version: z.number().int().nullable(),
  title: z.string(),
  language: z.string(),
  current: scriptNodeViewSchema,
  /** The nodes walked so far, oldest first, with the answers given (as text). */
  path: z.array(z.object({ id: z.string(), type: z.enum(['say', 'question', 'end']), text: z.string(), answer: z.string().nullable() })),
  canBack: z.boolean(),
  ended: z.boolean(),
  /** Required questions on the path without an answer: they block the wrap-up (unless "not surveyed"). */
  missingRequired: z.array(z.object({ id: z.string(), text: z.string() })),
});
export type ScriptView = z.output<typeof scriptViewSchema>;

/** A disposition code of a campaign's (hierarchical) set. Only codes without children are chosen. */
export interface DispositionView {
  code: string;
  label: string;
  /** The key that chooses it in the wrap-up (`1`…`9`, a letter), or null. */
  hotkey: string | null;
  /** Choosing it asks for a date and time and creates a callback. */
  callback: boolean;
  /** The call was not surveyed: required script questions do not block the wrap-up. */
  notSurveyed: boolean;
  children: DispositionView[];
}
export const dispositionViewSchema: z.ZodType<DispositionView> = z.lazy(() =>
  z.object({
    code: z.string(),
    label: z.string(),
    hotkey: z.string().nullable(),
    callback: z.boolean(),
    notSurveyed: z.boolean(),
    children: z.array(dispositionViewSchema),
  }),
);

/** A call that ended and waits for its disposition. */
export const wrapUpViewSchema = z.object({
  callId: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  remoteNumber: z.string(),
  remoteName: z.string().nullable(),
  customerName: z.string().nullable(),
  client: z.string().nullable(),
  campaign: z.string().nullable(),
  dispositions: z.array(dispositionViewSchema),
  /** When the call ended (the wrap-up timer counts from here). */
  startedAt: epochMs,
  /** When the automatic code is given and the agent made ready, or null (settings). */
  autoAt: epochMs.nullable(),
  autoCode: z.string().nullable(),
  /** What the script's end node proposes. */
  suggested: z.string().nullable(),
  /** The callback time chosen in the script (a `callback` question), proposed for a callback code. */
  scriptCallbackAt: epochMs.nullable(),
  /** The note as last saved (drafts are kept across reloads). */
  note: z.string(),
  missingRequired: z.array(z.object({ id: z.string(), text: z.string() })),
  /** Set when the call came from a call list: its record gets this disposition too. */
  callListRecordId: z.string().nullable(),
});
export type WrapUpView = z.output<typeof wrapUpViewSchema>;

export const callbackStateSchema = z.enum(['open', 'dialed', 'done', 'cancelled']);

export const callbackViewSchema = z.object({
  id: z.string(),
  dueAt: epochMs,
  /** Due now or overdue. */
  due: z.boolean(),
  number: z.string(),
  customerName: z.string().nullable(),
  customerNumber: z.string().nullable(),
  client: z.object({ id: z.string(), name: z.string() }).nullable(),
  campaign: z.object({ id: z.string(), name: z.string() }).nullable(),
  note: z.string().nullable(),
  state: callbackStateSchema,
  /** The call it was agreed on. */
  fromCallId: z.string().nullable(),
  createdAt: epochMs,
});
export type CallbackView = z.output<typeof callbackViewSchema>;

export const callListViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  client: z.string().nullable(),
  campaign: z.string(),
  importedAt: epochMs,
  total: z.number().int(),
  pending: z.number().int(),
  done: z.number().int(),
  skipped: z.number().int(),
});
export type CallListView = z.output<typeof callListViewSchema>;

export const callListRecordViewSchema = z.object({
  id: z.string(),
  /** The record's row in the imported file (header = row 1). */
  row: z.number().int(),
  name: z.string().nullable(),
  number: z.string(),
  customerNumber: z.string().nullable(),
  /** The file's other columns, for the agent to read before dialling. */
  fields: z.record(z.string(), z.string()),
  attempts: z.number().int(),
});

/** Preview dialing: the record shown before the agent dials or skips it. */
export const previewViewSchema = z.object({
  listId: z.string(),
  listName: z.string(),
  campaign: z.string(),
  record: callListRecordViewSchema.nullable(),
  remaining: z.number().int(),
  /** The call placed for the record, while it lasts. */
  callId: z.string().nullable(),
});
export type PreviewView = z.output<typeof previewViewSchema>;

export const scriptProblemViewSchema = z.object({ file: z.string(), line: z.number().int(), column: z.number().int(), message: z.string() });

export const loadedScriptViewSchema = z.object({
  scriptId: z.string(),
  version: z.number().int(),
  title: z.string(),
  campaign: z.string(),
  client: z.string().nullable(),
  language: z.string(),
  file: z.string().nullable(),
  loadedAt: epochMs,
});
export type LoadedScriptView = z.output<typeof loadedScriptViewSchema>;
