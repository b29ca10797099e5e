import { uploadFile } from '../../lib/upload';
import type { CallListView, CommandRequest, CommandResponse, PreviewView, Snapshot } from '../../../src-main/contract';
import { attemptCommand, runCommand } from '../command';
import type { Outcome, SliceCreator } from '../types';

/** A call list to import: the list's details and the chosen file, which the slice uploads. */
export type CallListImport = Omit<CommandRequest<'callLists:import'>, 'uploadId'> & { fileName: string; bytes: ArrayBuffer };
export type CallListImportResult = CommandResponse<'callLists:import'>;

export type CallListsSlice = {
  callLists: {
    lists: CallListView[];
    preview: PreviewView | null;
    importing: boolean;
    /** The last import's answer, or why main refused it. */
    lastImport: Outcome<CallListImportResult> | null;
    /** A preview command (start, dial, skip, stop) is on its way. */
    previewPending: boolean;
  };
  importCallList: (request: CallListImport) => Promise<boolean>;
  startPreview: (listId: string) => Promise<void>;
  previewDial: () => Promise<void>;
  previewSkip: (reason: string) => Promise<boolean>;
  previewStop: () => Promise<void>;
};

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
