/**
 * The one catalogue of main's messages, German and English. The renderer puts it into its
 * i18next resources; Electron's notifications, the CLI and main's English `message` texts word
 * with `wordMessage`. Placeholders are i18next's `{{name}}`, so both ways read the same texts.
 */
import type { InnerMessage, Message } from '../../contract/messages';
import { de } from './de';
import { en } from './en';

export type MessageLanguage = 'de' | 'en';

export const catalogue = { de, en } as const;

const placeholder = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The names a text interpolates, each once, in order of appearance. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(placeholder)].map((m) => m[1]!))];
}

/** A message in one language; a message inside a parameter is worded in the same language. */
export function wordMessage(language: MessageLanguage, message: Message | InnerMessage): string {
  const texts = catalogue[language] as Record<string, string>;
  const text = texts[message.key] ?? message.key;
  const params = message.params as Record<string, unknown>;
  return text.replace(placeholder, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (typeof value === 'object' && value !== null) return wordMessage(language, value as InnerMessage);
    return String(value);
  });
}

/** The catalogue as i18next's nested resources (`dial.blocked` → `{ dial: { blocked } }`). */
export function nestedTexts(language: MessageLanguage): Record<string, Record<string, string>> {
  const nested: Record<string, Record<string, string>> = {};
  for (const [key, text] of Object.entries(catalogue[language])) {
    const dot = key.indexOf('.');
    const group = (nested[key.slice(0, dot)] ??= {});
    group[key.slice(dot + 1)] = text;
  }
  return nested;
}
