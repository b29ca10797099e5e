import type { IvrData } from '../../contract';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import type { PhoneLine, PhoneLineListener } from '../phone/phone-line';

export interface TrainingCallSpec {
  remoteNumber: string;
  remoteName: string | null;
  dialedNumber: string | null;
  ivr: IvrData;
  /** The simulated caller hangs up after this long in talk; null: only the agent ends the call. */
  talkMs: number | null;
  /** The simulated caller gives up after ringing this long. */
  ringMs: number;
}

interface SimulatedCall {
  spec: TrainingCallSpec;
  state: 'ringing' | 'dialing' | 'active';
  timer: unknown;
}

/** A simulated callee picks up after this long; a simulated far end confirms hold this fast. */
const CALLEE_ANSWERS_MS = 2000;
const SIGNALLING_MS = 50;

/**
 * The built-in training line: a phone line inside the app whose callers are simulated. It
 * implements the same port as the SIP line, so the rest of the workstation cannot tell them apart
 * (except that every call is marked as training).
 */
export class TrainingLine implements PhoneLine {
  readonly kind = 'training' as const;
  private listener: PhoneLineListener | null = null;
  private readonly calls = new Map<string, SimulatedCall>();
  private nextId = 1;
  private started = false;

  constructor(private readonly clock: Clock) {}

  attach(listener: PhoneLineListener): void {
    this.listener = listener;
  }

  async start(): Promise<void> {
    this.started = true;
    this.emit().status('ready', null);
  }

  async stop(): Promise<void> {
    for (const id of [...this.calls.keys()]) this.finish(id, 'failed', 'system');
    this.started = false;
  }

  /** Rings a simulated call now; returns the line's id for it. */
  placeCall(spec: TrainingCallSpec): string {
    if (!this.started) throw new AnlaufError('training.notStarted', {}, 'conflict');
    const id = `training-${this.nextId++}`;
    const call: SimulatedCall = { spec, state: 'ringing', timer: null };
    this.calls.set(id, call);
    call.timer = this.clock.setTimeout(() => this.finish(id, 'missed', 'remote'), spec.ringMs);
    this.emit().incoming(id, {
      remoteNumber: spec.remoteNumber,
      remoteName: spec.remoteName,
      dialedNumber: spec.dialedNumber,
      ivr: spec.ivr,
    });
    return id;
  }

  async answer(lineCallId: string): Promise<void> {
    const call = this.mustGet(lineCallId);
    if (call.state !== 'ringing') throw new AnlaufError('training.notRinging', {}, 'conflict');
    this.clock.clearTimeout(call.timer);
    call.state = 'active';
    call.timer = call.spec.talkMs === null ? null : this.clock.setTimeout(() => this.finish(lineCallId, 'completed', 'remote'), call.spec.talkMs);
    this.emit().answered(lineCallId);
  }

  async hangup(lineCallId: string): Promise<void> {
    const call = this.mustGet(lineCallId);
    this.finish(lineCallId, call.state === 'ringing' ? 'rejected' : 'completed', 'agent');
  }

  async reject(lineCallId: string, _code?: number): Promise<void> {
    this.mustGet(lineCallId);
    this.finish(lineCallId, 'rejected', 'agent');
  }

  /** A simulated callee that answers after a short ring and talks until the agent hangs up. */
  async dial(target: string): Promise<string> {
    if (!this.started) throw new AnlaufError('training.notStarted', {}, 'conflict');
    const id = `training-${this.nextId++}`;
    const spec: TrainingCallSpec = { remoteNumber: target, remoteName: null, dialedNumber: target, ivr: {}, talkMs: null, ringMs: CALLEE_ANSWERS_MS };
    const call: SimulatedCall = { spec, state: 'dialing', timer: null };
    this.calls.set(id, call);
    call.timer = this.clock.setTimeout(() => {
      call.state = 'active';
      call.timer = null;
      this.emit().answered(id);
    }, CALLEE_ANSWERS_MS);
    this.emit().outgoing(id, { remoteNumber: target, remoteName: null, dialedNumber: target, ivr: {} });
    return id;
  }

  async hold(lineCallId: string): Promise<void> {
    this.active(lineCallId);
    this.clock.setTimeout(() => this.calls.has(lineCallId) && this.emit().hold(lineCallId, { held: true }), SIGNALLING_MS);
  }

  async resume(lineCallId: string): Promise<void> {
    this.active(lineCallId);
    this.clock.setTimeout(() => this.calls.has(lineCallId) && this.emit().hold(lineCallId, { held: false }), SIGNALLING_MS);
  }

  async setMuted(lineCallId: string, muted: boolean): Promise<void> {
    this.active(lineCallId);
    this.emit().muted(lineCallId, muted);
  }

  /** Simulated callers hear nothing; key tones are accepted so the keypad can be rehearsed. */
  async sendDtmf(lineCallId: string, _tones: string): Promise<void> {
    this.active(lineCallId);
  }

  async transfer(lineCallId: string, target: string): Promise<void> {
    this.active(lineCallId);
    this.clock.setTimeout(() => {
      if (!this.calls.has(lineCallId)) return;
      this.emit().transfer(lineCallId, { done: true, target });
      this.finish(lineCallId, 'completed', 'agent');
    }, SIGNALLING_MS);
  }

  async transferToCall(lineCallId: string, consultLineCallId: string): Promise<void> {
    this.active(lineCallId);
    const consult = this.active(consultLineCallId);
    this.clock.setTimeout(() => {
      if (!this.calls.has(lineCallId)) return;
      this.emit().transfer(lineCallId, { done: true, target: consult.spec.remoteNumber });
      this.finish(lineCallId, 'completed', 'agent');
      this.finish(consultLineCallId, 'completed', 'remote');
    }, SIGNALLING_MS);
  }

  private active(lineCallId: string): SimulatedCall {
    const call = this.mustGet(lineCallId);
    if (call.state !== 'active') throw new AnlaufError('training.notInProgress', {}, 'conflict');
    return call;
  }

  private finish(lineCallId: string, cause: 'completed' | 'missed' | 'rejected' | 'failed', by: 'agent' | 'remote' | 'system'): void {
    const call = this.calls.get(lineCallId);
    if (!call) return;
    this.clock.clearTimeout(call.timer);
    this.calls.delete(lineCallId);
    this.emit().ended(lineCallId, cause, by);
  }

  private mustGet(lineCallId: string): SimulatedCall {
    const call = this.calls.get(lineCallId);
    if (!call) throw new AnlaufError('training.noSuchCall', {}, 'not-found');
    return call;
  }

  private emit(): PhoneLineListener {
    if (!this.listener) throw new Error('training line used before it was attached');
    return this.listener;
  }
}
