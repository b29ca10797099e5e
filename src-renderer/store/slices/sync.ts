import type { CommandResponse, Snapshot, SyncView } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

export type QuarantinedRecord = CommandResponse<'sync:quarantine'>[number];

/** Delivery of the call log to the backend, and the health of the local store it delivers from. */
export type SyncSlice = {
  sync: {
    view: SyncView | null;
    /** Where main put an unreadable call log at start, or null. */
    setAside: string | null;
    /** The `setAside` file the agent dismissed the notice for (this session only). */
    dismissedSetAside: string | null;
    /** A "sync now" is on its way. */
    running: boolean;
    quarantine: { open: boolean; items: QuarantinedRecord[]; loading: boolean };
  };
  syncNow: () => Promise<void>;
  openQuarantine: () => Promise<void>;
  closeQuarantine: () => void;
  loadQuarantine: () => Promise<void>;
  dismissStorageNotice: () => void;
};

export function syncFromSnapshot(snapshot: Snapshot): Pick<SyncSlice['sync'], 'view' | 'setAside'> {
  return { view: snapshot.sync, setAside: snapshot.storage.setAside };
}

export const createSyncSlice: SliceCreator<SyncSlice> = (api) => (set, get) => ({
  sync: {
    view: null,
    setAside: null,
    dismissedSetAside: null,
    running: false,
    quarantine: { open: false, items: [], loading: false },
  },

  async syncNow() {
    if (get().sync.running) return;
    set((s) => ({ sync: { ...s.sync, running: true } }));
    try {
      const view = await runCommand(get, () => api.sync.now({}));
      // Main's answer is the state right after the attempt; snapshots carry it on from there.
      if (view) set((s) => ({ sync: { ...s.sync, view } }));
    } finally {
      set((s) => ({ sync: { ...s.sync, running: false } }));
    }
  },

  async openQuarantine() {
    set((s) => ({ sync: { ...s.sync, quarantine: { ...s.sync.quarantine, open: true } } }));
    await get().loadQuarantine();
  },

  closeQuarantine() {
    set((s) => ({ sync: { ...s.sync, quarantine: { ...s.sync.quarantine, open: false } } }));
  },

  async loadQuarantine() {
    set((s) => ({ sync: { ...s.sync, quarantine: { ...s.sync.quarantine, loading: true } } }));
    const items = await runCommand(get, () => api.sync.quarantine({}));
    set((s) => ({
      sync: { ...s.sync, quarantine: { ...s.sync.quarantine, loading: false, items: items ?? s.sync.quarantine.items } },
    }));
  },

  dismissStorageNotice() {
    set((s) => ({ sync: { ...s.sync, dismissedSetAside: s.sync.setAside } }));
  },
});
