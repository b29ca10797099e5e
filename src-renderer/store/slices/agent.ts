import type { Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { AgentSlice, SliceCreator } from '../types';

export function agentFromSnapshot(snapshot: Snapshot): Omit<AgentSlice['agent'], 'pending'> {
  const { state, since, chosen, reason, declining } = snapshot.agent;
  return { state, since, chosen, reason, declining };
}

export const createAgentSlice: SliceCreator<AgentSlice> = (api) => (set, get) => ({
  agent: { state: null, since: null, chosen: null, reason: null, declining: false, pending: false },
  async setAgentState(state, reason) {
    if (get().agent.pending) return;
    // A required check not passed: Ready would be refused; the check is the way there.
    if (state === 'ready' && get().shiftCheck.view?.due) {
      get().openShiftCheck();
      return;
    }
    set((s) => ({ agent: { ...s.agent, pending: true } }));
    try {
      await runCommand(get, () => api.agent.setState(state === 'notReady' && reason !== undefined ? { state, reason } : { state }));
    } finally {
      set((s) => ({ agent: { ...s.agent, pending: false } }));
    }
  },
});
