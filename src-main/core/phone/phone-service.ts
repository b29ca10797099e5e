import { v7 as uuidv7 } from 'uuid';
import { said, type CallView, type EndCause, type EndedBy, type EndReason, type LineStatus, type LineView, type Message } from '../../contract';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import { noticeOf, type Notice } from '../notices';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import type { CallLogRepository } from '../store/call-log';
import { isStorageFull } from '../store/database';
import { wordMessage } from '../../shared/messages';
import { answered, ended, requireActive, transferFailureDetail, view, type Call } from './call';
import { QualityMonitor } from './call-quality';
import type { CallInfo, PhoneLine } from './phone-line';
import { LineHistory, type LineHistoryEntry } from './line-history';

interface Entry {
  call: Call;
  line: PhoneLine;
  lineCallId: string;
  /** Set when a transfer of this call succeeded: its end is then "transferred". */
  transferredTo: string | null;
  /** Declined at once because the agent could not take it (not ready, wrap-up): never shown ringing. */
  declined: boolean;
}

/** What the Dispatcher may ask of the phone: the agent's commands on calls, and whether a call is up. */
/** What the classifier of a new call reads: its direction, dialed number, IVR data and the addresses the INVITE was sent to. */
export type CallToClassify = Pick<CallView, 'direction' | 'dialedNumber' | 'ivr'> & { calledAddresses: readonly string[] };
/** For whom a new call is, as the call log names it, and the queue it came through. */
export interface CallClassification {
  client: string | null;
  campaign: string | null;
  queue: { id: string; name: string } | null;
  /** Set when the line's dialed number is none (a queue's address in To): replaces it. */
  dialedNumber?: string | null;
}

export interface IPhoneControl {
  answer(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  reject(callId: string): Promise<void>;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): Promise<void>;
  sendDtmf(callId: string, tones: string): Promise<void>;
  transfer(callId: string, target: string): Promise<void>;
  consult(callId: string, target: string): Promise<string>;
  completeTransfer(consultCallId: string): Promise<void>;
  swap(callId: string): Promise<void>;
  hasCall(): boolean;
}

/**
 * Owns the agent's calls: applies the call model to what the lines report, writes every step to
 * the call log, and turns the agent's commands into line requests. It also keeps the rules that
 * span calls: answering a second call holds the first; only one call is talked on at a time;
 * hanging up a consultation returns to the held call.
 */
export class PhoneService implements IPhoneControl {
  private readonly calls = new Map<string, Entry>();
  private readonly byLineId = new Map<string, string>();
  private readonly lineViews = new Map<PhoneLine, LineView>();
  /** When each line that had been registered went down (until it is registered again). */
  private readonly downSince = new Map<PhoneLine, number>();
  /** Every status change of every line, bounded, for the support bundle. */
  private readonly history = new LineHistory();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly callLogChanged = new Emitter<string>();
  readonly onDidChangeCallLog = this.callLogChanged.event;
  /** Something the agent should be told that is not a command's answer (a hold that failed). */
  private readonly notices = new Emitter<Notice>();
  readonly onNotice = this.notices.event;
  /** Each talked-on call's quality, read from its media once a second. */
  private readonly quality: QualityMonitor;

