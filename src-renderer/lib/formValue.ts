import type { FormFieldType, FormFieldView, FormValue } from '../../src-main/contract';

/** Types whose value the agent types character by character: sent once typing pauses, not per key. */
const TYPED: readonly FormFieldType[] = ['text', 'longText', 'number', 'email', 'phone', 'postcode', 'iban', 'bic'];

export function isTyped(type: FormFieldType): boolean {
  return TYPED.includes(type);
}

/** A choice with this many options or fewer shows as radio buttons (all visible at once), more as a list. */
export const RADIO_MAX_OPTIONS = 5;

/** What a typed field shows in its input for a value. */
export function inputText(value: FormValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

/**
 * What a typed field sends for its text: null when empty; for `number` a number where the text is
 * one (a German decimal comma too), else the text as typed, so main's check says what is wrong.
 */
export function typedValue(type: FormFieldType, text: string): FormValue {
  if (text.trim() === '') return null;
  if (type === 'number') {
    const plain = text.trim().replace(',', '.');
    if (/^-?\d+(\.\d+)?$/.test(plain)) return Number(plain);
  }
  return text;
}

export function rangeOf(value: FormValue): { from: string; to: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { from: '', to: '' };
}

export function pickedOf(value: FormValue): string[] {
  return Array.isArray(value) ? value : [];
}

/** A date bound as an input's min/max: main resolves `today` and `+14d` to `YYYY-MM-DD`. */
export function dateBound(bound: FormFieldView['min']): string | undefined {
  return typeof bound === 'string' && /^\d{4}-\d{2}-\d{2}/.test(bound) ? bound.slice(0, 10) : undefined;
}

/** The same bound for a date-and-time input: a bare date means its first (min) or last (max) minute. */
export function dateTimeBound(bound: FormFieldView['min'], end: 'min' | 'max'): string | undefined {
  if (typeof bound !== 'string') return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(bound)) return bound.slice(0, 16);
  const date = dateBound(bound);
  return date && `${date}T${end === 'min' ? '00:00' : '23:59'}`;
}

/** Which words say where a pre-filled value came from: the part before the dot (`customer.postcode` → customer). */
export type PrefillSource = 'customer' | 'ivr' | 'call' | 'agent' | 'today' | 'other';

export function prefillSource(from: string): PrefillSource {
  const head = from.split('.')[0] ?? '';
  return head === 'customer' || head === 'ivr' || head === 'call' || head === 'agent' || head === 'today' ? head : 'other';
}
