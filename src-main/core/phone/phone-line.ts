import type { EndCause, EndedBy, IvrData, LineKind, LineStatus } from '../../contract';

/** What a line knows about a call that starts ringing. */
export interface InboundCallInfo {
  remoteNumber: string;
  remoteName: string | null;
  dialedNumber: string | null;
  ivr: IvrData;
  sipCallId?: string | null;
}

/** Events a line reports upwards. Call ids here are the line's own. */
export interface PhoneLineListener {
  incoming(lineCallId: string, info: InboundCallInfo): void;
  answered(lineCallId: string): void;
  ended(lineCallId: string, cause: EndCause, endedBy: EndedBy): void;
  status(status: LineStatus, detail: string | null): void;
}

/**
 * The phone port. The training line and the SIP line implement it; everything above it (call
 * model, call log, UI) is shared. A line reports a state change only once it really happened
 * (e.g. `answered` after the answer went out), never on the request alone.
 */
export interface PhoneLine {
  readonly kind: LineKind;
  attach(listener: PhoneLineListener): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  answer(lineCallId: string): Promise<void>;
  hangup(lineCallId: string): Promise<void>;
  reject(lineCallId: string): Promise<void>;
}
