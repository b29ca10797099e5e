import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { AnlaufError } from '../errors';

/** A number or address the agent typed or clicked, made into something a line can call. */
export interface DialTarget {
  /** E.164 (+4940…), a short number/extension (110, 2201), or a SIP URI. */
  target: string;
  /** What the agent sees: the number as normalised, or the SIP address. */
  display: string;
}

const SIP_URI = /^sips?:([^@\s]+@)?[^@\s]+$/i;
const PHONE_CHARS = /^[+\d\s()\-/.]+$/;

/**
 * Normalises what the agent dials: `sip:`/`sips:` URIs pass as they are; `tel:` URIs and numbers
 * in any usual notation ("040 3012-4477", "+49 (0)40 …", "0049 …") become E.164 for the default
 * country; short numbers and extensions stay digits; a bare user name or user@host becomes a SIP
 * URI on the agent's domain.
 */
export function normalizeDialTarget(input: string, defaultCountry: string, domain: string | null): DialTarget {
  const raw = input.trim();
  if (!raw) throw new AnlaufError('dial.nothing', {}, 'invalid');
  if (SIP_URI.test(raw)) return { target: raw, display: raw.replace(/^sips?:/i, '') };
  const tel = /^tel:([^;]+)/i.exec(raw);
  const number = tel ? decodeURIComponent(tel[1] ?? '') : raw;
  if (PHONE_CHARS.test(number)) {
    const digits = number.replace(/[^\d+]/g, '');
    if (!/\d/.test(digits)) throw new AnlaufError('dial.notDiallable', { input }, 'invalid');
    const parsed = parsePhoneNumberFromString(number, defaultCountry.toUpperCase() as CountryCode);
    if (parsed?.isValid()) return { target: parsed.number, display: parsed.formatInternational() };
    // Emergency and service numbers, extensions: dial the digits as typed.
    if (/^\+?\d{1,8}$/.test(digits)) return { target: digits, display: digits };
    if (parsed?.isPossible()) return { target: parsed.number, display: parsed.formatInternational() };
    throw new AnlaufError('dial.invalidNumber', { input }, 'invalid');
  }
  if (/^[\w.!~*'()&=+$,;?/-]+(@[\w.-]+(:\d+)?)?$/.test(raw)) {
    if (raw.includes('@')) return { target: `sip:${raw}`, display: raw };
    if (!domain) throw new AnlaufError('dial.needsDomain', { input }, 'invalid');
    return { target: `sip:${raw}@${domain}`, display: raw };
  }
  throw new AnlaufError('dial.unknownTarget', { input }, 'invalid');
}
