import type { EndCause, EndedBy, EndReason, IvrData, LineKind, LineStatus, Message, PeerStats } from '../../contract';

/** What a line knows about a call when it starts: ringing inbound, or dialling out. */
export interface CallInfo {
  remoteNumber: string;
  remoteName: string | null;
  dialedNumber: string | null;
  ivr: IvrData;
  sipCallId?: string | null;
  /** Inbound: the addresses (`user@host`) the INVITE was sent to (To, Request-URI), for telling a queue's call. */
  calledAddresses?: readonly string[];
  /**
   * The line refuses this inbound call at once because its media cannot work (`ended` follows
   * with the same reason): it is logged, never shown ringing.
   */
  refused?: EndReason;
}

/** Events a line reports upwards. Call ids here are the line's own. */
export interface PhoneLineListener {
  incoming(lineCallId: string, info: CallInfo): void;
  /** An outbound call the line started (after `dial`), before anyone answered. */
  outgoing(lineCallId: string, info: CallInfo): void;
  answered(lineCallId: string): void;
  /** The far end confirmed hold / resume (`held`), or refused it (`failed` with the reason). */
  hold(lineCallId: string, result: { held: boolean } | { failed: Message }): void;
  muted(lineCallId: string, muted: boolean): void;
  /** The call's audio connection broke and the line is bringing it back (`true`), or it is back. */
  reconnecting(lineCallId: string, active: boolean): void;
  /** A transfer's progress: it failed (the call goes on), or it succeeded (the call ends next). */
  transfer(lineCallId: string, result: { done: true; target: string } | { failed: Message }): void;
  /** `reason`: why the media could not be agreed, when that is why the call failed. */
  ended(lineCallId: string, cause: EndCause, endedBy: EndedBy, reason?: EndReason): void;
  /** `detail`: why, as a message; the server's or JsSIP's own words are its parameter. */
  status(status: LineStatus, detail: Message | null): void;
}

/**
 * The phone port. The training line and the SIP line implement it; everything above it (call
 * model, call log, UI) is shared. A line reports a state change only once it really happened
 * (e.g. `answered` after the answer went out, `hold` after the re-INVITE succeeded), never on
 * the request alone.
 */
export interface PhoneLine {
  readonly kind: LineKind;
  attach(listener: PhoneLineListener): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  answer(lineCallId: string): Promise<void>;
  hangup(lineCallId: string): Promise<void>;
  /** Declines a ringing call; `code` overrides the configured status (e.g. 486 while the agent is not ready). */
  reject(lineCallId: string, code?: number): Promise<void>;
  /** Starts an outbound call; reports it with `outgoing` before resolving with its id. */
  dial(target: string): Promise<string>;
  hold(lineCallId: string): Promise<void>;
  resume(lineCallId: string): Promise<void>;
  setMuted(lineCallId: string, muted: boolean): Promise<void>;
  sendDtmf(lineCallId: string, tones: string): Promise<void>;
  /** Blind transfer (REFER). */
  transfer(lineCallId: string, target: string): Promise<void>;
  /** Attended transfer: replace `consultLineCallId` at its far end with `lineCallId`'s far end. */
  transferToCall(lineCallId: string, consultLineCallId: string): Promise<void>;
  /** A getStats reading of the call's media (call quality); absent on lines without real media. */
  mediaStats?(lineCallId: string): Promise<PeerStats | null>;
}
