import { said, type CallbackView, type PreviewView, type Settings } from '../../contract';
import type { OutboundPreset } from '../calls/call-context-service';
import { findCampaign } from '../clients/resolve';
import type { Clock } from '../clock';
import { Emitter } from '../events';
import { AnlaufError } from '../errors';
import { errorForLog, type Logger } from '../log';
import type { CallbackRecord, CallbackRepository } from './callbacks';
import type { CallListImport, CallListRepository } from './call-lists';

export interface OutboundWorkDeps {
  callbacks: CallbackRepository;
  callLists: CallListRepository;
  settings: () => Settings;
  clock: Clock;
  logger: Logger;
  /** Dials for a purpose (the context service presets the call's company, campaign, customer). */
  dial: (number: string, preset: OutboundPreset) => Promise<string>;
  /** Tells the agent a callback is due. */
  due: (callback: CallbackRecord) => void;
  /** How often due callbacks are looked for. */
  checkEveryMs?: number;
}

/** What the Dispatcher may ask of the outbound work: callbacks, call lists and preview dialing. */
export interface IOutboundWork {
  dialCallback(id: string): Promise<string>;
  cancelCallback(id: string): void;
  importCallList(request: { name: string; campaign: string; client?: string | null | undefined; file: string }): Promise<CallListImport>;
  startPreview(listId: string): void;
  dialPreview(): Promise<string>;
  skipPreview(reason: string): void;
  stopPreview(): void;
}

/**
 * The calls the agent places for work already agreed: callbacks (surfaced when due, dialled with
 * one click with their campaign, customer and script) and preview dialing through a call list
 * (the next record shown; the agent dials it or skips it with a reason).
 */
export class OutboundWork implements IOutboundWork {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private previewList: string | null = null;
  private previewCall: string | null = null;
  private timer: unknown = null;
  private stopped = true;

  constructor(private readonly deps: OutboundWorkDeps) {}

  start(): void {
    this.stopped = false;
    this.check();
  }

  stop(): void {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.timer);
  }

  callbacks(): CallbackView[] {
    const now = this.deps.clock.now();
    const settings = this.deps.settings();
    return this.deps.callbacks.open().map((c) => {
      const { client, campaign } = findCampaign(settings.clients, c.clientId, c.campaignId);
      return {
        id: c.id,
        dueAt: c.dueAt,
        due: c.dueAt <= now,
        number: c.number,
        customerName: c.customerName,
        customerNumber: c.customerNumber,
        client: c.clientId ? { id: c.clientId, name: client?.name ?? c.clientId } : null,
        campaign: c.campaignId ? { id: c.campaignId, name: campaign?.name ?? c.campaignId } : null,
        note: c.note,
        state: c.state,
        fromCallId: c.fromCallId,
        createdAt: c.createdAt,
      };
    });
  }

  async dialCallback(id: string): Promise<string> {
    const callback = this.deps.callbacks.get(id);
    if (!callback) throw new AnlaufError('callback.notFound', {}, 'not-found');
    if (callback.state !== 'open') throw new AnlaufError('callback.notOpen', { state: said(`callbackState.${callback.state}`, {}) }, 'conflict');
    const callId = await this.deps.dial(callback.number, {
      clientId: callback.clientId,
      campaignId: callback.campaignId,
      customer: callback.customerName
        ? { id: null, customerNumber: callback.customerNumber, name: callback.customerName, email: null, postcode: null, city: null, phones: [callback.number] }
        : null,
      callbackId: callback.id,
    });
    this.deps.callbacks.dialed(id, callId, this.deps.clock.now());
    this.changed.fire();
    return callId;
  }

  /** Imports a call list for a campaign from a CSV file, streaming. */
  async importCallList(request: { name: string; campaign: string; client?: string | null | undefined; file: string }): Promise<CallListImport> {
    const result = await this.deps.callLists.import(
      {
        name: request.name,
        campaignId: request.campaign,
        clientId: request.client ?? null,
        file: request.file,
        region: this.deps.settings().sip.defaultCountry,
      },
      this.deps.clock.now(),
    );
    this.changed.fire();
    return result;
  }

  cancelCallback(id: string): void {
    this.deps.callbacks.cancel(id, this.deps.clock.now());
    this.changed.fire();
  }

  /** Shows the list's next record. */
  startPreview(listId: string): void {
    if (!this.deps.callLists.list(listId)) throw new AnlaufError('callList.notFound', {}, 'not-found');
    this.previewList = listId;
    this.previewCall = null;
    this.changed.fire();
  }

  stopPreview(): void {
    this.previewList = null;
    this.previewCall = null;
    this.changed.fire();
  }

  async dialPreview(): Promise<string> {
    const { listId, record } = this.current();
    if (record.state === 'dialing') throw new AnlaufError('callList.recordDialing', {}, 'conflict');
    const list = this.deps.callLists.list(listId);
    const callId = await this.deps.dial(record.number, {
      clientId: list?.client ?? null,
      campaignId: list?.campaign ?? null,
      customer: record.name
        ? { id: null, customerNumber: record.customerNumber, name: record.name, email: null, postcode: null, city: null, phones: [record.number] }
        : null,
      callListRecordId: record.id,
    });
    this.deps.callLists.dialing(record.id, callId, this.deps.clock.now());
    this.previewCall = callId;
    this.changed.fire();
    return callId;
  }

  skipPreview(reason: string): void {
    const { record } = this.current();
    if (record.state === 'dialing') throw new AnlaufError('callList.recordDialingDisposition', {}, 'conflict');
    this.deps.callLists.skip(record.id, reason, this.deps.clock.now());
    this.changed.fire();
  }

  preview(): PreviewView | null {
    if (!this.previewList) return null;
    const list = this.deps.callLists.list(this.previewList);
    if (!list) return null;
    const record = this.deps.callLists.next(list.id);
    return {
      listId: list.id,
      listName: list.name,
      campaign: list.campaign,
      record: record
        ? {
            id: record.id,
            row: record.row,
            name: record.name,
            number: record.number,
            customerNumber: record.customerNumber,
            fields: record.fields,
            attempts: record.attempts,
          }
        : null,
      remaining: this.deps.callLists.remaining(list.id),
      callId: record?.state === 'dialing' ? record.callId : null,
    };
  }

  private current(): { listId: string; record: NonNullable<ReturnType<CallListRepository['next']>> } {
    if (!this.previewList) throw new AnlaufError('preview.notStarted', {}, 'conflict');
    const record = this.deps.callLists.next(this.previewList);
    if (!record) throw new AnlaufError('preview.allWorked', {}, 'conflict');
    return { listId: this.previewList, record };
  }

  /** Tells the agent of callbacks that fell due, once each, and looks again a little later. */
  private check(): void {
    if (this.stopped) return;
    try {
      const now = this.deps.clock.now();
      const due = this.deps.callbacks.dueUnnotified(now);
      for (const callback of due) {
        this.deps.callbacks.markNotified(callback.id, now);
        this.deps.due(callback);
      }
      if (due.length > 0) this.changed.fire();
    } catch (error) {
      this.deps.logger.log('error', 'due callbacks could not be read', { error: errorForLog(error) });
    }
    this.timer = this.deps.clock.setTimeout(() => this.check(), this.deps.checkEveryMs ?? 10_000);
  }
}
