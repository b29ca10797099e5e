import { said, type CallContext, type CallView, type CustomerCard, type PopCustomer, type Settings } from '../../contract';
import { campaignView, clientView, dispositionSet, findCampaign, greetingFor, resolveContext, type CallContext as ResolvedContext } from '../clients/resolve';
import type { Clock } from '../clock';
import { Emitter } from '../events';
import { AnlaufError } from '../errors';
import { errorForLog, type Logger } from '../log';
import type { CrmCache } from '../customers/crm-cache';
import type { CrmLookup } from '../customers/crm';
import type { CustomerDirectory } from '../customers/directory';
import { popFromDirectory } from '../customers/directory-views';
import { choosable } from '../../shared/dispositions';
import { wordMessage } from '../../shared/messages';
import type { CallClassification, CallToClassify } from '../phone/phone-service';
import { queueOfCall } from '../queues/queue-rules';
import { screenPop, type CustomerDirectoryPort, type ScreenPopResult } from '../customers/screen-pop';
import { callLanguageFor, type CallLanguage } from './call-language';

export interface CallContextDeps {
  settings: () => Settings;
  directory: CustomerDirectory | null;
  crm: CrmLookup | null;
  cache: CrmCache | null;
  clock: Clock;
  logger: Logger;
  /** Turns a configured logo (a data: URL or a file path) into something a renderer can show. */
  logo: (value: string | null) => string | null;
  /** Records the call's customer in the call log (and its outbox). */
  recordCustomer: (callId: string, customer: { customerNumber: string | null; name: string }) => void;
  /** How long the card waits for the CRM before showing the best local answer (300 ms). */
  fastMs?: number;
}

/** What an outbound call is placed for (a callback, a call-list record): its company, campaign, customer. */
export interface OutboundPreset {
  clientId: string | null;
  campaignId: string | null;
  customer: PopCustomer | null;
  callListRecordId?: string | null;
  callbackId?: string | null;
}

/** Whom a call is for, by id and name, and what it was placed for. */
export interface CallPurpose {
  clientId: string | null;
  clientName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  customer: PopCustomer | null;
  callListRecordId: string | null;
  callbackId: string | null;
  /**
   * The language the call is held in (IVR, else customer, else campaign, else client:
   * call-language.ts); null when nobody said. Scripts and forms pick their variant by it.
   */
  language: CallLanguage | null;
}

interface Entry {
  context: ResolvedContext;
  /** The language the caller chose in the IVR, if any. */
  ivrLanguage: string | null;
  preset: OutboundPreset | null;
  card: CustomerCard;
  /** The agent picked (or created) the customer: later CRM answers no longer change the choice. */
  picked: boolean;
  /** Set once the call ended: late screen-pop answers are dropped. */
  gone: boolean;
}

const LOOKING: CustomerCard = { state: 'looking', by: 'none', customers: [], source: 'none', from: 'looking up', fetchedAt: null, problem: null, chosen: null };

/**
 * For whom each call is and who is calling. When a call appears, its company and campaign are
 * resolved at once (pure, from settings) and the screen-pop starts: the card shows "looking",
 * then the best answer within 300 ms, then the CRM's answer when it comes. The context stays with
 * the call until it is gone from the phone, so the screen never shows one call's company with
 * another call's customer.
 */
export class CallContextService {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly entries = new Map<string, Entry>();
  /** Presets for the next call of each direction (a callback or call-list dial; a rehearsal call). */
  private readonly presets: Record<'inbound' | 'outbound', OutboundPreset | null> = { inbound: null, outbound: null };

  constructor(private readonly deps: CallContextDeps) {}

  /** The next outbound call is placed for this purpose (call it right before dialling). */
  expectOutbound(preset: OutboundPreset | null): void {
    this.presets.outbound = preset;
  }

  /** The next inbound call is for this company and campaign (a training call rehearsing a script). */
  expectInbound(preset: OutboundPreset | null): void {
    this.presets.inbound = preset;
  }

  purposeOf(callId: string): CallPurpose | null {
    const entry = this.entries.get(callId);
    if (!entry) return null;
    const { context, preset, card } = entry;
    return {
      clientId: context.client?.id ?? null,
      clientName: context.client?.name ?? null,
      campaignId: context.campaign?.id ?? null,
      campaignName: context.campaign?.name ?? null,
      customer: card.chosen,
      callListRecordId: preset?.callListRecordId ?? null,
      callbackId: preset?.callbackId ?? null,
      language: callLanguageFor(this.deps.settings().clients, {
        clientId: context.client?.id ?? null,
        campaignId: context.campaign?.id ?? null,
        ivr: entry.ivrLanguage,
        customer: card.chosen?.language,
      }),
    };
  }

