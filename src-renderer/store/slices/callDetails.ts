import type { CallLogEntry, CommandResponse } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { AnlaufState, SliceCreator } from '../types';

export type CallDetailsSlice = {
  /** The call whose details are open (`id` null: none), as `callLog.get` last returned it. */
  callDetails: { id: string | null; entry: CallLogEntry | null; loading: boolean };
  openCallDetails: (id: string) => Promise<void>;
  closeCallDetails: () => void;
  /** Main changed this call: re-read it where it is shown outside the live list (details, results). */
  refreshShownCall: (id: string) => Promise<void>;
  /** "Report a problem with this call": main writes the file; null when it could not (the notice says why). */
  reportCallProblem: (callId: string, note: string) => Promise<CommandResponse<'callLog:reportProblem'> | null>;
};

/** The row as a list already has it, to show while `callLog.get` is on its way. */
function knownEntry(state: AnlaufState, id: string): CallLogEntry | null {
  return state.callLogSearch.entries.find((entry) => entry.id === id) ?? state.callLog.entries.find((entry) => entry.id === id) ?? null;
}

export const createCallDetailsSlice: SliceCreator<CallDetailsSlice> = (api) => (set, get) => ({
  callDetails: { id: null, entry: null, loading: false },

  async openCallDetails(id) {
    set((s) => ({ callDetails: { id, entry: knownEntry(s, id), loading: true } }));
    const entry = await runCommand(get, () => api.callLog.get({ id }));
    if (get().callDetails.id !== id) return; // closed, or another call opened meanwhile
    if (entry) set({ callDetails: { id, entry, loading: false } });
    // The call is gone (or main failed, which the notice says): nothing true is left to show.
    else set({ callDetails: { id: null, entry: null, loading: false } });
  },

  closeCallDetails() {
    set({ callDetails: { id: null, entry: null, loading: false } });
  },

  async reportCallProblem(callId, note) {
    return (await runCommand(get, () => api.callLog.reportProblem({ callId, note }))) ?? null;
  },

  async refreshShownCall(id) {
    const state = get();
    const inDetails = state.callDetails.id === id;
    const inResults = state.callLogSearch.entries.some((entry) => entry.id === id);
    if (!inDetails && !inResults) return;
    let entry: CallLogEntry;
    try {
      entry = await api.callLog.get({ id });
    } catch {
      return; // a background refresh: what is shown stays until the agent asks again
    }
    set((s) => ({
      callDetails: s.callDetails.id === id ? { ...s.callDetails, entry } : s.callDetails,
      callLogSearch: s.callLogSearch.entries.some((row) => row.id === id)
        ? { ...s.callLogSearch, entries: s.callLogSearch.entries.map((row) => (row.id === id ? entry : row)) }
        : s.callLogSearch,
    }));
  },
});
