import { electronicFormatIBAN, getCountrySpecifications, isValidBIC, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { said, type FormValue, type Message } from '../../contract';
import { isCalendarDate, isDateTime, isoDate, isoDateTime, resolveBound } from './bounds';
import type { FormField } from './model';

/**
 * The check and normal form of each field type's value, as the agent types it: an IBAN in
 * capitals without spaces, a phone number as E.164, `24.12.2026` as `2026-12-24`. A value is
 * checked at once when set, so the agent sees a mistake while the caller is still on the line.
 */

export interface Checked {
  /** The value as kept: normalised when it passes, as typed when it does not (so nothing typed is lost). */
  value: FormValue;
  /** Why it is not acceptable; null when it is, or when it is empty (whether that is allowed is the session's to say). */
  error: Message | null;
}

export interface CheckContext {
  now: Date;
  /** The country of numbers typed without a country code (settings `sip.defaultCountry`). */
  region: string;
}

/** An empty value: nothing typed, nothing picked, a range with neither end. */
export function isEmptyValue(value: FormValue): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return value.from.trim() === '' && value.to.trim() === '';
  return typeof value === 'string' && value.trim() === '';
}

const DATE_TYPES = new Set(['date', 'dateRange', 'datetime']);

/** A field's min and max as shown and checked on this day: relative date bounds resolved. */
export function boundsOf(field: FormField, now: Date): { min: number | string | null; max: number | string | null } {
  if (!DATE_TYPES.has(field.type)) return { min: field.min, max: field.max };
  const withTime = field.type === 'datetime';
  const resolve = (b: number | string | null) => (typeof b === 'string' ? resolveBound(b, now, withTime) : null);
  return { min: resolve(field.min), max: resolve(field.max) };
}

/** An email address as a person writes one: something@domain.tld, no spaces. */
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[A-Za-z]{2,}$/;

/** German postcodes run from 01001 to 99998: five digits, never starting with 00. */
const POSTCODE = /^(?!00)\d{5}$/;

