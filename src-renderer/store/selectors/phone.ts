import type { CallView } from '../../../src-main/contract';
import type { AnlaufState } from '../types';

export const selectLine = (state: AnlaufState) => state.phone.line;
export const selectIsTrainingLine = (state: AnlaufState) => state.phone.line?.kind === 'training';

/** The call the agent is asked to take; the oldest one if several ring at once. */
export const selectRingingCall = (state: AnlaufState): CallView | undefined =>
  oldestFirst(state.phone.calls.filter((call) => call.state === 'ringing'))[0];

/** The call the agent is talking on. */
export const selectActiveCall = (state: AnlaufState): CallView | undefined =>
  oldestFirst(state.phone.calls.filter((call) => call.state === 'active'))[0];

export const selectIsCallPending = (callId: string) => (state: AnlaufState) =>
  state.phone.pendingCallIds.includes(callId);

/** Whole seconds since the active call was answered, at `now`; null without an active call. */
export const selectCallDuration =
  (now: number) =>
  (state: AnlaufState): number | null => {
    const answerAt = selectActiveCall(state)?.answerAt;
    if (answerAt == null) return null;
    return Math.max(0, Math.floor((now - answerAt) / 1000));
  };

function oldestFirst(calls: CallView[]): CallView[] {
  return calls.length < 2 ? calls : [...calls].sort((a, b) => a.ringAt - b.ringAt);
}
