import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js';

/** Every country calling code the library knows (they are prefix-free: 1, 49, 351, …). */
const CALLING_CODES = new Set(getCountries().map((country) => getCountryCallingCode(country)));

/** The calling code of a region (DE → 49), or null for an unknown region. */
export function callingCodeOf(region: string): string | null {
  try {
    return getCountryCallingCode(region.toUpperCase() as CountryCode);
  } catch {
    return null;
  }
}

/** Digits after '+' split into calling code and national number; null when no code fits. */
export function splitCallingCode(international: string): { code: string; national: string } | null {
  for (let length = 1; length <= 3 && length <= international.length; length++) {
    const code = international.slice(0, length);
    if (CALLING_CODES.has(code)) return { code, national: international.slice(length) };
  }
  return null;
}

/** The national digits of a stored phone: +49301234567 → 301234567; a short number stays as it is. */
export function nationalDigits(stored: string): string {
  if (!stored.startsWith('+')) return stored;
  const digits = stored.slice(1);
  return splitCallingCode(digits)?.national ?? digits;
}
