import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { InnerMessage, Message } from '../../src-main/contract';

/** Text main sent: `said` worded in the UI's language, else (a page-side failure) its `message`. */
export type Said = { message: string; said: Message | null };

/** Main's message in the UI's language, from the catalogue in the i18next resources (`messages.…`). */
export function wordSaid(t: TFunction, said: Message | InnerMessage): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(said.params as Record<string, unknown>)) {
    params[name] = typeof value === 'object' && value !== null ? wordSaid(t, value as InnerMessage) : (value as string | number);
  }
  // The keys come from main at run time, so they are outside i18next's typed key list.
  return (t as unknown as (key: string, options: object) => string)(`messages.${said.key}`, params);
}

/** Words a `Said` in the UI's language. */
export function useWordSaid(): (shown: Said) => string {
  const { t } = useTranslation();
  return useCallback((shown: Said) => (shown.said ? wordSaid(t, shown.said) : shown.message), [t]);
}
