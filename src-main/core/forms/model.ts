import type { FormFieldType, FormKind } from '../../contract/forms';
import type { Matcher } from '../scripts/model';

/** A client form as the form sessions use it, after the loader has checked it (see docs/forms.md). */

/** Where a field's `prefill:` may take its value from: the customer card, the call, the IVR, the agent. */
export const PREFILL_SOURCES = [
  'customer.name',
  'customer.customerNumber',
  'customer.email',
  'customer.postcode',
  'customer.city',
  'customer.phone',
  'call.remoteNumber',
  'call.dialedNumber',
  'ivr.customerNumber',
  'ivr.concern',
  'ivr.queue',
  'ivr.client',
  'ivr.campaign',
  'agent.name',
  'today',
] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];

export interface FormOption {
  value: string;
  label: string;
}

export interface FormField {
  id: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  help: string | null;
  /** choice/multiple: the options offered. */
  options: FormOption[];
  /**
   * number: value range; text/longText: length; multiple: how many picked; date, dateRange and
   * datetime: a date (`YYYY-MM-DD`), a date-time (`YYYY-MM-DDTHH:MM`) or a bound relative to the
   * day the form is filled (`today`, `now`, `+14d`, `-1y`), resolved when the form is opened.
   */
  min: number | string | null;
  max: number | string | null;
  /** Shown (and checked, and sent) only while this holds, as a script branch's `when`; keys are earlier fields' ids. */
  when: Record<string, Matcher> | null;
  prefill: PrefillSource | null;
  /** The section heading the field stands under. */
  section: string | null;
  /** 1-based line of the field in the file, for messages to trainers. */
  line: number;
}

export interface Form {
  id: string;
  title: string;
  kind: FormKind;
  /** Offered only on this client's calls; null: on every client's calls. */
  client: string | null;
  language: string;
  description: string | null;
  fields: FormField[];
  /** Assigned by the library when the file is stored; null for a form only checked. */
  version: number | null;
  /** A form written in several languages: each language's form (the same fields, its texts). */
  variants?: Map<string, Form>;
}
