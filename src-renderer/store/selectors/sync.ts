import type { SyncView } from '../../../src-main/contract';
import type { AnlaufState } from '../types';

export const selectSyncView = (state: AnlaufState) => state.sync.view;
export const selectSyncRunning = (state: AnlaufState) => state.sync.running;
export const selectQuarantine = (state: AnlaufState) => state.sync.quarantine;

/** The file the unreadable call log was kept as, while the agent has not dismissed the notice. */
export const selectStorageNotice = (state: AnlaufState): string | null =>
  state.sync.setAside !== null && state.sync.setAside !== state.sync.dismissedSetAside ? state.sync.setAside : null;

/** What the sync status says, as a translation key and the values it needs (times as epoch ms). */
export type SyncStatusText =
  | { key: 'disabled' }
  | { key: 'synced' }
  | { key: 'waiting'; count: number; since: number }
  | { key: 'waitingPlain'; count: number }
  | { key: 'failing'; since: number; error: string }
  | { key: 'failingSince'; since: number }
  | { key: 'failingError'; error: string }
  | { key: 'failingPlain' }
  | { key: 'unreached' };

export function syncStatusText(view: SyncView): SyncStatusText {
  switch (view.state) {
    case 'disabled':
      return { key: 'disabled' };
    case 'synced':
      return { key: 'synced' };
    // A backend is set but never took anything: the headline says which one and why.
    case 'unreached':
      return { key: 'unreached' };
    case 'waiting':
      return view.oldestAt !== null ? { key: 'waiting', count: view.pending, since: view.oldestAt } : { key: 'waitingPlain', count: view.pending };
    case 'failing': {
      const error = view.error?.trim() || null;
      if (view.failingSince !== null && error) return { key: 'failing', since: view.failingSince, error };
      if (view.failingSince !== null) return { key: 'failingSince', since: view.failingSince };
      if (error) return { key: 'failingError', error };
      return { key: 'failingPlain' };
    }
  }
}
