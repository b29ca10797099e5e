import type { QueueView, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

/** The queues the agent may serve, logged in or out, paused or not (main's `snapshot.queues`). */
export type QueuesSlice = {
  queues: {
    list: QueueView[];
    /** Queue ids whose login or logout the page sent and main has not answered yet. */
    busy: string[];
  };
  /** Logs into (`true`) or out of a queue; a refusal is a notice like any refused command. */
  setQueueLogin: (queueId: string, loggedIn: boolean) => Promise<void>;
};

export function queuesFromSnapshot(snapshot: Snapshot): Pick<QueuesSlice['queues'], 'list'> {
  return { list: snapshot.queues };
}

export const createQueuesSlice: SliceCreator<QueuesSlice> = (api) => (set, get) => ({
  queues: { list: [], busy: [] },
  async setQueueLogin(queueId, loggedIn) {
    if (get().queues.busy.includes(queueId)) return;
    set((s) => ({ queues: { ...s.queues, busy: [...s.queues.busy, queueId] } }));
    try {
      await runCommand(get, () => (loggedIn ? api.queues.login({ queueId }) : api.queues.logout({ queueId })));
    } finally {
      set((s) => ({ queues: { ...s.queues, busy: s.queues.busy.filter((id) => id !== queueId) } }));
    }
  },
});
