import type { Snapshot } from '../../../src-main/contract';
import { attemptCommand, runCommand } from '../command';
import type { SliceCreator, WrapUpSlice } from '../types';

export function wrapUpFromSnapshot(snapshot: Snapshot): Pick<WrapUpSlice['wrapUp'], 'list'> {
  return { list: snapshot.wrapUps };
}

export const createWrapUpSlice: SliceCreator<WrapUpSlice> = (api) => (set, get) => {
  const patch = (change: Partial<WrapUpSlice['wrapUp']>) => set((s) => ({ wrapUp: { ...s.wrapUp, ...change } }));
  return {
    wrapUp: { list: [], disposing: null, error: null },

    async disposeWrapUp(request) {
      if (get().wrapUp.disposing !== null) return false;
      patch({ disposing: request.callId, error: null });
      const outcome = await attemptCommand(() => api.wrapUp.dispose(request));
      patch({ disposing: null, error: outcome.ok ? null : { callId: request.callId, message: outcome.message, said: outcome.said } });
      return outcome.ok;
    },

    async saveWrapUpNote(callId, note) {
      await runCommand(get, () => api.wrapUp.saveNote({ callId, note }));
    },
  };
};
