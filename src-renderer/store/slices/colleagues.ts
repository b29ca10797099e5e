import type { ColleagueChanges, ColleaguesView, ColleagueView, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';
import { coalesced } from '../coalesced';

export type ColleaguesSlice = {
  /** The snapshot's summary, and the page's own copy of the entries, kept current by `event:colleagues`. */
  colleagues: ColleaguesView & {
    entries: ColleagueView[];
    /** The revision of the list `entries` holds (null before the first), and the last batch of changes in it. */
    loaded: number | null;
    seq: number;
    query: string;
  };
  setColleagueQuery: (query: string) => void;
  /** The entries on the agent's screen: main watches them first. */
  showColleagues: (ids: readonly string[]) => Promise<void>;
  /** Fetches the list when the snapshot names another one than the page holds. */
  refreshColleagues: () => Promise<void>;
  /** Main's changed entries, put in place in the page's copy of the same list. */
  receiveColleagueChanges: (changes: ColleagueChanges) => void;
};

export function colleaguesFromSnapshot(snapshot: Snapshot): ColleaguesView {
  return snapshot.colleagues;
}

export const createColleaguesSlice: SliceCreator<ColleaguesSlice> = (api) => (set, get) => {
  // Snapshots in a row naming new lists cost one fetch in flight and one after it.

  const fetchIfNew = async () => {
    const { revision, count, loaded } = get().colleagues;
    if (revision === loaded) return;
    // An empty directory (and a desk nobody is signed in at) has nothing to fetch.
    if (count === 0) {
      set((s) => ({ colleagues: { ...s.colleagues, entries: [], loaded: revision, seq: 0 } }));
      return;
    }
    const list = await runCommand(get, () => api.colleagues.list({}));
    if (list) set((s) => ({ colleagues: { ...s.colleagues, entries: list.entries, loaded: list.revision, seq: list.seq } }));
  };

  return {
    colleagues: { revision: 0, count: 0, source: null, published: null, entries: [], loaded: null, seq: 0, query: '' },
    setColleagueQuery: (query) => set((s) => ({ colleagues: { ...s.colleagues, query } })),
    async showColleagues(ids) {
      await runCommand(get, () => api.colleagues.show({ ids: [...ids] }));
    },
    refreshColleagues: coalesced(fetchIfNew),
    receiveColleagueChanges({ revision, seq, entries }) {
      const copy = get().colleagues;
      // Changes to another list, or already in the list fetched: the current list brings them.
      if (revision !== copy.loaded || seq <= copy.seq) return;
      if (seq > copy.seq + 1) {
        // Batches were missed (the connection was down a while): the list afresh.
        set((s) => ({ colleagues: { ...s.colleagues, loaded: null } }));
        void get().refreshColleagues();
        return;
      }
      const changed = new Map(entries.map((entry) => [entry.id, entry]));
      set((s) => ({ colleagues: { ...s.colleagues, seq, entries: s.colleagues.entries.map((entry) => changed.get(entry.id) ?? entry) } }));
    },
  };
};
