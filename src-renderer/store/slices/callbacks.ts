import type { CallbackView, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

export type CallbacksSlice = {
  callbacks: { list: CallbackView[]; /** The callback whose dial or cancel is on its way. */ pending: string | null };
  dialCallback: (id: string) => Promise<void>;
  cancelCallback: (id: string) => Promise<void>;
};

export function callbacksFromSnapshot(snapshot: Snapshot): Pick<CallbacksSlice['callbacks'], 'list'> {
  return { list: snapshot.callbacks };
}

export const createCallbacksSlice: SliceCreator<CallbacksSlice> = (api) => (set, get) => {
  const withPending = async (id: string, command: () => Promise<unknown>) => {
    if (get().callbacks.pending !== null) return;
    set((s) => ({ callbacks: { ...s.callbacks, pending: id } }));
    try {
      await runCommand(get, command);
    } finally {
      set((s) => ({ callbacks: { ...s.callbacks, pending: null } }));
    }
  };
  return {
    callbacks: { list: [], pending: null },
    dialCallback: (id) => withPending(id, () => api.callbacks.dial({ id })),
    cancelCallback: (id) => withPending(id, () => api.callbacks.cancel({ id })),
  };
};
