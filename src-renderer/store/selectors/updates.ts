import type { Message, UpdatesView } from '../../../src-main/contract';
import type { AnlaufState } from '../types';

export const selectUpdates = (state: AnlaufState) => state.settings.updates;

/** What the update status line says, as a translation key (`updates.…`) and the values it needs. */
export type UpdateStatusText =
  | { key: 'unavailable' | 'off' | 'notConfigured' | 'notChecked' | 'checking' }
  | { key: 'upToDate'; at: number }
  | { key: 'notForThisDesk'; latest: string }
  | { key: 'heldByPin'; latest: string; pinned: string }
  | { key: 'failed'; error: Message | null }
  | { key: 'downloading' | 'installing'; version: string }
  | { key: 'readyAfterCall' | 'readyAfterWrapUp' | 'readyAfterDelivery'; version: string }
  | { key: 'restarting'; version: string; at: number };

const READY_AFTER = { call: 'readyAfterCall', wrapUp: 'readyAfterWrapUp', outbox: 'readyAfterDelivery' } as const;

export function updateStatusText(view: UpdatesView): UpdateStatusText {
  const version = view.version ?? '';
  switch (view.state) {
    case 'unavailable':
    case 'off':
    case 'notConfigured':
    case 'checking':
      return { key: view.state };
    case 'downloading':
    case 'installing':
      return { key: view.state, version };
    case 'ready':
      // The first thing still open is the one the agent finishes next.
      return { key: READY_AFTER[view.waitingFor[0] ?? 'call'], version };
    case 'restarting':
      return view.installAt !== null ? { key: 'restarting', version, at: view.installAt } : { key: 'installing', version };
    case 'idle': {
      const last = view.lastCheck;
      if (!last) return { key: 'notChecked' };
      if (last.outcome === 'failed') return { key: 'failed', error: last.error };
      if (last.outcome === 'notForThisDesk' && last.latest) return { key: 'notForThisDesk', latest: last.latest };
      if (last.outcome === 'heldByPin' && last.latest && view.pinned) return { key: 'heldByPin', latest: last.latest, pinned: view.pinned };
      return { key: 'upToDate', at: last.at };
    }
  }
}
