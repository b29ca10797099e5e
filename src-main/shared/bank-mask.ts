import type { FormFieldType, FormValue } from '../contract/forms';

/** The mask character of hidden bank digits. */
const DOT = '•';

/**
 * An IBAN as the screen and the exports show it once entered: country and check digits and the
 * last two characters, the rest hidden, in groups of four (`DE89 •••• •••• •••• •••• 00`), so
 * an agent can read back "ending in 00" without the account being on screen.
 */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (compact.length <= 6) return DOT.repeat(compact.length);
  const shown = compact.slice(0, 4) + DOT.repeat(compact.length - 6) + compact.slice(-2);
  return shown.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A BIC with its bank code shown and the rest hidden (`COBA•••••••`): it names a bank, not an account, yet goes with one. */
export function maskBic(bic: string): string {
  const compact = bic.replace(/\s+/g, '').toUpperCase();
  return compact.slice(0, 4) + DOT.repeat(Math.max(0, compact.length - 4));
}

/** A form value as text for the screen or an export: bank details masked, the rest as entered. */
export function maskedFormText(type: FormFieldType, value: FormValue): string {
  if (value === null || value === '') return '';
  if (type === 'iban' && typeof value === 'string') return maskIban(value);
  if (type === 'bic' && typeof value === 'string') return maskBic(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return `${value.from} – ${value.to}`;
  return String(value);
}