export function checkValue(field: FormField, input: FormValue, context: CheckContext): Checked {
  if (isEmptyValue(input)) return { value: null, error: null };
  const bad = (error: Message): Checked => ({ value: input, error });
  const { min, max } = boundsOf(field, context.now);
  switch (field.type) {
    case 'text':
    case 'longText': {
      if (typeof input !== 'string') return bad(said('forms.wrongValue', {}));
      const text = field.type === 'text' ? input.trim() : input.replace(/\s+$/, '');
      if (typeof min === 'number' && text.length < min) return bad(said('forms.tooShort', { min }));
      if (typeof max === 'number' && text.length > max) return bad(said('forms.tooLong', { max, length: text.length }));
      return { value: text, error: null };
    }
    case 'number': {
      const n = typeof input === 'number' ? input : typeof input === 'string' ? Number(input.trim().replace(',', '.')) : NaN;
      if (!Number.isFinite(n)) return bad(said('forms.notNumber', {}));
      if (typeof min === 'number' && n < min) return bad(said('forms.numberTooSmall', { min }));
      if (typeof max === 'number' && n > max) return bad(said('forms.numberTooLarge', { max }));
      return { value: n, error: null };
    }
    case 'email': {
      if (typeof input !== 'string') return bad(said('forms.wrongValue', {}));
      const email = input.trim();
      if (!EMAIL.test(email)) return bad(said('forms.badEmail', {}));
      const at = email.lastIndexOf('@');
      return { value: email.slice(0, at) + email.slice(at).toLowerCase(), error: null };
    }
    case 'phone': {
      if (typeof input !== 'string') return bad(said('forms.wrongValue', {}));
      const parsed = parsePhoneNumberFromString(input.trim(), context.region.toUpperCase() as CountryCode);
      if (!parsed?.isValid()) return bad(said('forms.badPhone', {}));
      return { value: parsed.number, error: null };
    }
    case 'postcode': {
      if (typeof input !== 'string' && typeof input !== 'number') return bad(said('forms.wrongValue', {}));
      const code = String(input).trim();
      if (!POSTCODE.test(code)) return bad(said('forms.badPostcode', {}));
      return { value: code, error: null };
    }
    case 'iban':
      return typeof input === 'string' ? checkIban(input) : bad(said('forms.wrongValue', {}));
    case 'bic': {
      if (typeof input !== 'string') return bad(said('forms.wrongValue', {}));
      const bic = input.replace(/\s+/g, '').toUpperCase();
      if (!isValidBIC(bic)) return bad(said('forms.badBic', {}));
      return { value: bic, error: null };
    }
    case 'date': {
      if (typeof input !== 'string') return bad(said('forms.wrongValue', {}));
      const date = isoDate(input);
      if (!isCalendarDate(date)) return bad(said('forms.badDate', { value: input.trim() }));
      const outside = outsideBounds(date, min, max);
      return outside ? { value: date, error: outside } : { value: date, error: null };
    }
    case 'datetime': {
      if (typeof input !== 'string') return bad(said('forms.wrongValue', {}));
      const moment = isoDateTime(input);
      if (!isDateTime(moment)) return bad(said('forms.badDatetime', { value: input.trim() }));
      const outside = outsideBounds(moment, min, max);
      return outside ? { value: moment, error: outside } : { value: moment, error: null };
    }
    case 'dateRange': {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return bad(said('forms.wrongValue', {}));
      const from = isoDate(input.from);
      const to = isoDate(input.to);
      const value = { from, to };
      for (const end of [from, to]) {
        if (end === '') return { value, error: said('forms.rangeIncomplete', {}) };
        if (!isCalendarDate(end)) return { value, error: said('forms.badDate', { value: end }) };
      }
      if (from > to) return { value, error: said('forms.rangeReversed', { from, to }) };
      return { value, error: outsideBounds(from, min, null) ?? outsideBounds(to, null, max) };
    }
    case 'choice': {
      if (typeof input !== 'string') return bad(said('forms.wrongValue', {}));
      if (!field.options.some((o) => o.value === input)) return bad(said('forms.notAnOption', { value: input }));
      return { value: input, error: null };
    }
    case 'multiple': {
      if (!Array.isArray(input)) return bad(said('forms.wrongValue', {}));
      const unknown = input.find((v) => !field.options.some((o) => o.value === v));
      if (unknown !== undefined) return bad(said('forms.notAnOption', { value: unknown }));
      // In the options' order, each once, whatever order they were clicked in.
      const picked = field.options.map((o) => o.value).filter((v) => input.includes(v));
      if (typeof min === 'number' && picked.length < min) return { value: picked, error: said('forms.tooFewPicked', { min }) };
      if (typeof max === 'number' && picked.length > max) return { value: picked, error: said('forms.tooManyPicked', { max }) };
      return { value: picked, error: null };
    }
    case 'yesno':
      return typeof input === 'boolean' ? { value: input, error: null } : bad(said('forms.wrongValue', {}));
  }
}

function outsideBounds(value: string, min: number | string | null, max: number | string | null): Message | null {
  if (typeof min === 'string' && value < min) return said('forms.tooEarly', { min: min.replace('T', ' ') });
  if (typeof max === 'string' && value > max) return said('forms.tooLate', { max: max.replace('T', ' ') });
  return null;
}

/** An IBAN as ibantools checks it: the country's length and format, the check digits. */
function checkIban(input: string): Checked {
  const iban = electronicFormatIBAN(input) ?? input.replace(/\s+/g, '').toUpperCase();
  const result = validateIBAN(iban);
  if (result.valid) return { value: iban, error: null };
  const country = iban.slice(0, 2);
  const spec = getCountrySpecifications()[country];
  const errors = result.errorCodes;
  const bad = (error: Message): Checked => ({ value: iban, error });
  if (!spec?.chars || errors.includes(ValidationErrorsIBAN.NoIBANCountry)) return bad(said('forms.ibanCountry', { country }));
  if (errors.includes(ValidationErrorsIBAN.WrongBBANLength) || iban.length !== spec.chars)
    return bad(said('forms.ibanLength', { country, length: spec.chars, typed: iban.length }));
  if (errors.includes(ValidationErrorsIBAN.WrongIBANChecksum) || errors.includes(ValidationErrorsIBAN.ChecksumNotNumber))
    return bad(said('forms.ibanCheckDigits', {}));
  return bad(said('forms.ibanFormat', { country }));
}
