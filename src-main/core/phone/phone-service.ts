import { v7 as uuidv7 } from 'uuid';
import type { CallView, EndCause, EndedBy, LineStatus, LineView } from '../../contract';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import { Listeners } from '../events';
import type { Logger } from '../log';
import type { CallLogRepository } from '../store/call-log';
import { answered, ended, view, type Call } from './call';
import type { InboundCallInfo, PhoneLine } from './phone-line';

/**
 * Owns the calls of the agent's line: applies the call model to what the line reports, writes
 * every step to the call log, and turns the agent's commands into line requests.
 */
export class PhoneService {
  private readonly calls = new Map<string, { call: Call; lineCallId: string }>();
  private readonly byLineId = new Map<string, string>();
  private lineView: LineView;
  readonly changed = new Listeners<void>();
  readonly callLogChanged = new Listeners<string>();

  constructor(
    private readonly line: PhoneLine,
    private readonly callLog: CallLogRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.lineView = { kind: line.kind, status: 'registering', detail: null, since: clock.now() };
    line.attach({
      incoming: (lineCallId, info) => this.onIncoming(lineCallId, info),
      answered: (lineCallId) => this.onAnswered(lineCallId),
      ended: (lineCallId, cause, by) => this.onEnded(lineCallId, cause, by),
      status: (status, detail) => this.onStatus(status, detail),
    });
  }

  async start(): Promise<void> {
    this.closeInterruptedCalls();
    await this.line.start();
  }

  async stop(): Promise<void> {
    await this.line.stop();
  }

  get lineState(): LineView {
    return this.lineView;
  }

  currentCalls(): CallView[] {
    return [...this.calls.values()].map(({ call }) => view(call));
  }

  hasCall(): boolean {
    return this.calls.size > 0;
  }

  callIdForLineCall(lineCallId: string): string | undefined {
    return this.byLineId.get(lineCallId);
  }

  async answer(callId: string): Promise<void> {
    const entry = this.find(callId);
    if (entry.call.state !== 'ringing') throw new AnlaufError('Only a ringing call can be answered.', 'conflict');
    await this.line.answer(entry.lineCallId);
  }

  async hangup(callId: string): Promise<void> {
    const entry = this.find(callId);
    await this.line.hangup(entry.lineCallId);
  }

  async reject(callId: string): Promise<void> {
    const entry = this.find(callId);
    if (entry.call.state !== 'ringing') throw new AnlaufError('Only a ringing call can be rejected.', 'conflict');
    await this.line.reject(entry.lineCallId);
  }

  private find(callId: string): { call: Call; lineCallId: string } {
    const entry = this.calls.get(callId);
    if (!entry) throw new AnlaufError('There is no such call (it may have ended already).', 'not-found');
    return entry;
  }

  /** Calls left open by a previous run that was killed mid-call: they did not end normally. */
  private closeInterruptedCalls(): void {
    for (const open of this.callLog.openCalls()) {
      this.callLog.recordEnded(open.id, this.clock.now(), 'failed', 'system');
      this.logger.log('warn', 'closed a call left open by an earlier run', { callId: open.id });
      this.callLogChanged.emit(open.id);
    }
  }

  private onIncoming(lineCallId: string, info: InboundCallInfo): void {
    const id = uuidv7();
    const call: Call = {
      id,
      line: this.line.kind,
      direction: 'inbound',
      state: 'ringing',
      remoteNumber: info.remoteNumber,
      remoteName: info.remoteName,
      dialedNumber: info.dialedNumber,
      client: info.ivr.client ?? null,
      campaign: info.ivr.campaign ?? null,
      ivr: info.ivr,
      ringAt: this.clock.now(),
      answerAt: null,
      endAt: null,
      endCause: null,
      endedBy: null,
    };
    this.callLog.recordRinging({ ...call, sipCallId: info.sipCallId ?? null });
    this.calls.set(id, { call, lineCallId });
    this.byLineId.set(lineCallId, id);
    this.logger.log('info', 'call ringing', { callId: id, line: call.line });
    this.changed.emit();
    this.callLogChanged.emit(id);
  }

  private onAnswered(lineCallId: string): void {
    const entry = this.entryForLine(lineCallId);
    if (!entry) return;
    entry.call = answered(entry.call, this.clock.now());
    this.callLog.recordAnswered(entry.call.id, entry.call.answerAt ?? this.clock.now());
    this.changed.emit();
    this.callLogChanged.emit(entry.call.id);
  }

  private onEnded(lineCallId: string, cause: EndCause, by: EndedBy): void {
    const entry = this.entryForLine(lineCallId);
    if (!entry) return;
    const done = ended(entry.call, this.clock.now(), cause, by);
    this.callLog.recordEnded(done.id, done.endAt ?? this.clock.now(), done.endCause ?? cause, by);
    this.calls.delete(done.id);
    this.byLineId.delete(lineCallId);
    this.logger.log('info', 'call ended', { callId: done.id, cause: done.endCause, by });
    this.changed.emit();
    this.callLogChanged.emit(done.id);
  }

  private onStatus(status: LineStatus, detail: string | null): void {
    if (status === this.lineView.status && detail === this.lineView.detail) return;
    this.lineView = { kind: this.line.kind, status, detail, since: this.clock.now() };
    this.changed.emit();
  }

  private entryForLine(lineCallId: string): { call: Call; lineCallId: string } | undefined {
    const id = this.byLineId.get(lineCallId);
    const entry = id ? this.calls.get(id) : undefined;
    if (!entry) this.logger.log('warn', 'line reported an unknown call', { lineCallId });
    return entry;
  }
}
