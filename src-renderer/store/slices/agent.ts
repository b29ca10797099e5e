import type { AgentState, CommandRequest, OwnFigures, Snapshot } from '../../../src-main/contract';
import { runCommand } from '../command';
import type { SliceCreator } from '../types';

/** What the agent chooses; `onCall` and `wrapUp` follow the calls. */
export type ChosenAgentState = CommandRequest<'agent:setState'>['state'];

export type AgentSlice = {
  agent: {
    /** What the phone bar shows: on call, wrap-up, or what the agent chose. */
    state: AgentState | null;
    since: number | null;
    /** The state the agent chose; it differs from `state` while a call or a wrap-up overrides it. */
    chosen: ChosenAgentState | null;
    reason: Snapshot['agent']['reason'];
    /** Main declines inbound calls now. */
    declining: boolean;
    pending: boolean;
    /** The agent's own figures for today, as main counted them at `figures.asOf`. */
    figures: OwnFigures | null;
  };
  /** Ready, offline, or not ready with a reason code from `settings.agent.notReadyReasons`. */
  setAgentState: (state: ChosenAgentState, reason?: string) => Promise<void>;
};

export function agentFromSnapshot(snapshot: Snapshot): Omit<AgentSlice['agent'], 'pending'> {
  const { state, since, chosen, reason, declining } = snapshot.agent;
  return { state, since, chosen, reason, declining, figures: snapshot.figures };
}

export const createAgentSlice: SliceCreator<AgentSlice> = (api) => (set, get) => ({
  agent: { state: null, since: null, chosen: null, reason: null, declining: false, pending: false, figures: null },
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