  /** The company, campaign and queue a call is for, as names for the call log (resolved again per call). */
  classify(info: CallToClassify): CallClassification {
    const preset = this.presets[info.direction];
    // A call placed for a purpose is for that purpose's company only, whatever the line reports.
    if (preset) {
      const context = this.fromPreset(preset);
      return { client: context.client?.name ?? null, campaign: context.campaign?.name ?? null, queue: null };
    }
    const found = info.direction === 'inbound' ? queueOfCall(this.deps.settings().queues.list, info.calledAddresses, info.ivr.queue) : undefined;
    const queue = found ? { id: found.id, name: found.name } : null;
    // Registrar forking leaves the queue's address in To, where the line looks for the dialed
    // number: its user name ("support") is no number the caller dialled.
    const dialed = found && info.dialedNumber !== null && info.dialedNumber === queueUser(found.address) ? { dialedNumber: null } : {};
    const context = this.resolve({ ...info, ...dialed, queue });
    if (context.client) return { client: context.client.name, campaign: context.campaign?.name ?? info.ivr.campaign ?? null, queue, ...dialed };
    return { client: info.ivr.client ?? null, campaign: info.ivr.campaign ?? null, queue, ...dialed };
  }

  /** Follows the phone's calls: new calls get a context and a screen-pop, gone calls lose theirs. */
  callsChanged(calls: readonly CallView[]): void {
    const live = new Set(calls.map((call) => call.id));
    for (const [id, entry] of this.entries) {
      if (!live.has(id)) {
        entry.gone = true;
        this.entries.delete(id);
      }
    }
    for (const call of calls) {
      if (this.entries.has(call.id) || call.state === 'ended') continue;
      const preset = this.presets[call.direction];
      this.presets[call.direction] = null;
      const context = preset ? this.fromPreset(preset) : this.resolve(call);
      const entry: Entry = { context, ivrLanguage: call.ivr.language ?? null, preset, card: LOOKING, picked: preset?.customer != null, gone: false };
      if (preset?.customer) entry.card = { ...LOOKING, chosen: preset.customer };
      this.entries.set(call.id, entry);
      void this.pop(call, entry);
    }
  }

  /** Every live call's context, keyed by call id. */
  contexts(): Record<string, CallContext> {
    const settings = this.deps.settings();
    const agentName = settings.agent.name ?? '';
    const out: Record<string, CallContext> = {};
    for (const [id, { context, card, ivrLanguage }] of this.entries) {
      const language = callLanguageFor(settings.clients, {
        clientId: context.client?.id ?? null,
        campaignId: context.campaign?.id ?? null,
        ivr: ivrLanguage,
        customer: card.chosen?.language,
      });
      const clientLanguage = settings.clients.find((c) => c.id === context.client?.id)?.language ?? null;
      out[id] = {
        client: context.client
          ? { id: context.client.id, name: context.client.name, colour: context.client.colour, logo: this.deps.logo(context.client.logo) }
          : null,
        greeting: context.client
          ? greetingFor(context.client, agentName)
              .replace(/\s{2,}/g, ' ')
              .trim()
          : null,
        campaign: context.campaign,
        how: context.how,
        problem: context.problem,
        ...(context.problemSaid ? { problemSaid: context.problemSaid } : {}),
        note: context.note,
        ...(context.noteSaid ? { noteSaid: context.noteSaid } : {}),
        customer: card,
        ...(language && language.code !== clientLanguage ? { language } : {}),
      };
    }
    return out;
  }

  /** The agent says who the caller is (from the pick list, a search or a new entry). */
  pick(callId: string, customer: PopCustomer): void {
    const entry = this.entries.get(callId);
    if (!entry) throw new AnlaufError('call.notFound', {}, 'not-found');
    entry.picked = true;
    entry.card = { ...entry.card, chosen: customer };
    this.deps.recordCustomer(callId, { customerNumber: customer.customerNumber, name: customer.name });
    this.changed.fire();
  }

  /** The client id a call is for, for creating a customer during the call. */
  clientOf(callId: string): string | null {
    return this.entries.get(callId)?.context.client?.id ?? null;
  }

