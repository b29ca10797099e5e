import type { CallLogEntry } from '../../src-main/contract';

export const CALL_LOG_PAGE_SIZE = 100;

type Key = Pick<CallLogEntry, 'ringAt' | 'id'>;

/** Keyset order of the log: newest first; `id` breaks ties between calls that rang in the same ms. */
export function isOlder(entry: Key, than: Key): boolean {
  return entry.ringAt < than.ringAt || (entry.ringAt === than.ringAt && entry.id < than.id);
}

/** The cursor for the page after `entries`. */
export function nextPageCursor(entries: readonly CallLogEntry[]): Key | undefined {
  const last = entries.at(-1);
  return last ? { ringAt: last.ringAt, id: last.id } : undefined;
}

/**
 * Puts a freshly read first page in front of the older pages already loaded, so a call-log event
 * neither loses what the agent paged to nor shows a row twice.
 */
export function mergeFirstPage(loaded: readonly CallLogEntry[], firstPage: readonly CallLogEntry[], pageSize: number): CallLogEntry[] {
  const cutoff = firstPage.at(-1);
  if (!cutoff || firstPage.length < pageSize) return [...firstPage];
  const fresh = new Set(firstPage.map((entry) => entry.id));
  return [...firstPage, ...loaded.filter((entry) => !fresh.has(entry.id) && isOlder(entry, cutoff))];
}

/** Appends an older page, dropping rows that are already shown. */
export function appendPage(loaded: readonly CallLogEntry[], page: readonly CallLogEntry[]): CallLogEntry[] {
  const shown = new Set(loaded.map((entry) => entry.id));
  return [...loaded, ...page.filter((entry) => !shown.has(entry.id))];
}
