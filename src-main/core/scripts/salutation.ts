/**
 * The customer's salutation, and the address a script greets with: "Frau Mustermann",
 * "Herr Mustermann", or the full name when the salutation is neutral or unknown ("Erika
 * Mustermann" — never a guessed "Herr"). English scripts say "Ms" and "Mr": "Mrs" and "Miss"
 * tell a marital status the customer data does not hold.
 */

export const SALUTATIONS = ['female', 'male', 'neutral'] as const;
export type Salutation = (typeof SALUTATIONS)[number];

/** What CSV files and CRMs write, lower case, without dots. */
const WORDS: Record<string, Salutation> = {
  female: 'female',
  frau: 'female',
  fr: 'female',
  ms: 'female',
  mrs: 'female',
  miss: 'female',
  w: 'female',
  f: 'female',
  weiblich: 'female',
  male: 'male',
  herr: 'male',
  hr: 'male',
  mr: 'male',
  m: 'male',
  maennlich: 'male',
  männlich: 'male',
  neutral: 'neutral',
  divers: 'neutral',
  d: 'neutral',
  x: 'neutral',
  mx: 'neutral',
  diverse: 'neutral',
  none: 'neutral',
  keine: 'neutral',
};

/** The salutation a word means, or null when the word says nothing Anlauf knows. */
export function parseSalutation(word: string | null | undefined): Salutation | null {
  if (!word) return null;
  const key = word.trim().toLowerCase().replace(/\.$/, '');
  return Object.hasOwn(WORDS, key) ? (WORDS[key] as Salutation) : null;
}

const TITLES: Record<'de' | 'en', Record<'female' | 'male', string>> = {
  de: { female: 'Frau', male: 'Herr' },
  en: { female: 'Ms', male: 'Mr' },
};

const titles = (language: string) => (language.startsWith('de') ? TITLES.de : TITLES.en);

/** `{{customer.salutation}}`: Frau/Herr (Ms/Mr); null when neutral or unknown. */
export function salutationWord(salutation: Salutation | null, language: string): string | null {
  return salutation === 'female' || salutation === 'male' ? titles(language)[salutation] : null;
}

/** `{{customer.address}}`: title and last name, else the full name; null when no name is known. */
export function addressOf(salutation: Salutation | null, lastName: string | null, fullName: string | null, language: string): string | null {
  const title = salutationWord(salutation, language);
  if (title && lastName) return `${title} ${lastName}`;
  return fullName || null;
}
