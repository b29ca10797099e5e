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
interface Entry {
  call: Call;
  line: PhoneLine;
  lineCallId: string;
}

export class PhoneService {
  private readonly calls = new Map<string, Entry>();
  private readonly byLineId = new Map<string, string>();
  private readonly lineViews = new Map<PhoneLine, LineView>();
  readonly changed = new Listeners<void>();
  readonly callLogChanged = new Listeners<string>();

  /** `lines[0]` is the agent's line; the others (the training line beside SIP) stay usable. */
  constructor(
    private readonly lines: readonly PhoneLine[],
    private readonly callLog: CallLogRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    for (const line of lines) {
      this.lineViews.set(line, { kind: line.kind, status: 'registering', detail: null, since: clock.now() });
      line.attach({
        incoming: (lineCallId, info) => this.onIncoming(line, lineCallId, info),
        answered: (lineCallId) => this.onAnswered(line, lineCallId),
        ended: (lineCallId, cause, by) => this.onEnded(line, lineCallId, cause, by),
        status: (status, detail) => this.onStatus(line, status, detail),
      });
    }
  }

  async start(): Promise<void> {
    this.closeInterruptedCalls();
    for (const line of this.lines) await line.start();
  }

  async stop(): Promise<void> {
    for (const line of this.lines) await line.stop();
  }

  /** The agent's line. */
  get lineState(): LineView {
    const primary = this.lines[0];
    const view = primary ? this.lineViews.get(primary) : undefined;
    if (!view) throw new Error('the phone has no line');
    return view;
  }

  currentCalls(): CallView[] {
    return [...this.calls.values()].map(({ call }) => view(call));
  }

  hasCall(): boolean {
    return this.calls.size > 0;
  }

  callIdForLineCall(line: PhoneLine, lineCallId: string): string | undefined {
    return this.byLineId.get(key(line, lineCallId));
  }

  async answer(callId: string): Promise<void> {
    const entry = this.find(callId);
    if (entry.call.state !== 'ringing') throw new AnlaufError('Only a ringing call can be answered.', 'conflict');
    await entry.line.answer(entry.lineCallId);
  }

  async hangup(callId: string): Promise<void> {
    const entry = this.find(callId);
    await entry.line.hangup(entry.lineCallId);
  }

  async reject(callId: string): Promise<void> {
    const entry = this.find(callId);
    if (entry.call.state !== 'ringing') throw new AnlaufError('Only a ringing call can be rejected.', 'conflict');
    await entry.line.reject(entry.lineCallId);
  }

  private find(callId: string): Entry {
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

  private onIncoming(line: PhoneLine, lineCallId: string, info: InboundCallInfo): void {
    const id = uuidv7();
    const call: Call = {
      id,
      line: line.kind,
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
    this.calls.set(id, { call, line, lineCallId });
    this.byLineId.set(key(line, lineCallId), id);
    this.logger.log('info', 'call ringing', { callId: id, line: call.line });
    this.changed.emit();
    this.callLogChanged.emit(id);
  }

  private onAnswered(line: PhoneLine, lineCallId: string): void {
    const entry = this.entryForLine(line, lineCallId);
    if (!entry) return;
    entry.call = answered(entry.call, this.clock.now());
    this.callLog.recordAnswered(entry.call.id, entry.call.answerAt ?? this.clock.now());
    this.changed.emit();
    this.callLogChanged.emit(entry.call.id);
  }

  private onEnded(line: PhoneLine, lineCallId: string, cause: EndCause, by: EndedBy): void {
    const entry = this.entryForLine(line, lineCallId);
    if (!entry) return;
    const done = ended(entry.call, this.clock.now(), cause, by);
    this.callLog.recordEnded(done.id, done.endAt ?? this.clock.now(), done.endCause ?? cause, by);
    this.calls.delete(done.id);
    this.byLineId.delete(key(line, lineCallId));
    this.logger.log('info', 'call ended', { callId: done.id, cause: done.endCause, by });
    this.changed.emit();
    this.callLogChanged.emit(done.id);
  }

  private onStatus(line: PhoneLine, status: LineStatus, detail: string | null): void {
    const current = this.lineViews.get(line);
    if (current && status === current.status && detail === current.detail) return;
    // "Since" is when the line entered this status: a new reason for the same status keeps it.
    const since = current && current.status === status ? current.since : this.clock.now();
    this.lineViews.set(line, { kind: line.kind, status, detail, since });
    if (status !== current?.status) this.logger.log('info', 'line status', { line: line.kind, status, detail });
    this.changed.emit();
  }

  private entryForLine(line: PhoneLine, lineCallId: string): Entry | undefined {
    const id = this.byLineId.get(key(line, lineCallId));
    const entry = id ? this.calls.get(id) : undefined;
    if (!entry) this.logger.log('warn', 'line reported an unknown call', { lineCallId });
    return entry;
  }
}

function key(line: PhoneLine, lineCallId: string): string {
  return `${line.kind}:${lineCallId}`;
}
