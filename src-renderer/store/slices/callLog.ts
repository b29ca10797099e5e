import type { CallLogEntry } from '../../../src-main/contract';
import { runCommand } from '../command';
import { appendPage, CALL_LOG_PAGE_SIZE, mergeFirstPage, nextPageCursor } from '../callLogPaging';
import type { SliceCreator } from '../types';
import { coalesced } from '../coalesced';

export type CallLogSlice = {
  callLog: {
    entries: CallLogEntry[];
    total: number;
    loaded: boolean;
    loadingMore: boolean;
  };
  /** Re-reads the newest page, keeping any older pages already loaded. */
  refreshCallLog: () => Promise<void>;
  loadMoreCallLog: () => Promise<void>;
};

export const createCallLogSlice: SliceCreator<CallLogSlice> = (api) => (set, get) => {
  // A burst of call-log events (ring, answer, hang-up) costs at most one read in flight plus one after it.

  const readFirstPage = async () => {
    const page = await runCommand(get, () => api.callLog.list({ limit: CALL_LOG_PAGE_SIZE }));
    if (!page) return;
    set((s) => ({
      callLog: {
        ...s.callLog,
        entries: mergeFirstPage(s.callLog.entries, page.entries, CALL_LOG_PAGE_SIZE),
        total: page.total,
        loaded: true,
      },
    }));
  };

  return {
    callLog: { entries: [], total: 0, loaded: false, loadingMore: false },

    refreshCallLog: coalesced(readFirstPage),

    async loadMoreCallLog() {
      const { entries, loadingMore } = get().callLog;
      const before = nextPageCursor(entries);
      if (loadingMore || !before) return;
      set((s) => ({ callLog: { ...s.callLog, loadingMore: true } }));
      try {
        const page = await runCommand(get, () => api.callLog.list({ limit: CALL_LOG_PAGE_SIZE, before }));
        if (page) {
          set((s) => ({
            callLog: { ...s.callLog, entries: appendPage(s.callLog.entries, page.entries), total: page.total },
          }));
        }
      } finally {
        set((s) => ({ callLog: { ...s.callLog, loadingMore: false } }));
      }
    },
  };
};
