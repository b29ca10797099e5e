import type { ColleaguesView, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

export type ColleaguesSlice = {
  colleagues: ColleaguesView & { query: string };
  setColleagueQuery: (query: string) => void;
  /** The entries on the agent's screen: main watches them first. */
  showColleagues: (ids: readonly string[]) => Promise<void>;
};

export function colleaguesFromSnapshot(snapshot: Snapshot): ColleaguesView {
  return snapshot.colleagues;
}

export const createColleaguesSlice: SliceCreator<ColleaguesSlice> = (api) => (set, get) => ({
  colleagues: { entries: [], source: null, published: null, query: '' },
  setColleagueQuery: (query) => set((s) => ({ colleagues: { ...s.colleagues, query } })),
  async showColleagues(ids) {
    await runCommand(get, () => api.colleagues.show({ ids: [...ids] }));
  },
});
