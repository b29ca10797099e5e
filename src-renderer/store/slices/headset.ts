import type { Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { HeadsetSlice, SliceCreator } from '../types';

export function headsetFromSnapshot(snapshot: Snapshot): Pick<HeadsetSlice['headset'], 'list'> {
  return { list: snapshot.headsets };
}

export const createHeadsetSlice: SliceCreator<HeadsetSlice> = (api) => (set, get) => ({
  headset: { list: [], choosing: null },
  async chooseHeadset(key) {
    set((s) => ({ headset: { ...s.headset, choosing: key } }));
    try {
      // Main keeps the choice and marks the headset active; the next snapshot shows both.
      await runCommand(get, () => api.headset.choose({ key }));
    } finally {
      set((s) => ({ headset: { ...s.headset, choosing: s.headset.choosing === key ? null : s.headset.choosing } }));
    }
  },
});
