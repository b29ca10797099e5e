import type { CallLogEntry, EndCause } from '../../../src-main/contract';
import type { AnlaufState } from '../types';

export type CallLogRow = CallLogEntry & {
  /** Talk time in ms, from answer to end; null for calls never answered or still going. */
  durationMs: number | null;
  /** What to show as the result: the end cause, or `ongoing` while the call has not ended. */
  result: EndCause | 'ongoing' | null;
  isTraining: boolean;
  /** What click-to-dial would dial: the remote number, unless it is not a number (anonymous callers). */
  dialTarget: string | null;
};

/** A number with at least one digit, or a SIP/tel URI; "anonymous" and empty numbers are not dialable. */
export function dialTargetOf(remoteNumber: string): string | null {
  const trimmed = remoteNumber.trim();
  return /\d/.test(trimmed) || /^(sips?|tel):\S+$/i.test(trimmed) ? trimmed : null;
}

export function toCallLogRow(entry: CallLogEntry): CallLogRow {
  return {
    ...entry,
    durationMs: entry.answerAt != null && entry.endAt != null ? Math.max(0, entry.endAt - entry.answerAt) : null,
    result: entry.endCause ?? (entry.endAt == null ? 'ongoing' : null),
    isTraining: entry.line === 'training',
    dialTarget: dialTargetOf(entry.remoteNumber),
  };
}

// Rows are derived once per entries array, so components re-render only when the log changed.
const rowsByEntries = new WeakMap<readonly CallLogEntry[], CallLogRow[]>();

export const selectCallLogRows = (state: AnlaufState): CallLogRow[] => {
  const entries = state.callLog.entries;
  let rows = rowsByEntries.get(entries);
  if (!rows) {
    rows = entries.map(toCallLogRow);
    rowsByEntries.set(entries, rows);
  }
  return rows;
};

export const selectCallLogHasMore = (state: AnlaufState) => state.callLog.entries.length < state.callLog.total;
