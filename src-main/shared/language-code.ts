/**
 * A language as the IVR, a customer import or a CRM writes it, as the code scripts and forms are
 * written in (`languages: [de, en]`): `de`, `en`, `de-AT`. Pure: main reads headers, imports and
 * CRM answers with it, and the renderer may show the result.
 */

// The names an export or an IVR may use instead of a code; the common languages of a German call
// centre's callers. Anything else is written as a code.
const NAMES: Record<string, string> = {
  deutsch: 'de',
  german: 'de',
  englisch: 'en',
  english: 'en',
  französisch: 'fr',
  franzoesisch: 'fr',
  french: 'fr',
  italienisch: 'it',
  italian: 'it',
  spanisch: 'es',
  spanish: 'es',
  türkisch: 'tr',
  tuerkisch: 'tr',
  turkish: 'tr',
  polnisch: 'pl',
  polish: 'pl',
  russisch: 'ru',
  russian: 'ru',
  niederländisch: 'nl',
  dutch: 'nl',
  arabisch: 'ar',
  arabic: 'ar',
};

/** `de`, `EN`, `de_at`, `de-AT`, `Deutsch`, `English` → `de`, `en`, `de-AT`, `de-AT`, `de`, `en`; anything else → null. */
export function languageCode(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const value = raw.trim();
  const code = /^([A-Za-z]{2})(?:[-_]([A-Za-z]{2}))?$/.exec(value);
  if (code) return code[2] ? `${code[1]!.toLowerCase()}-${code[2].toUpperCase()}` : code[1]!.toLowerCase();
  const name = value.toLowerCase();
  return Object.hasOwn(NAMES, name) ? (NAMES[name] ?? null) : null;
}
