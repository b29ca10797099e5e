import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';
import type { Language } from './language';
import { nestedTexts } from '../../src-main/shared/messages';

export { resolveLanguage, platformLocales, languages } from './language';
export type { Language, LanguageSetting } from './language';
export { wordSaid, useWordSaid, type Said } from './said';

export const resources = {
  // Main's messages come worded from the one catalogue main's notifications and CLI use too.
  de: { translation: { ...de, messages: nestedTexts('de') } },
  en: { translation: { ...en, messages: nestedTexts('en') } },
} as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/** One i18next instance per mounted app, so tests and windows never share language state. */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['de', 'en'],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  });
  return instance;
}
