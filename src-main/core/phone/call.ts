import type { CallView, EndCause, EndedBy } from '../../contract';
import { AnlaufError } from '../errors';

/**
 * The call model: ringing → active → ended, or ringing → ended (missed, rejected, failed).
 * Pure functions; the phone service applies them and records each step.
 */
export type Call = CallView & { endCause: EndCause | null; endedBy: EndedBy | null };

export function answered(call: Call, at: number): Call {
  if (call.state !== 'ringing') throw new AnlaufError(`The call is ${call.state}, it cannot be answered.`, 'conflict');
  return { ...call, state: 'active', answerAt: at };
}

export function ended(call: Call, at: number, cause: EndCause, by: EndedBy): Call {
  if (call.state === 'ended') throw new AnlaufError('The call has already ended.', 'conflict');
  // A call that rang and was never answered is missed when the caller gave up, whatever the line said.
  const effective: EndCause = call.state === 'ringing' && cause === 'completed' ? 'missed' : cause;
  return { ...call, state: 'ended', endAt: at, endCause: effective, endedBy: by };
}

export function view(call: Call): CallView {
  const { endCause: _cause, endedBy: _by, ...rest } = call;
  return rest;
}