  /** `lines[0]` is the agent's line; the others (the training line beside SIP) stay usable. */
  constructor(
    private readonly lines: readonly PhoneLine[],
    private readonly callLog: CallLogRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The company, campaign and queue a new call is for, as the call log names them (default: the IVR's codes, no queue). */
    private readonly classify: (call: CallToClassify) => CallClassification = (call) => ({
      client: call.ivr.client ?? null,
      campaign: call.ivr.campaign ?? null,
      queue: null,
    }),
    /** The SIP status to decline a new inbound call with, or null when the agent can take it. */
    private readonly declineCode: () => number | null = () => null,
  ) {
    this.quality = new QualityMonitor(clock, {
      read: async (callId) => {
        const entry = this.calls.get(callId);
        // Held: no audio either way, nothing to score.
        if (!entry || entry.call.state !== 'active' || entry.call.hold !== 'none' || !entry.line.mediaStats) return null;
        return entry.line.mediaStats(entry.lineCallId);
      },
      muted: (callId) => this.calls.get(callId)?.call.muted ?? false,
      changed: (callId, quality) => {
        const entry = this.calls.get(callId);
        if (entry) this.set(entry, { ...entry.call, quality });
      },
    });
    for (const line of lines) {
      this.lineViews.set(line, { kind: line.kind, status: 'registering', detail: null, since: clock.now() });
      this.history.add({ at: clock.now(), line: line.kind, status: 'registering', detail: null });
      line.attach({
        incoming: (lineCallId, info) => this.onStarted(line, lineCallId, info, 'inbound'),
        outgoing: (lineCallId, info) => this.onStarted(line, lineCallId, info, 'outbound'),
        answered: (lineCallId) => this.onAnswered(line, lineCallId),
        hold: (lineCallId, result) => this.onHold(line, lineCallId, result),
        muted: (lineCallId, muted) => this.update(line, lineCallId, (call) => ({ ...call, muted })),
        reconnecting: (lineCallId, active) => this.update(line, lineCallId, (call) => ({ ...call, reconnecting: active })),
        transfer: (lineCallId, result) => this.onTransfer(line, lineCallId, result),
        ended: (lineCallId, cause, by, reason) => this.onEnded(line, lineCallId, cause, by, reason ?? null),
        status: (status, detail) => this.onStatus(line, status, detail),
      });
    }
  }

  async start(): Promise<void> {
    this.closeInterruptedCalls();
    for (const line of this.lines) await line.start();
  }

  async stop(): Promise<void> {
    this.quality.stop();
    for (const line of this.lines) await line.stop();
  }

  /** The lines' status changes (registered, failed with the server's code, reconnecting…), oldest first. */
  lineHistory(): { entries: LineHistoryEntry[]; dropped: number } {
    return this.history.contents();
  }

  /** The agent's line. */
  get lineState(): LineView {
    const primary = this.lines[0];
    const state = primary ? this.lineViews.get(primary) : undefined;
    if (!state) throw new Error('the phone has no line');
    return state;
  }

  get primaryLine(): PhoneLine {
    const primary = this.lines[0];
    if (!primary) throw new Error('the phone has no line');
    return primary;
  }

  currentCalls(): CallView[] {
    return [...this.calls.values()].filter((entry) => !entry.declined).map(({ call }) => view(call));
  }

  hasCall(): boolean {
    return [...this.calls.values()].some((entry) => !entry.declined);
  }

  callIdForLineCall(line: PhoneLine, lineCallId: string): string | undefined {
    return this.byLineId.get(key(line, lineCallId));
  }

  async answer(callId: string): Promise<void> {
    const entry = this.find(callId);
    if (entry.call.state !== 'ringing') throw new AnlaufError('phone.answerOnlyRinging', {}, 'conflict');
    // Call waiting: the call the agent is talking on goes on hold first.
    await this.holdOthers(callId);
    await entry.line.answer(entry.lineCallId);
  }

  async hangup(callId: string): Promise<void> {
    const entry = this.find(callId);
    await entry.line.hangup(entry.lineCallId);
  }

  async reject(callId: string): Promise<void> {
    const entry = this.find(callId);
    if (entry.call.state !== 'ringing') throw new AnlaufError('phone.rejectOnlyRinging', {}, 'conflict');
    await entry.line.reject(entry.lineCallId);
  }

  /** An outbound call on the agent's line (or the given one); the call talked on goes on hold. */
  async dial(target: string, line: PhoneLine = this.primaryLine, consultFor: string | null = null): Promise<string> {
    await this.holdOthers(null);
    const lineCallId = await line.dial(target);
    const callId = this.byLineId.get(key(line, lineCallId));
    if (!callId) throw new Error('the line did not report the call it dialled');
    if (consultFor) this.update(line, lineCallId, (call) => ({ ...call, consultFor }));
    return callId;
  }

  async hold(callId: string): Promise<void> {
    const entry = this.find(callId);
    requireActive(entry.call, 'hold');
    if (entry.call.hold !== 'none') return;
    this.set(entry, { ...entry.call, hold: 'holding' });
    await entry.line.hold(entry.lineCallId).catch((error: unknown) => this.holdFailed(entry, 'none', error));
  }

  async resume(callId: string): Promise<void> {
    const entry = this.find(callId);
    requireActive(entry.call, 'resume');
    if (entry.call.hold !== 'held') return;
    await this.holdOthers(callId);
    this.set(entry, { ...entry.call, hold: 'resuming' });
    await entry.line.resume(entry.lineCallId).catch((error: unknown) => this.holdFailed(entry, 'held', error));
  }

  /** Talk on this call: the call currently talked on goes on hold, this one is resumed. */
  async swap(callId: string): Promise<void> {
    const entry = this.find(callId);
    requireActive(entry.call, 'swap');
    if (entry.call.hold === 'none') return;
    await this.resume(callId);
  }

  async setMuted(callId: string, muted: boolean): Promise<void> {
    const entry = this.find(callId);
    requireActive(entry.call, muted ? 'mute' : 'unmute');
    await entry.line.setMuted(entry.lineCallId, muted);
  }

  async sendDtmf(callId: string, tones: string): Promise<void> {
    const entry = this.find(callId);
    requireActive(entry.call, 'tones');
    await entry.line.sendDtmf(entry.lineCallId, tones.toUpperCase());
  }

  async transfer(callId: string, target: string): Promise<void> {
    const entry = this.find(callId);
    requireActive(entry.call, 'transfer');
    this.set(entry, { ...entry.call, transfer: { kind: 'blind', target, state: 'trying', detail: null } });
    await entry.line.transfer(entry.lineCallId, target).catch((error: unknown) => this.transferFailed(entry, error));
  }

  /** Attended transfer, step 1: the call goes on hold and the agent calls `target`. */
  async consult(callId: string, target: string): Promise<string> {
    const entry = this.find(callId);
    requireActive(entry.call, 'consult');
    return this.dial(target, entry.line, callId);
  }

  /** Attended transfer, step 2: the held caller and the consulted person are connected. */
  async completeTransfer(consultCallId: string): Promise<void> {
    const consult = this.find(consultCallId);
    const originalId = consult.call.consultFor;
    if (!originalId) throw new AnlaufError('phone.notConsultation', {}, 'conflict');
    const original = this.find(originalId);
    requireActive(consult.call, 'transfer');
    requireActive(original.call, 'transfer');
    const target = consult.call.remoteNumber;
    this.set(original, { ...original.call, transfer: { kind: 'attended', target, state: 'trying', detail: null } });
    await original.line.transferToCall(original.lineCallId, consult.lineCallId).catch((error: unknown) => this.transferFailed(original, error));
  }

  private async holdOthers(exceptId: string | null): Promise<void> {
    for (const entry of [...this.calls.values()]) {
      if (entry.call.id === exceptId || entry.call.state !== 'active' || entry.call.hold !== 'none') continue;
      await this.hold(entry.call.id);
    }
  }

  private holdFailed(entry: Entry, back: 'none' | 'held', error: unknown): never {
    if (this.calls.get(entry.call.id) === entry) this.set(entry, { ...entry.call, hold: back });
    throw error instanceof AnlaufError ? error : new AnlaufError('phone.holdFailed', { detail: (error as Error).message ?? String(error) }, 'failed');
  }

  private transferFailed(entry: Entry, error: unknown): never {
    const detail = (error as Error).message ?? String(error);
    const transfer = entry.call.transfer;
    if (transfer && this.calls.get(entry.call.id) === entry) {
      this.set(entry, {
        ...entry.call,
        transfer: { ...transfer, state: 'failed', detail: error instanceof AnlaufError ? transferFailureDetail(error.said) : detail },
      });
    }
    throw error instanceof AnlaufError ? error : new AnlaufError('phone.transferFailed', { detail }, 'failed');
  }

  private find(callId: string): Entry {
    const entry = this.calls.get(callId);
    if (!entry) throw new AnlaufError('call.notFound', {}, 'not-found');
    return entry;
  }

  /** Calls left open by a previous run that was killed mid-call: they did not end normally. */
  private closeInterruptedCalls(): void {
    for (const open of this.callLog.openCalls()) {
      this.callLog.recordEnded(open.id, this.clock.now(), 'failed', 'system');
      this.logger.log('warn', 'closed a call left open by an earlier run', { callId: open.id });
      this.callLogChanged.fire(open.id);
    }
  }

  private onStarted(line: PhoneLine, lineCallId: string, info: CallInfo, direction: 'inbound' | 'outbound'): void {
    const id = uuidv7();
    const classified = this.classify({ direction, dialedNumber: info.dialedNumber, ivr: info.ivr, calledAddresses: info.calledAddresses ?? [] });
    const { client, campaign, queue } = classified;
    const dialedNumber = classified.dialedNumber !== undefined ? classified.dialedNumber : info.dialedNumber;
    const call: Call = {
      id,
      line: line.kind,
      direction,
      state: direction === 'inbound' ? 'ringing' : 'dialing',
      remoteNumber: info.remoteNumber,
      remoteName: info.remoteName,
      dialedNumber,
      client,
      campaign,
      ...(queue ? { queue } : {}),
      ivr: info.ivr,
      ringAt: this.clock.now(),
      answerAt: null,
      endAt: null,
      hold: 'none',
      muted: false,
      consultFor: null,
      transfer: null,
      endCause: null,
      endedBy: null,
    };
    this.persist(id, () => this.callLog.recordRinging({ ...call, sipCallId: info.sipCallId ?? null }));
    if (info.refused) {
      // The line refuses it already (its media cannot work): logged, never shown ringing.
      this.calls.set(id, { call, line, lineCallId, transferredTo: null, declined: true });
      this.byLineId.set(key(line, lineCallId), id);
      this.logger.log('warn', 'call refused: its media cannot be used', { callId: id, reason: info.refused });
      this.callLogChanged.fire(id);
      return;
    }
    const code = direction === 'inbound' ? this.declineCode() : null;
    this.calls.set(id, { call, line, lineCallId, transferredTo: null, declined: code !== null });
    this.byLineId.set(key(line, lineCallId), id);
    if (code !== null) {
      // The queue routes the call to another agent; it is logged as rejected by the system.
      this.logger.log('info', 'call declined: the agent cannot take calls now', { callId: id, status: code });
      this.callLogChanged.fire(id);
      void line
        .reject(lineCallId, code)
        .catch((error: unknown) => this.logger.log('error', 'declining a call failed', { callId: id, error: errorForLog(error) }));
      return;
    }
    this.logger.log('info', direction === 'inbound' ? 'call ringing' : 'call dialling', { callId: id, line: call.line });
    this.changed.fire();
    this.callLogChanged.fire(id);
  }

  private onAnswered(line: PhoneLine, lineCallId: string): void {
    const entry = this.entryForLine(line, lineCallId);
    if (!entry) return;
    entry.call = answered(entry.call, this.clock.now());
    const answeredCall = entry.call;
    this.persist(answeredCall.id, () => this.callLog.recordAnswered(answeredCall.id, answeredCall.answerAt ?? this.clock.now()));
    if (entry.line.mediaStats) this.quality.follow(answeredCall.id);
    this.changed.fire();
    this.callLogChanged.fire(entry.call.id);
  }

  private onHold(line: PhoneLine, lineCallId: string, result: { held: boolean } | { failed: Message }): void {
    const entry = this.entryForLine(line, lineCallId);
    if (!entry) return;
    if ('failed' in result) {
      const back = entry.call.hold === 'resuming' ? 'held' : 'none';
      this.set(entry, { ...entry.call, hold: back });
      this.notices.fire(noticeOf(entry.call.id, result.failed));
      return;
    }
    this.set(entry, { ...entry.call, hold: result.held ? 'held' : 'none' });
  }

  private onTransfer(line: PhoneLine, lineCallId: string, result: { done: true; target: string } | { failed: Message }): void {
    const entry = this.entryForLine(line, lineCallId);
    if (!entry) return;
    if ('failed' in result) {
      const transfer = entry.call.transfer ?? { kind: 'blind' as const, target: '', state: 'failed' as const, detail: null };
      this.set(entry, { ...entry.call, transfer: { ...transfer, state: 'failed', detail: transferFailureDetail(result.failed) } });
      this.notices.fire(noticeOf(entry.call.id, result.failed));
      return;
    }
    entry.transferredTo = result.target;
  }

  private onEnded(line: PhoneLine, lineCallId: string, cause: EndCause, by: EndedBy, reason: EndReason | null): void {
    const entry = this.entryForLine(line, lineCallId);
    if (!entry) return;
    const effectiveCause: EndCause = entry.transferredTo ? 'transferred' : cause;
    const done = ended(entry.call, this.clock.now(), effectiveCause, entry.transferredTo ? 'agent' : entry.declined ? 'system' : by);
    const quality = this.quality.forget(done.id);
    this.persist(done.id, () =>
      this.callLog.recordEnded(done.id, done.endAt ?? this.clock.now(), done.endCause ?? cause, done.endedBy ?? by, entry.transferredTo, reason, quality),
    );
    this.calls.delete(done.id);
    this.byLineId.delete(key(line, lineCallId));
    this.logger.log('info', 'call ended', { callId: done.id, cause: done.endCause, by: done.endedBy, ...(reason ? { reason } : {}) });
    this.changed.fire();
    this.callLogChanged.fire(done.id);
    this.afterEnd(done);
  }

  /** A consultation that ended without a transfer returns the agent to the held caller. */
  private afterEnd(done: Call): void {
    if (!done.consultFor) return;
    const original = this.calls.get(done.consultFor);
    if (!original || original.call.state !== 'active' || original.call.hold !== 'held' || original.transferredTo) return;
    if ([...this.calls.values()].some((e) => e.call.state === 'active' && e.call.hold === 'none')) return;
    this.resume(original.call.id).catch((error: unknown) => this.logger.log('warn', 'could not return to the held call', { error: errorForLog(error) }));
  }

  /**
   * Writes a step of a call to the log. When the disk refuses it (full, or failing), the call
   * itself goes on — a caller is never dropped for a log entry — and the agent is told at once.
   */
  private persist(callId: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      const full = isStorageFull(error);
      this.logger.log('error', full ? 'the disk is full: a call step was not saved' : 'a call step could not be saved', { callId, error: errorForLog(error) });
      this.notices.fire(
        noticeOf(callId, full ? said('callLog.diskFull', {}) : said('callLog.notSaved', { detail: (error as Error).message ?? String(error) })),
      );
    }
  }

