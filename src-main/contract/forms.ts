import { z } from 'zod';
import { messageSchema } from './messages';

/**
 * Forms for the clients' processes (fault reports, contract changes, new contracts,
 * cancellations): written by trainers in YAML beside the call scripts (docs/forms.md), filled by
 * the agent during the call or its wrap-up, and delivered exactly once to the client's system and
 * the backend. This file holds what main and the page (and the backend) exchange about them.
 */

const epochMs = z.number().int().nonnegative();

/** What a form is for; the agent's list of forms groups by it. */
export const formKindSchema = z.enum(['fault', 'contractChange', 'newContract', 'cancellation', 'other']);
export type FormKind = z.output<typeof formKindSchema>;

/**
 * A field's type decides its input and its check:
 * `text` (one line), `longText` (several lines), `number`, `email`, `phone` (libphonenumber-js),
 * `postcode` (German, five digits, not 00…), `iban` and `bic` (ibantools: check digits, length per
 * country), `date`, `dateRange` (from–to, e.g. an appointment window), `datetime`, `choice` (one
 * of the options), `multiple` (several), `yesno`.
 */
export const FORM_FIELD_TYPES = [
  'text',
  'longText',
  'number',
  'email',
  'phone',
  'postcode',
  'iban',
  'bic',
  'date',
  'dateRange',
  'datetime',
  'choice',
  'multiple',
  'yesno',
] as const;
export const formFieldTypeSchema = z.enum(FORM_FIELD_TYPES);
export type FormFieldType = z.output<typeof formFieldTypeSchema>;

/** Bank details: masked on screen once entered and in every export (`DE89 •••• •••• •••• •••• 00`). */
export const SENSITIVE_FIELD_TYPES: readonly FormFieldType[] = ['iban', 'bic'];

/**
 * A field's value as entered: text for most types (dates as `YYYY-MM-DD`, datetimes as
 * `YYYY-MM-DDTHH:MM`, an IBAN without spaces in capitals), the picked values for `multiple`,
 * from–to for `dateRange`, true/false for `yesno`, a number for `number`; null while empty.
 */
export const formValueSchema = z.union([
  z.string().max(4000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200)).max(100),
  z.object({ from: z.string().max(40), to: z.string().max(40) }).strict(),
  z.null(),
]);
export type FormValue = z.output<typeof formValueSchema>;

/** A field as the agent sees it in an open form. */
export const formFieldViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  type: formFieldTypeSchema,
  /** For the agent's eyes: how to ask, what the client needs. */
  help: z.string().nullable(),
  required: z.boolean(),
  /** False while its `when` condition does not hold: hidden, not checked, not sent. */
  visible: z.boolean(),
  /** The value as entered (for `iban`/`bic` too: the page masks it once the field loses focus). */
  value: formValueSchema,
  /** Where a pre-filled value came from (`customer.postcode`, `ivr.customerNumber`), null when typed. */
  prefilledFrom: z.string().nullable(),
  /** Why the value is not acceptable, in the agent's language; null when it is (or still empty and not yet submitted). */
  error: messageSchema.nullable(),
  /** choice/multiple: the options. */
  options: z.array(z.object({ value: z.string(), label: z.string() })),
  /** number: range; text: length; dates: `YYYY-MM-DD` bounds (resolved from `today`, `+14d`). */
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  /** The section heading the field stands under, null for none. */
  section: z.string().nullable(),
});
export type FormFieldView = z.output<typeof formFieldViewSchema>;

/**
 * `draft`: being filled (kept across a restart); `waiting`: submitted, not yet confirmed by the
 * client's system; `sent`: confirmed; `refused`: the client's system refused it (the reason is
 * shown; the agent corrects it and sends it again, which makes a new revision).
 */
export const formStatusSchema = z.enum(['draft', 'waiting', 'sent', 'refused']);
export type FormStatus = z.output<typeof formStatusSchema>;

/** An open or submitted form of a call. */
export const formViewSchema = z.object({
  /** The form session's id (a draft) — after submission, the submission's id. */
  id: z.string(),
  callId: z.string(),
  formId: z.string(),
  formVersion: z.number().int().nullable(),
  title: z.string(),
  kind: formKindSchema,
  language: z.string(),
  status: formStatusSchema,
  /** 1 for the first submission; each corrected resend adds one. */
  revision: z.number().int().min(1),
  fields: z.array(formFieldViewSchema),
  /** Why the client's system refused it (status `refused`), or why sending waits (`waiting` after a failed attempt). */
  detail: messageSchema.nullable(),
  updatedAt: epochMs,
  sentAt: epochMs.nullable(),
});
export type FormView = z.output<typeof formViewSchema>;

/** A loaded form as the trainer's Scripts tab lists it: its latest version. */
export const loadedFormSchema = z.object({
  formId: z.string(),
  version: z.number().int(),
  title: z.string(),
  kind: formKindSchema,
  /** The client whose calls offer it; null: every client. */
  client: z.string().nullable(),
  language: z.string(),
  loadedAt: epochMs,
});
export type LoadedForm = z.output<typeof loadedFormSchema>;

/** A form the agent can open for a call: the forms of the call's client (and those for every client). */
export const formChoiceSchema = z.object({ formId: z.string(), title: z.string(), kind: formKindSchema });
export type FormChoice = z.output<typeof formChoiceSchema>;

/**
 * A submitted form as it is stored and delivered (outbox topic `form.submitted` to the backend,
 * and the client's endpoint through its field mapping). `id` is the submission's id and, with the
 * revision, the idempotency key: `<id>.<revision>`.
 */
export const formSubmissionSchema = z.object({
  id: z.string().min(1).max(64),
  revision: z.number().int().min(1),
  callId: z.string().min(1).max(64),
  formId: z.string().min(1).max(64),
  formVersion: z.number().int().nullable(),
  title: z.string().max(200),
  kind: formKindSchema,
  clientId: z.string().max(64).nullable(),
  language: z.string().max(10),
  agentId: z.string().max(64).nullable(),
  submittedAt: epochMs,
  /** The visible fields only, in the form's order. */
  fields: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      type: formFieldTypeSchema,
      value: formValueSchema,
    }),
  ),
});
export type FormSubmission = z.output<typeof formSubmissionSchema>;

/** A form of a call as the call log and its export show it (bank details already masked). */
export const callLogFormSchema = z.object({
  id: z.string(),
  formId: z.string(),
  title: z.string(),
  revision: z.number().int(),
  status: formStatusSchema,
  detail: messageSchema.nullable(),
  submittedAt: epochMs,
  sentAt: epochMs.nullable(),
  fields: z.array(z.object({ label: z.string(), text: z.string() })),
});
export type CallLogForm = z.output<typeof callLogFormSchema>;
