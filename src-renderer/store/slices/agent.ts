import type { Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { AgentSlice, SliceCreator } from '../types';

export function agentFromSnapshot(snapshot: Snapshot): Pick<AgentSlice['agent'], 'state' | 'since'> {
  return { state: snapshot.agent.state, since: snapshot.agent.since };
}

export const createAgentSlice: SliceCreator<AgentSlice> = (api) => (set, get) => ({
  agent: { state: null, since: null, pending: false },
  async setAgentState(state) {
    if (get().agent.pending) return;
    set((s) => ({ agent: { ...s.agent, pending: true } }));
    try {
      await runCommand(get, () => api.agent.setState({ state }));
    } finally {
      set((s) => ({ agent: { ...s.agent, pending: false } }));
    }
  },
});
