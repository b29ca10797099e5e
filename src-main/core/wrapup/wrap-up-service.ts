import type { Database } from 'better-sqlite3';
import { said, type CallView, type DispositionView, type InnerMessage, type Message, type Settings, type WrapUpView } from '../../contract';
import type { CallPurpose } from '../calls/call-context-service';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import type { CallLogRepository } from '../store/call-log';
import type { CallbackRepository } from '../outbound/callbacks';
import type { CallListRepository } from '../outbound/call-lists';
import { dispositionSet, findCampaign } from '../clients/resolve';
import { findDisposition } from '../../shared/dispositions';
import type { ScriptSessions } from '../scripts/script-sessions';

export interface WrapUpDeps {
  db: Database;
  callLog: CallLogRepository;
  callbacks: CallbackRepository;
  callLists: CallListRepository;
  scripts: ScriptSessions;
  settings: () => Settings;
  clock: Clock;
  logger: Logger;
  /** Tells the agent something (an automatic code that could not be given). */
  notice: (callId: string, said: Message) => void;
  /** A call's log entry or its callback changed (for the renderer's call log and the sync). */
  written: (callId: string) => void;
}

interface Pending {
  callId: string;
  direction: 'inbound' | 'outbound';
  remoteNumber: string;
  remoteName: string | null;
  customerName: string | null;
  customerNumber: string | null;
  clientId: string | null;
  clientName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  callListRecordId: string | null;
  callbackId: string | null;
  startedAt: number;
  note: string;
  timer: unknown;
}

interface Seen {
  call: CallView;
  purpose: CallPurpose | null;
}

export interface Disposal {
  code: string;
  note?: string | undefined;
  callback?: { at: number; number?: string | undefined; note?: string | undefined } | undefined;
}

/** What the Dispatcher may ask of the wrap-up: the disposition, the note so far, and whether a call waits for one. */
export interface IWrapUp {
  readonly waiting: boolean;
  saveNote(callId: string, note: string): void;
  recordDisposition(callId: string, disposal: Disposal): void;
}

/**
 * After-call work. An answered call (or any call placed for a callback or a call-list record)
 * that ends waits for its disposition; while one waits, the agent is in wrap-up and takes no
 * call. The wait is kept in the call log, so a restart keeps it, with the note typed so far and
 * the script's answers. Disposing writes the code, its label, the note and the answers with one
 * outbox record, creates the callback a callback code asks for, and closes the call-list record
 * or callback the call was for, all in one transaction.
 */