  private update(line: PhoneLine, lineCallId: string, change: (call: Call) => Call): void {
    const entry = this.entryForLine(line, lineCallId);
    if (entry) this.set(entry, change(entry.call));
  }

  private set(entry: Entry, call: Call): void {
    entry.call = call;
    this.changed.fire();
  }

  private onStatus(line: PhoneLine, status: LineStatus, reason: Message | null): void {
    const detail = reason && wordMessage('en', reason);
    const current = this.lineViews.get(line);
    if (current && status === current.status && detail === current.detail) return;
    // "Since" is when the line entered this status: a new reason for the same status keeps it.
    const since = current && current.status === status ? current.since : this.clock.now();
    // An outage runs from leaving 'registered' to being registered again; the first registration is none.
    const downSince = current?.status === 'registered' && status !== 'registered' ? since : this.downSince.get(line);
    let lastOutage = current?.lastOutage;
    if (status === 'registered') {
      if (downSince !== undefined) lastOutage = { at: downSince, ms: Math.max(0, since - downSince) };
      this.downSince.delete(line);
    } else if (downSince !== undefined) this.downSince.set(line, downSince);
    this.lineViews.set(line, { kind: line.kind, status, detail, ...(reason ? { said: reason } : {}), since, ...(lastOutage ? { lastOutage } : {}) });
    this.history.add({ at: this.clock.now(), line: line.kind, status, detail });
    if (status === 'registered' && lastOutage && downSince !== undefined) this.logger.log('info', 'line was down', { line: line.kind, ms: lastOutage.ms });
    if (status !== current?.status) this.logger.log('info', 'line status', { line: line.kind, status, detail });
    this.changed.fire();
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
