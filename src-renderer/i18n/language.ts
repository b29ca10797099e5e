import type { SettingsView } from '../../src-main/contract';

export type LanguageSetting = SettingsView['ui']['language'];
export type Language = 'de' | 'en';

export const languages: readonly Language[] = ['de', 'en'];

/**
 * The language the workstation shows. `auto` follows the platform's locale: German for any
 * `de-*` locale, English for everything else.
 */
export function resolveLanguage(setting: LanguageSetting | undefined, localeCandidates: readonly (string | undefined)[]): Language {
  if (setting === 'de' || setting === 'en') return setting;
  const locale = localeCandidates.find((candidate) => typeof candidate === 'string' && candidate.length > 0);
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** The platform's locale candidates, most specific first. */
export function platformLocales(): (string | undefined)[] {
  if (typeof navigator === 'undefined') return [];
  return [navigator.language, navigator.languages?.[0]];
}
