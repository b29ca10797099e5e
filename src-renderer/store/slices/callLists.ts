import { uploadFile } from '../../lib/upload';
import type { Snapshot } from '../../../src-main/contract';
import { attemptCommand, runCommand } from '../command';
import type { CallListsSlice, SliceCreator } from '../types';

export function callListsFromSnapshot(snapshot: Snapshot): Pick<CallListsSlice['callLists'], 'lists' | 'preview'> {
  return { lists: snapshot.callLists, preview: snapshot.preview };
}

export const createCallListsSlice: SliceCreator<CallListsSlice> = (api) => (set, get) => {
  const patch = (change: Partial<CallListsSlice['callLists']>) => set((s) => ({ callLists: { ...s.callLists, ...change } }));

  /** Preview commands one at a time: a second Skip must not skip the record that follows. */
  async function previewCommand(command: () => Promise<unknown>): Promise<boolean> {
    if (get().callLists.previewPending) return false;
    patch({ previewPending: true });
    try {
      return (await runCommand(get, command)) !== undefined;
    } finally {
      patch({ previewPending: false });
    }
  }

  return {
    callLists: { lists: [], preview: null, importing: false, lastImport: null, previewPending: false },

    async importCallList(request) {
      if (get().callLists.importing) return false;
      patch({ importing: true, lastImport: null });
      const { bytes, fileName, ...list } = request;
      const outcome = await attemptCommand(async () => api.callLists.import({ ...list, uploadId: await uploadFile(api, 'callList', fileName, bytes) }));
      patch({ importing: false, lastImport: outcome });
      return outcome.ok;
    },

    async startPreview(listId) {
      await previewCommand(() => api.preview.start({ listId }));
    },
    async previewDial() {
      await previewCommand(() => api.preview.dial({}));
    },
    previewSkip: (reason) => previewCommand(() => api.preview.skip({ reason })),
    async previewStop() {
      await previewCommand(() => api.preview.stop({}));
    },
  };
};
