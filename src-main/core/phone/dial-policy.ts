import { AsYouType, type CountryCode } from 'libphonenumber-js';
import { normalizeDialTarget } from './dial-target';

/**
 * IT's block list (`sip.blockedPrefixes`): numbers this workstation never dials, whoever asks —
 * the agent typing, a link, a callback, a call list, a transfer. Prefixes and numbers are compared
 * in E.164, so `0900…`, `+49 900…`, `0049 900…` and `sip:0900…@pbx` are one number to the list.
 */

/** How a prefix or a dialled number is compared. */
interface Key {
  /** `+49900` for `0900` in Germany, `+88` for `+88`; null for a number written short (`118`, an extension). */
  e164: string | null;
  /** A short number's digits. */
  digits: string;
  /** A short number read as a national number without trunk prefix (`118` → `+49118`, a directory service). */
  national: string | null;
}

const INTERNATIONAL = /^\s*(\+|00)/;

/**
 * A number or a number's start as the phone network sees it. Written internationally (`+88`,
 * `0049 900`, `+49 (0)900`) or nationally with the trunk prefix (`0900` in Germany, `1900` in the
 * US), it becomes an E.164 start. Without either (`118`, `2201`) it is short: a dialled short
 * number is compared by its digits only, so an extension 9001 never matches `0900`.
 */
function keyOf(text: string, country: string): Key | null {
  const digits = text.replace(/\D/g, '');
  if (!digits) return null;
  const typed = new AsYouType(country.toUpperCase() as CountryCode);
  typed.input(text);
  const number = typed.getNumber()?.number ?? null;
  if (INTERNATIONAL.test(text)) return { e164: number ?? `+${digits.replace(/^00/, '')}`, digits, national: null };
  // The national number is shorter than what was written when a trunk prefix was taken off.
  const nationalNumber = typed.getNationalNumber();
  if (number && nationalNumber && nationalNumber.length < digits.length) return { e164: number, digits, national: null };
  return { e164: null, digits, national: number };
}

/**
 * Whether a dialled number falls under a list entry. A full number meets an entry's E.164 start;
 * an entry written short (`118`) also meets the national numbers it begins (`11833` is +49 118 33
 * in Germany), and short numbers dialled as they are.
 */
function falls(number: Key, entry: Key): boolean {
  if (number.e164 !== null) {
    const start = entry.e164 ?? entry.national;
    return start !== null && number.e164.startsWith(start);
  }
  return entry.e164 === null && number.digits.startsWith(entry.digits);
}

const PHONE_USER = /^[+\d\s()\-/.]+$/;

/** The number inside a SIP address (`sip:+49900123@pbx.example.org;user=phone`), or null for a name. */
function sipUserNumber(uri: string): string | null {
  const match = /^sips?:([^@;]+)@/i.exec(uri.trim());
  if (!match) return null;
  let user = match[1] ?? '';
  try {
    user = decodeURIComponent(user);
  } catch {
    return null;
  }
  return PHONE_USER.test(user) && /\d/.test(user) ? user : null;
}

/**
 * The entry of the block list that `target` (what a line would dial: E.164, digits, or a SIP URI)
 * falls under, as IT wrote it, or null.
 */
export function blockedPrefixOf(target: string, blockedPrefixes: readonly string[], country: string): string | null {
  if (!blockedPrefixes.length) return null;
  const number = /^sips?:/i.test(target.trim()) ? sipUserNumber(target) : /^tel:/i.test(target.trim()) ? (target.trim().slice(4).split(';')[0] ?? '') : target;
  if (number === null) return null;
  const key = keyOf(number, country);
  if (!key) return null;
  for (const prefix of blockedPrefixes) {
    const blocked = keyOf(prefix, country);
    if (blocked && falls(key, blocked)) return prefix;
  }
  return null;
}

/** The host a SIP address points at, lower-case and without port or parameters; null when `target` is no SIP address. */
export function sipDomainOf(target: string): string | null {
  const match = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^;?:>\s]+)/i.exec(target.trim());
  return match ? (match[1] ?? '').toLowerCase() : null;
}

/** Why a link from the OS is not taken into the dial box. */
export interface LinkRefusal {
  reason: 'domain' | 'blocked';
  /** The foreign domain, or the block list's entry. */
  detail: string;
}

/**
 * Whether a tel:/sip:/callto: link may go into the dial box. Any page or mail can hand Anlauf a
 * link, so a SIP address must be on the agent's own domain (a stranger's server would learn the
 * agent's addresses and could keep a call open on our account) — without a SIP account there is no
 * own domain and no SIP address passes — and a number must not be on IT's block list. Text that is
 * no dialable target at all goes into the box; the dial box says what is wrong with it.
 */
export function linkRefusal(link: string, sip: { defaultCountry: string; uri: string | null; blockedPrefixes: readonly string[] }): LinkRefusal | null {
  let target: string;
  try {
    target = normalizeDialTarget(link, sip.defaultCountry, sip.uri ? (sip.uri.split('@')[1] ?? null) : null).target;
  } catch {
    return null;
  }
  const domain = sipDomainOf(target);
  if (domain !== null && domain !== (sip.uri ? sipDomainOf(sip.uri) : null)) return { reason: 'domain', detail: domain };
  const blocked = blockedPrefixOf(target, sip.blockedPrefixes, sip.defaultCountry);
  return blocked === null ? null : { reason: 'blocked', detail: blocked };
}
