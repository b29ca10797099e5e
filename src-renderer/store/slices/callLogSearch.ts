import type { CallLogEntry } from '../../../src-main/contract';
import { appendPage, CALL_LOG_PAGE_SIZE } from '../callLogPaging';
import { NO_FILTERS, sameQuery, toCallLogQuery, type CallLogFilters, type CallLogQuery } from '../callLogQuery';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

export type CallLogSearchSlice = {
  callLogSearch: {
    filters: CallLogFilters;
    /** The search the results are for; null while no filter is set and the live list shows. */
    query: CallLogQuery | null;
    entries: CallLogEntry[];
    /** Main's cursor for the next page; null when there is none. */
    nextCursor: number | null;
    /** A new search (its first page) is on its way. */
    searching: boolean;
    loadingMore: boolean;
    /** The first page of `query` has arrived. */
    loaded: boolean;
    /** The clients in the call log, for the filter. */
    clients: string[];
  };
  /** Changes filters and searches afresh (or goes back to the live list when none is left). */
  setCallLogFilters: (patch: Partial<CallLogFilters>) => Promise<void>;
  clearCallLogFilters: () => Promise<void>;
  loadMoreSearchResults: () => Promise<void>;
  loadCallLogClients: () => Promise<void>;
  exportCallLog: (format: 'csv' | 'json') => Promise<{ filename: string; mimeType: string; content: string; rows: number; truncated: boolean } | null>;
};

export const createCallLogSearchSlice: SliceCreator<CallLogSearchSlice> = (api) => (set, get) => {
  // Every new search gets a number; an answer for an older one is dropped, so typing fast never
  // shows the results of a text the agent has already changed.
  let generation = 0;

  const search = async () => {
    const { query } = get().callLogSearch;
    const mine = ++generation;
    if (!query) {
      set((s) => ({ callLogSearch: { ...s.callLogSearch, entries: [], nextCursor: null, searching: false, loadingMore: false, loaded: false } }));
      return;
    }
    set((s) => ({ callLogSearch: { ...s.callLogSearch, searching: true, loadingMore: false } }));
    const page = await runCommand(get, () => api.callLog.search({ ...query, limit: CALL_LOG_PAGE_SIZE }));
    if (mine !== generation) return;
    set((s) => ({
      callLogSearch: page
        ? { ...s.callLogSearch, entries: page.entries, nextCursor: page.nextCursor, searching: false, loaded: true }
        : { ...s.callLogSearch, searching: false },
    }));
  };

  return {
    callLogSearch: {
      filters: NO_FILTERS,
      query: null,
      entries: [],
      nextCursor: null,
      searching: false,
      loadingMore: false,
      loaded: false,
      clients: [],
    },

    async setCallLogFilters(patch) {
      const current = get().callLogSearch;
      const filters = { ...current.filters, ...patch };
      const query = toCallLogQuery(filters);
      const unchanged = sameQuery(query, current.query);
      set((s) => ({ callLogSearch: { ...s.callLogSearch, filters, query } }));
      // A trailing space or an incomplete date changes the inputs, not the search.
      if (!unchanged) await search();
    },

    clearCallLogFilters() {
      return get().setCallLogFilters(NO_FILTERS);
    },

    async loadMoreSearchResults() {
      const { query, nextCursor, searching, loadingMore } = get().callLogSearch;
      if (!query || nextCursor === null || searching || loadingMore) return;
      const mine = generation;
      set((s) => ({ callLogSearch: { ...s.callLogSearch, loadingMore: true } }));
      const page = await runCommand(get, () => api.callLog.search({ ...query, limit: CALL_LOG_PAGE_SIZE, cursor: nextCursor }));
      if (mine !== generation) return;
      set((s) => ({
        callLogSearch: page
          ? { ...s.callLogSearch, entries: appendPage(s.callLogSearch.entries, page.entries), nextCursor: page.nextCursor, loadingMore: false }
          : { ...s.callLogSearch, loadingMore: false },
      }));
    },

    /** The calls the current filters find (all of them if none), as a file's content. */
    async exportCallLog(format) {
      const query = get().callLogSearch.query ?? {};
      const { limit: _limit, cursor: _cursor, ...filters } = query as typeof query & { limit?: number; cursor?: number };
      return (await runCommand(get, () => api.callLog.export({ ...filters, format }))) ?? null;
    },

    async loadCallLogClients() {
      const clients = await runCommand(get, () => api.callLog.clients({}));
      if (clients) set((s) => ({ callLogSearch: { ...s.callLogSearch, clients } }));
    },
  };
};