  /** The context of a call placed for a callback or a call-list record: its company and campaign by id. */
  private fromPreset(preset: OutboundPreset): ResolvedContext {
    const settings = this.deps.settings();
    const { client, campaign } = findCampaign(settings.clients, preset.clientId, preset.campaignId);
    const defaults = settings.wrapUp.dispositions;
    const problem = preset.clientId && !client ? said('context.companyNotConfigured', { client: preset.clientId }) : null;
    return {
      client: client ? clientView(client) : null,
      campaign: campaign
        ? campaignView(campaign, defaults)
        : preset.campaignId
          ? { id: preset.campaignId, name: preset.campaignId, script: null, dispositions: choosable(dispositionSet(undefined, defaults)).map((d) => d.path) }
          : null,
      how: 'none',
      problem: problem && wordMessage('en', problem),
      ...(problem ? { problemSaid: problem } : {}),
      note: null,
    };
  }

  private resolve(call: Pick<CallView, 'direction' | 'dialedNumber' | 'ivr' | 'queue'>): ResolvedContext {
    const settings = this.deps.settings();
    // The agent's own outbound calls are not greeted in a company's name; their company comes with
    // the campaign they are dialled for.
    if (call.direction === 'outbound') return { client: null, campaign: null, how: 'none', problem: null, note: null };
    const queue = call.queue ? settings.queues.list.find((q) => q.id === call.queue?.id) : undefined;
    return resolveContext(
      { dialedNumber: call.dialedNumber, ivr: call.ivr, queue },
      settings.clients,
      settings.sip.defaultCountry,
      settings.wrapUp.dispositions,
    );
  }

  private async pop(call: CallView, entry: Entry): Promise<void> {
    const settings = this.deps.settings();
    const customerNumber = call.ivr.customerNumber?.trim() || null;
    const number = call.remoteNumber.trim() || null;
    const by: CustomerCard['by'] = customerNumber ? 'customerNumber' : number ? 'number' : 'none';
    const directory = this.deps.directory;
    const port: CustomerDirectoryPort | null = directory
      ? {
          findByCustomerNumber: (no, client) => directory.findByCustomerNumber(no, client ?? undefined).map(popFromDirectory),
          findByNumber: (raw, region, client) => directory.findByNumber(raw, region, client ?? undefined).map(popFromDirectory),
        }
      : null;
    try {
      for await (const result of screenPop(
        { customerNumber, number, client: entry.context.client?.id ?? null },
        { crm: this.deps.crm, cache: this.deps.cache, directory: port, clock: this.deps.clock, region: settings.sip.defaultCountry, fastMs: this.deps.fastMs },
      )) {
        if (entry.gone) return;
        this.show(call.id, entry, by, result);
      }
    } catch (error) {
      this.deps.logger.log('error', 'the customer lookup failed', { callId: call.id, error: errorForLog(error) });
      if (!entry.gone) {
        const problem = said('customerCard.lookupFailed', { detail: String(error) });
        entry.card = { ...entry.card, state: 'done', problem: wordMessage('en', problem), problemSaid: problem };
        this.changed.fire();
      }
    }
  }

  private show(callId: string, entry: Entry, by: CustomerCard['by'], result: ScreenPopResult): void {
    let chosen = entry.card.chosen;
    if (!entry.picked) {
      const only = result.customers.length === 1 ? (result.customers[0] ?? null) : null;
      if (only && (chosen === null || !sameCustomer(chosen, only))) {
        chosen = only;
        // Written after the card went out: the agent sees who is calling before the disk is touched again.
        setImmediate(() => {
          if (entry.picked) return;
          try {
            this.deps.recordCustomer(callId, { customerNumber: only.customerNumber, name: only.name });
          } catch (error) {
            this.deps.logger.log('warn', "the call's customer could not be recorded", { callId, error: errorForLog(error) });
          }
        });
      } else if (!only) chosen = null;
    }
    entry.card = {
      state: result.final ? 'done' : 'looking',
      by,
      customers: result.customers,
      source: result.source,
      from: result.from,
      fetchedAt: result.fetchedAt,
      problem: result.problem,
      ...(result.problemSaid ? { problemSaid: result.problemSaid } : {}),
      chosen,
    };
    this.changed.fire();
  }
}

/** `sip:support@example.org` → `support`. */
function queueUser(address: string): string | null {
  return /^sips?:([^@\s]+)@/i.exec(address)?.[1] ?? null;
}

function sameCustomer(a: PopCustomer, b: PopCustomer): boolean {
  return a.id === b.id && a.customerNumber === b.customerNumber && a.name === b.name;
}
