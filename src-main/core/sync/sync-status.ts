import { said, type InnerMessage, type Message } from '../../contract';
import type { SyncAttemptHistory } from '../store/sync-attempts';

export type SyncState = 'disabled' | 'synced' | 'waiting' | 'failing' | 'unreached';

export interface SyncFacts {
  url: string | null;
  pending: number;
  history: SyncAttemptHistory;
  /** The running worker's failure, fresher than the stored attempt; absent in the CLI. */
  liveError?: Message | null;
}

export interface SyncHeadline {
  state: SyncState;
  /** The whole state in one sentence, for the screen and (worded in English) the CLI. */
  said: Message;
  /** Why the last attempt to this URL failed; null when it did not, or there was none. */
  error: Message | null;
}

/**
 * What the sync can truthfully say, from the same facts in the app and in the CLI. "Delivered"
 * needs the backend's own word: an empty outbox with no backend, or with one that was never
 * reached, is not delivered. Attempts to another URL (the setting changed) do not count.
 */
export function syncHeadline(facts: SyncFacts): SyncHeadline {
  const { url, pending } = facts;
  if (url === null) return { state: 'disabled', said: said('syncStatus.noBackend', { pending }), error: null };
  const last = facts.history.last?.url === url ? facts.history.last : null;
  const reached = facts.history.lastOk?.url === url;
  const error = facts.liveError ?? (last && !last.ok ? (last.said ?? said('sync.unreachable', { detail: last.error ?? 'unknown' })) : null);
  if (error !== null) {
    return reached
      ? { state: 'failing', said: said('syncStatus.failing', { url, error: error as InnerMessage, pending }), error }
      : { state: 'unreached', said: said('syncStatus.neverReached', { url, error: error as InnerMessage, pending }), error };
  }
  if (pending > 0) return { state: 'waiting', said: said('syncStatus.waiting', { url, pending }), error: null };
  if (!reached) return { state: 'unreached', said: said('syncStatus.notTried', { url }), error: null };
  return { state: 'synced', said: said('syncStatus.delivered', { url }), error: null };
}
