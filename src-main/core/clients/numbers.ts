import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** The number part of what a line reports as dialed: `sip:+4940…@host;user=phone`, `tel:…`, or a plain number. */
export function numberPart(raw: string): string {
  let value = raw.trim();
  const uri = /^(?:sips?|tel):([^@;>]+)/i.exec(value);
  if (uri) value = uri[1] ?? '';
  try {
    value = decodeURIComponent(value);
  } catch {
    // keep as it is
  }
  return value.trim();
}

/**
 * A number in a form that compares equal across notations: E.164 (`+4940800100`) when
 * libphonenumber-js can place it (international notation, or national with a default country),
 * else its digits (`#` short codes, extensions, national numbers without a country).
 */
export function normalizeNumber(raw: string, defaultRegion: string | null): string {
  const value = numberPart(raw);
  const international = value.replace(/^00/, '+');
  const region = defaultRegion ? (defaultRegion.toUpperCase() as CountryCode) : undefined;
  const parsed = international.startsWith('+') ? parsePhoneNumberFromString(international) : region ? parsePhoneNumberFromString(value, region) : undefined;
  if (parsed && (parsed.isValid() || parsed.isPossible())) return parsed.number;
  return value.replace(/\D/g, '');
}

/** How the number is shown in messages: international notation when it can be parsed, else as given. */
export function displayNumber(raw: string, defaultRegion: string | null): string {
  const value = numberPart(raw);
  const international = value.replace(/^00/, '+');
  const region = defaultRegion ? (defaultRegion.toUpperCase() as CountryCode) : undefined;
  const parsed = international.startsWith('+') ? parsePhoneNumberFromString(international) : region ? parsePhoneNumberFromString(value, region) : undefined;
  if (parsed && (parsed.isValid() || parsed.isPossible())) return parsed.formatInternational();
  return value;
}
