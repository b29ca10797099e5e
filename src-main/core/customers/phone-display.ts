import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CustomerPhone } from './directory';

/**
 * A stored phone as the agent reads it: `+49 30 1234567`, with ` ext. 12` when it has an
 * extension; a short internal number as its digits.
 */
export function phoneForDisplay(phone: CustomerPhone): string {
  const base = phone.e164.startsWith('+') ? (parsePhoneNumberFromString(phone.e164)?.formatInternational() ?? phone.e164) : phone.e164;
  return phone.extension ? `${base} ext. ${phone.extension}` : base;
}
