import type { Snapshot, TopicsView } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

const EMPTY: TopicsView = { active: [], opened: {}, problems: [], openKeys: 'CommandOrControl+Shift' };

/** Current topics (main's `snapshot.topics`) and the topic the agent has open beside each call. */
export type TopicsSlice = {
  topics: TopicsView & {
    /** Per call id: the topic shown beside the call now (closing it keeps it recorded as opened). */
    shown: Record<string, string>;
  };
  /** Opens a topic on a call: main records it, the panel beside the call shows its talking points. */
  openTopic: (callId: string, topicId: string) => Promise<void>;
  closeTopic: (callId: string) => void;
};

export function topicsFromSnapshot(snapshot: Snapshot): TopicsView {
  return snapshot.topics ?? EMPTY;
}

export const createTopicsSlice: SliceCreator<TopicsSlice> = (api) => (set, get) => ({
  topics: { ...EMPTY, shown: {} },
  async openTopic(callId, topicId) {
    // Shown at once: the text is already here; the record follows.
    set((s) => ({ topics: { ...s.topics, shown: { ...s.topics.shown, [callId]: topicId } } }));
    await runCommand(get, () => api.topics.open({ callId, topicId }));
  },
  closeTopic(callId) {
    set((s) => {
      const shown = { ...s.topics.shown };
      delete shown[callId];
      return { topics: { ...s.topics, shown } };
    });
  },
});
