import type { CommandRequest, Snapshot, WrapUpView } from '../../../src-main/contract';
import type { Said } from '../../i18n/said';
import { attemptCommand, runCommand } from '../command';
import type { SliceCreator } from '../types';

export type DisposeRequest = CommandRequest<'wrapUp:dispose'>;

export type WrapUpSlice = {
  wrapUp: {
    /** Ended calls waiting for their disposition, oldest first. */
    list: WrapUpView[];
    /** The call whose disposition is on its way to main. */
    disposing: string | null;
    /** Why main refused the last disposition (e.g. required questions unanswered). */
    error: (Said & { callId: string }) | null;
  };
  disposeWrapUp: (request: DisposeRequest) => Promise<boolean>;
  /** Keeps the note typed so far with main (a draft; the disposition sends it again). */
  saveWrapUpNote: (callId: string, note: string) => Promise<void>;
};

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
