import type { Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

/** A headset plugged in now, as main reports it; `active` is the one whose buttons work. */
export type HeadsetView = Snapshot['headsets'][number];

export type HeadsetSlice = {
  headset: {
    /** The headsets plugged in now, as main last reported them. */
    list: HeadsetView[];
    /** The key of a headset whose choice is on its way to main, or null. */
    choosing: string | null;
  };
  /** Makes this headset the agent's; main keeps the choice (settings `headset.device`). */
  chooseHeadset: (key: string) => Promise<void>;
};

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