export class WrapUpService implements IWrapUp {
  private readonly pending = new Map<string, Pending>();
  private readonly seen = new Map<string, Seen>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: WrapUpDeps) {}

  /** Wrap-ups left open when the workstation stopped. */
  restore(start: (callId: string, campaignId: string | null, clientId: string | null, scriptState: unknown) => void): void {
    for (const call of this.deps.callLog.pendingWrapUps()) {
      this.add({
        callId: call.id,
        direction: call.direction,
        remoteNumber: call.remoteNumber,
        remoteName: call.remoteName,
        customerName: call.customerName,
        customerNumber: call.customerNumber,
        clientId: call.clientId,
        clientName: call.client,
        campaignId: call.campaignId,
        campaignName: call.campaign,
        callListRecordId: call.callListRecordId,
        callbackId: call.callbackId,
        startedAt: call.endAt ?? this.deps.clock.now(),
        note: call.note ?? '',
        timer: null,
      });
      if (call.campaignId) start(call.id, call.campaignId, call.clientId, call.scriptState);
    }
  }

  /** Follows the phone: a call that is gone and needs a disposition enters wrap-up. */
  callsChanged(calls: readonly CallView[], purposeOf: (callId: string) => CallPurpose | null): void {
    const live = new Set(calls.map((c) => c.id));
    for (const [id, seen] of this.seen) {
      if (live.has(id)) continue;
      this.seen.delete(id);
      this.ended(seen);
    }
    for (const call of calls) {
      const purpose = purposeOf(call.id) ?? this.seen.get(call.id)?.purpose ?? null;
      this.seen.set(call.id, { call, purpose });
    }
  }

  get waiting(): boolean {
    return this.pending.size > 0;
  }

  has(callId: string): boolean {
    return this.pending.has(callId);
  }

  views(): WrapUpView[] {
    const settings = this.deps.settings();
    return [...this.pending.values()].map((p) => ({
      callId: p.callId,
      direction: p.direction,
      remoteNumber: p.remoteNumber,
      remoteName: p.remoteName,
      customerName: p.customerName,
      client: p.clientName,
      campaign: p.campaignName,
      dispositions: this.treeFor(p, settings),
      startedAt: p.startedAt,
      autoAt: settings.wrapUp.autoSeconds !== null && settings.wrapUp.autoDisposition ? p.startedAt + settings.wrapUp.autoSeconds * 1000 : null,
      autoCode: settings.wrapUp.autoDisposition,
      suggested: this.deps.scripts.suggested(p.callId),
      scriptCallbackAt: this.deps.scripts.callbackAt(p.callId),
      note: p.note,
      missingRequired: this.deps.scripts.missingRequired(p.callId),
      callListRecordId: p.callListRecordId,
    }));
  }

  saveNote(callId: string, note: string): void {
    const p = this.must(callId);
    p.note = note;
    this.deps.callLog.saveNote(callId, note);
  }

  recordDisposition(callId: string, disposal: Disposal): void {
    const p = this.must(callId);
    const settings = this.deps.settings();
    const code = findDisposition(this.treeFor(p, settings), disposal.code);
    if (!code) throw new AnlaufError('wrapUp.unknownCode', { code: disposal.code }, 'invalid');
    const missing = this.deps.scripts.missingRequired(callId);
    if (missing.length > 0 && !code.notSurveyed) {
      throw new AnlaufError('wrapUp.requiredUnanswered', { questions: missing.map((m) => `"${m.text}"`).join(', ') }, 'conflict');
    }
    const now = this.deps.clock.now();
    if (code.callback) {
      if (!disposal.callback) throw new AnlaufError('wrapUp.callbackTimeMissing', {}, 'invalid');
      if (disposal.callback.at < now - 60_000) throw new AnlaufError('wrapUp.callbackInPast', {}, 'invalid');
    }
    const note = (disposal.note ?? p.note).trim();
    const answers = this.deps.scripts.answers(callId);
    this.deps.db.transaction(() => {
      this.deps.callLog.recordWrapUp(callId, { code: code.code, label: code.path, note: note || null, answers, at: now });
      if (code.callback && disposal.callback) {
        this.deps.callbacks.create(
          {
            dueAt: disposal.callback.at,
            number: disposal.callback.number?.trim() || p.remoteNumber,
            customerName: p.customerName ?? p.remoteName,
            customerNumber: p.customerNumber,
            clientId: p.clientId,
            campaignId: p.campaignId,
            note: disposal.callback.note?.trim() || note || null,
            fromCallId: callId,
          },
          now,
        );
      }
      if (p.callbackId) this.deps.callbacks.done(p.callbackId, now);
      if (p.callListRecordId) this.deps.callLists.done(p.callListRecordId, code.code, now);
    })();
    this.remove(p);
    this.deps.scripts.release(callId);
    this.deps.logger.log('info', 'call dispositioned', { callId, code: code.code });
    this.deps.written(callId);
    this.changed.fire();
  }

  /** Whom a call waiting for its wrap-up was for. */
  purposeOf(callId: string): { clientId: string | null; campaignId: string | null } | null {
    const p = this.pending.get(callId);
    return p ? { clientId: p.clientId, campaignId: p.campaignId } : null;
  }

  /** The disposition set of a campaign (the default set without one). */
  dispositionsFor(clientId: string | null, campaignId: string | null): DispositionView[] {
    return this.treeFor({ clientId, campaignId }, this.deps.settings());
  }

  stop(): void {
    for (const p of this.pending.values()) this.deps.clock.clearTimeout(p.timer);
  }

  private ended({ call, purpose }: Seen): void {
    if (call.consultFor) {
      this.deps.scripts.release(call.id);
      return;
    }
    const entry = this.deps.callLog.get(call.id);
    const placedFor = purpose?.callListRecordId || purpose?.callbackId;
    if (!entry || (entry.answerAt === null && !placedFor)) {
      // Missed, rejected and unanswered calls need no after-call work.
      this.deps.scripts.release(call.id);
      if (purpose?.callbackId && entry?.answerAt === null) this.reopenCallback(purpose.callbackId);
      return;
    }
    try {
      this.deps.callLog.beginWrapUp(call.id);
    } catch (error) {
      this.deps.logger.log('error', 'the wrap-up could not be saved; it is kept in memory', { callId: call.id, error: errorForLog(error) });
    }
    this.add({
      callId: call.id,
      direction: call.direction,
      remoteNumber: call.remoteNumber,
      remoteName: call.remoteName,
      customerName: entry.customerName ?? purpose?.customer?.name ?? null,
      customerNumber: entry.customerNumber ?? purpose?.customer?.customerNumber ?? null,
      clientId: purpose?.clientId ?? null,
      clientName: purpose?.clientName ?? entry.client,
      campaignId: purpose?.campaignId ?? null,
      campaignName: purpose?.campaignName ?? entry.campaign,
      callListRecordId: purpose?.callListRecordId ?? null,
      callbackId: purpose?.callbackId ?? null,
      startedAt: entry.endAt ?? this.deps.clock.now(),
      note: '',
      timer: null,
    });
    this.changed.fire();
  }

  private reopenCallback(id: string): void {
    try {
      this.deps.callbacks.reopen(id, this.deps.clock.now());
    } catch (error) {
      this.deps.logger.log('warn', 'the callback could not be reopened', { callbackId: id, error: errorForLog(error) });
    }
  }

  private add(p: Pending): void {
    this.pending.set(p.callId, p);
    const { autoSeconds, autoDisposition } = this.deps.settings().wrapUp;
    if (autoSeconds !== null && autoDisposition) {
      const delay = Math.max(0, p.startedAt + autoSeconds * 1000 - this.deps.clock.now());
      p.timer = this.deps.clock.setTimeout(() => this.auto(p.callId, autoDisposition), delay);
    }
  }

  private auto(callId: string, code: string): void {
    if (!this.pending.has(callId)) return;
    try {
      this.recordDisposition(callId, { code });
    } catch (error) {
      const message = error instanceof AnlaufError ? error.message : String(error);
      this.deps.logger.log('warn', 'the automatic disposition could not be given', { callId, code, error: message });
      this.deps.notice(
        callId,
        error instanceof AnlaufError
          ? said('wrapUp.autoFailed', { code, reason: error.said as InnerMessage })
          : said('wrapUp.autoFailedDetail', { code, detail: message }),
      );
    }
  }

  private remove(p: Pending): void {
    this.deps.clock.clearTimeout(p.timer);
    this.pending.delete(p.callId);
  }

  private treeFor(p: Pick<Pending, 'clientId' | 'campaignId'>, settings: Settings): DispositionView[] {
    return dispositionSet(findCampaign(settings.clients, p.clientId, p.campaignId).campaign, settings.wrapUp.dispositions);
  }

  private must(callId: string): Pending {
    const p = this.pending.get(callId);
    if (!p) throw new AnlaufError('wrapUp.notWaiting', {}, 'not-found');
    return p;
  }
}
