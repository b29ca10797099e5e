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

function rowsOf(entries: readonly CallLogEntry[]): CallLogRow[] {
  let rows = rowsByEntries.get(entries);
  if (!rows) {
    rows = entries.map(toCallLogRow);
    rowsByEntries.set(entries, rows);
  }
  return rows;
}

/** The live list: the newest calls, kept current by main's call-log events. */
export const selectCallLogRows = (state: AnlaufState): CallLogRow[] => rowsOf(state.callLog.entries);

export const selectCallLogHasMore = (state: AnlaufState) => state.callLog.entries.length < state.callLog.total;

/** Whether the table shows search results (a filter or text is set) rather than the live list. */
export const selectIsSearching = (state: AnlaufState) => state.callLogSearch.query !== null;

/** The rows the table shows: the search results while a filter is set, else the live list. */
export const selectShownRows = (state: AnlaufState): CallLogRow[] =>
  selectIsSearching(state) ? rowsOf(state.callLogSearch.entries) : selectCallLogRows(state);

/** Whether another page of what the table shows can be fetched. */
export const selectShownHasMore = (state: AnlaufState): boolean =>
  selectIsSearching(state) ? state.callLogSearch.nextCursor !== null : selectCallLogHasMore(state);

/** A page of what the table shows is on its way. */
export const selectShownLoadingMore = (state: AnlaufState): boolean =>
  selectIsSearching(state) ? state.callLogSearch.loadingMore || state.callLogSearch.searching : state.callLog.loadingMore;

/** The clients to filter by: main's list, plus the chosen one should main no longer report it. */
export const selectClientOptions = (state: AnlaufState): string[] => {
  const { clients, filters } = state.callLogSearch;
  return clientOptions(clients, filters.client);
};

const optionsByClients = new WeakMap<readonly string[], Map<string, string[]>>();
function clientOptions(clients: readonly string[], chosen: string): string[] {
  let byChosen = optionsByClients.get(clients);
  if (!byChosen) {
    byChosen = new Map();
    optionsByClients.set(clients, byChosen);
  }
  let options = byChosen.get(chosen);
  if (!options) {
    options = chosen && !clients.includes(chosen) ? [...clients, chosen] : [...clients];
    byChosen.set(chosen, options);
  }
  return options;
}
