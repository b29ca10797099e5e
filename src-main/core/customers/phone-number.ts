import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** What a phone number is matched by: E.164 (extension apart) for a real number… */
export interface E164Key {
  e164: string;
  extension: string | null;
}

/** …or the digits of a short internal number (an extension, a service number). */
export interface ShortKey {
  short: string;
}

export type MatchKey = E164Key | ShortKey;

/** Up to this many digits (and no country code) a number is an internal/short number. */
export const SHORT_MAX_DIGITS = 6;

/** Only the characters numbers are written with; anything else (after extensions are cut off) is garbage. */
const PHONE_CHARS = /^[+\d\s()\-/.\u00a0]+$/;

/**
 * Extension markers, English and German: "ext. 12", "extension 12", "x12", "Durchwahl 12",
 * "DW 12", "Nebenstelle 12", "App. 12" (Apparat), "Tel.-Dw. 12", "#12", ";ext=12".
 */
const EXTENSION_MARKER = /(?:\s*[;,]?\s*(?:ext(?:ension)?\.?|x|durchwahl|dw\.?|nebenstelle|nst\.?|app\.?|apparat|#)\s*[:.=]?\s*|;ext=)(\d{1,6})\s*$/i;

/** DIN 5008 writes a direct-dial extension after a dash: "030 12345-67", "+43 1 58858-0". */
const DASH_EXTENSION = /^(.*\d[\s)]*)-\s*(\d{1,5})\s*$/;

/** A base number shorter than this (national digits) is rather a number grouped with a dash. */
const MIN_BASE_FOR_DASH_EXTENSION = 8;

function parseValid(number: string, region: CountryCode): { e164: string; nsn: string; ext: string | null } | null {
  const parsed = parsePhoneNumberFromString(number, region);
  if (!parsed?.isValid()) return null;
  return { e164: parsed.number, nsn: parsed.nationalNumber, ext: parsed.ext ?? null };
}

/**
 * The key a phone number is matched by, whatever way it was written: `+49 30 1234567`,
 * `030/1234567`, `0049 30 1234567`, `(030) 123 45 67`, `tel:+49-30-1234567` all give
 * `{ e164: '+49301234567', extension: null }`; an extension (`-12` after a full number,
 * `ext. 12`, `x12`, `Durchwahl 12`, `;ext=12`) is kept apart so that it does not change the key.
 * Up to six digits without a country code are a short internal number (`{ short: '2201' }`).
 * Anything else — letters, numbers no numbering plan knows — is null.
 */
export function matchKey(input: string, defaultRegion: string): MatchKey | null {
  const region = defaultRegion.toUpperCase() as CountryCode;
  let text = input.replace(/\u00a0/g, ' ').trim();
  const tel = /^tel:(.*)$/i.exec(text);
  if (tel) {
    let uri = tel[1] ?? '';
    try {
      uri = decodeURIComponent(uri);
    } catch {
      return null;
    }
    // RFC 3966: parameters after ';' — keep ext=, drop phone-context and the like.
    const [number = '', ...params] = uri.split(';');
    const ext = params.map((p) => /^ext=(\d{1,6})$/i.exec(p.trim())?.[1]).find((e) => e !== undefined);
    text = number.trim() + (ext ? ` ext ${ext}` : '');
  }
  if (!text) return null;

  let extension: string | null = null;
  const marked = EXTENSION_MARKER.exec(text);
  if (marked && marked.index > 0) {
    extension = marked[1] ?? null;
    text = text.slice(0, marked.index).trim();
  }
  if (!PHONE_CHARS.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (!digits) return null;
  const international = /^\s*(\+|00)/.test(text);

  if (!international && digits.length <= SHORT_MAX_DIGITS && !/^0/.test(digits)) {
    return extension ? null : { short: digits };
  }

  if (extension === null) {
    const dash = DASH_EXTENSION.exec(text);
    if (dash) {
      const base = parseValid(dash[1] ?? '', region);
      const suffix = dash[2] ?? '';
      if (base && !base.ext && (suffix === '0' || base.nsn.length >= MIN_BASE_FOR_DASH_EXTENSION)) {
        return { e164: base.e164, extension: suffix };
      }
    }
  }

  const parsed = parseValid(text, region);
  if (!parsed) {
    // "0049 …" with a bracketed trunk zero and the like are handled by the library; a short
    // number with a leading zero that no plan knows is an internal number too ("0815").
    if (!international && digits.length <= SHORT_MAX_DIGITS && extension === null) return { short: digits };
    return null;
  }
  return { e164: parsed.e164, extension: extension ?? parsed.ext };
}

/** The match key as one string for maps and logs: E.164 or the short digits. */
export function keyString(key: MatchKey): string {
  return 'e164' in key ? key.e164 : key.short;
}
