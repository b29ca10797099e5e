import { said, type CallView, type EndCause, type EndedBy, type Message } from '../../contract';
import { AnlaufError } from '../errors';

/**
 * The call model: (ringing | dialing) → active → ended, or straight to ended (missed,
 * rejected, unanswered, failed). Hold and transfer are states of an active call. Pure
 * functions; the phone service applies them and records each step.
 */
export type Call = CallView & { endCause: EndCause | null; endedBy: EndedBy | null };

export function answered(call: Call, at: number): Call {
  if (call.state !== 'ringing' && call.state !== 'dialing')
    throw new AnlaufError('call.cannotAnswer', { state: said(`callState.${call.state}`, {}) }, 'conflict');
  return { ...call, state: 'active', answerAt: at };
}

export function ended(call: Call, at: number, cause: EndCause, by: EndedBy): Call {
  if (call.state === 'ended') throw new AnlaufError('call.alreadyEnded', {}, 'conflict');
  let effective = cause;
  // A call that was never answered did not "complete": the caller gave up, or nobody took it.
  if (call.state === 'ringing' && cause === 'completed') effective = 'missed';
  if (call.state === 'dialing' && (cause === 'completed' || cause === 'missed')) effective = 'unanswered';
  return { ...call, state: 'ended', endAt: at, endCause: effective, endedBy: by, hold: 'none' };
}

/** What can be done only to a call in progress, each with its own refusal. */
const onlyActive = {
  hold: 'call.onlyActiveHold',
  resume: 'call.onlyActiveResume',
  swap: 'call.onlyActiveSwap',
  mute: 'call.onlyActiveMute',
  unmute: 'call.onlyActiveUnmute',
  tones: 'call.onlyActiveTones',
  transfer: 'call.onlyActiveTransfer',
  consult: 'call.onlyActiveConsult',
} as const;

export function requireActive(call: Call, what: keyof typeof onlyActive): void {
  if (call.state !== 'active') throw new AnlaufError(onlyActive[what], {}, 'conflict');
}

export function view(call: Call): CallView {
  const { endCause: _cause, endedBy: _by, ...rest } = call;
  return rest;
}

/**
 * What the call's transfer line shows after "failed": only the far end's status or the SIP
 * library's cause ("486 Busy Here"), never main's sentence, which the notice words already and
 * which the UI would otherwise repeat in English inside its own.
 */
export function transferFailureDetail(failed: Message): string | null {
  return failed.key === 'sip.transferRefused' ? failed.params.status : null;
}
