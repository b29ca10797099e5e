import type { CallView, HoldState } from '../../../src-main/contract';
import { pendingKey, type CallActionGroup } from '../slices/phone';
import type { AnlaufState } from '../types';

export const selectLine = (state: AnlaufState) => state.phone.line;
export const selectIsTrainingLine = (state: AnlaufState) => state.phone.line?.kind === 'training';

/** Whether the agent's line can place calls: a SIP line once registered; the training line always. */
export const selectCanDial = (state: AnlaufState): boolean => {
  const line = state.phone.line;
  return line !== null && (line.kind === 'training' || line.status === 'registered');
};

export const selectIsDialing = (state: AnlaufState) => state.phone.dialing;

/** A tel:/sip: link handed over by the OS, while main holds it. */
export const selectDialLink = (state: AnlaufState) => state.phone.link;

export const selectIsCallPending = (callId: string, group: CallActionGroup) => (state: AnlaufState) => state.phone.pending.includes(pendingKey(group, callId));

export const selectCallById =
  (callId: string | null) =>
  (state: AnlaufState): CallView | undefined =>
    callId === null ? undefined : state.phone.calls.find((call) => call.id === callId);

// Derived values are computed once per snapshot's calls array, so components re-render only when
// the calls changed.
type Calls = readonly CallView[];
function memoByCalls<T>(derive: (calls: Calls) => T): (calls: Calls) => T {
  const cache = new WeakMap<Calls, T>();
  return (calls) => {
    if (!cache.has(calls)) cache.set(calls, derive(calls));
    return cache.get(calls) as T;
  };
}

function oldestFirst(calls: Calls): CallView[] {
  return [...calls].sort((a, b) => a.ringAt - b.ringAt);
}

const isHeld = (call: CallView) => call.state === 'active' && call.hold === 'held';
const isBusy = (call: CallView) => call.state === 'active' || call.state === 'dialing';

const liveCalls = memoByCalls((calls) => oldestFirst(calls.filter((call) => call.state !== 'ended')));
const heldCalls = memoByCalls((calls) => liveCalls(calls).filter(isHeld));

// Which answered call is the one the agent talks on: a call in the middle of being put on hold is
// still it until the hold succeeded; during a swap the call being resumed takes over.
const currentRank: Record<HoldState, number> = { none: 0, resuming: 1, holding: 2, held: Number.POSITIVE_INFINITY };
const currentCall = memoByCalls((calls): CallView | undefined => {
  let best: CallView | undefined;
  for (const call of liveCalls(calls)) {
    if (call.state !== 'active' || call.hold === 'held') continue;
    if (!best || currentRank[call.hold] < currentRank[best.hold]) best = call;
  }
  return best;
});

export type ConsultPair = { consult: CallView; original: CallView | undefined };

const consultPair = memoByCalls((calls): ConsultPair | undefined => {
  const consult = liveCalls(calls).find((call) => call.consultFor !== null);
  return consult && { consult, original: calls.find((call) => call.id === consult.consultFor) };
});

export type CallCard =
  | { kind: 'active'; call: CallView }
  | { kind: 'held'; call: CallView }
  | { kind: 'dialing'; call: CallView }
  | { kind: 'ringing'; call: CallView; waiting: boolean };

const callCards = memoByCalls((calls): CallCard[] => {
  const live = liveCalls(calls);
  const held = heldCalls(calls);
  const dialing = live.filter((call) => call.state === 'dialing');
  const foreground = currentCall(calls) ?? (dialing.length === 0 ? held[0] : undefined);
  const waiting = live.some(isBusy);
  return [
    ...(foreground ? [{ kind: 'active' as const, call: foreground }] : []),
    ...dialing.map((call) => ({ kind: 'dialing' as const, call })),
    ...live.filter((call) => call.state === 'ringing').map((call) => ({ kind: 'ringing' as const, call, waiting })),
    ...held.filter((call) => call !== foreground).map((call) => ({ kind: 'held' as const, call })),
  ];
});

/** Calls not ended yet, oldest first. */
export const selectLiveCalls = (state: AnlaufState) => liveCalls(state.phone.calls);
export const selectHasLiveCalls = (state: AnlaufState) => liveCalls(state.phone.calls).length > 0;

/** The call the agent is asked to take; the oldest one if several ring at once. */
export const selectRingingCall = (state: AnlaufState): CallView | undefined => liveCalls(state.phone.calls).find((call) => call.state === 'ringing');

/** The answered call the agent talks on (not held), if any. */
export const selectCurrentCall = (state: AnlaufState) => currentCall(state.phone.calls);

/** Answered calls on hold, oldest first. */
export const selectHeldCalls = (state: AnlaufState) => heldCalls(state.phone.calls);

/** A ringing call while the agent already has a call (call waiting). */
export const selectWaitingCall = (state: AnlaufState): CallView | undefined => {
  const live = liveCalls(state.phone.calls);
  return live.some(isBusy) ? live.find((call) => call.state === 'ringing') : undefined;
};

/** A consultation under way (attended transfer) and the call it is for, if main still has it. */
export const selectConsultPair = (state: AnlaufState) => consultPair(state.phone.calls);

/**
 * The cards of the calls area, most important first. The call the agent talks on is the active
 * card; a lone held call stays the active card too (with Resume), so holding the only call does
 * not move it. Held calls behind another call, or behind a call being dialed, get held cards.
 */
export const selectCallCards = (state: AnlaufState) => callCards(state.phone.calls);

/** Whole seconds since the call was answered, at `now`; null before the answer. */
export function talkSeconds(call: CallView, now: number): number | null {
  if (call.answerAt == null) return null;
  return Math.max(0, Math.floor((now - call.answerAt) / 1000));
}
