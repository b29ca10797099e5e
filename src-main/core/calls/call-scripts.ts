import type { CallLogEntry, CallView, DispositionView, Settings, Snapshot } from '../../contract';
import { errorForLog, type Logger } from '../log';
import type { ScriptSessions, CallFacts } from '../scripts/script-sessions';
import type { CallLogRepository } from '../store/call-log';
import { findDisposition } from '../../shared/dispositions';
import type { CallPurpose } from './call-context-service';
import { callLanguageFor } from './call-language';

export interface CallScriptsDeps {
  settings: () => Settings;
  scripts: Pick<ScriptSessions, 'has' | 'startForCall' | 'updateFacts' | 'views'>;
  callLog: Pick<CallLogRepository, 'recordPurpose' | 'get'>;
  /** Whom a live call is for (the call contexts). */
  purposeOf: (callId: string) => CallPurpose | null;
  currentCalls: () => readonly CallView[];
  /** The wrap-up, above calls/ in the folder order: whom a call waiting for its disposition was for, and its campaign's codes. */
  wrapUp: {
    purposeOf(callId: string): { clientId: string | null; campaignId: string | null } | null;
    dispositionsFor(clientId: string | null, campaignId: string | null): DispositionView[];
  };
  logger: Logger;
}

/** The scripts of the calls: each new call gets its campaign's script, fed with what is known about the call. */
export class CallScripts {
  /** Calls whose company and campaign ids were written to the call log. */
  private readonly purposeRecorded = new Set<string>();

  constructor(private readonly deps: CallScriptsDeps) {}

  /** Starts the campaign's script for each new call, and records whom the call is for. */
  callsChanged(calls: readonly CallView[]): void {
    for (const call of calls) {
      if (this.deps.scripts.has(call.id) || call.consultFor || call.state === 'ended') continue;
      const purpose = this.deps.purposeOf(call.id);
      if (!purpose) continue;
      if (!this.purposeRecorded.has(call.id)) {
        this.purposeRecorded.add(call.id);
        try {
          this.deps.callLog.recordPurpose(call.id, {
            clientId: purpose.clientId,
            campaignId: purpose.campaignId,
            callListRecordId: purpose.callListRecordId,
            callbackId: purpose.callbackId,
          });
        } catch (error) {
          this.deps.logger.log('error', "the call's company and campaign could not be saved", { callId: call.id, error: errorForLog(error) });
        }
      }
      if (purpose.campaignId) this.deps.scripts.startForCall(call.id, purpose.campaignId, purpose.clientId, this.facts(call, purpose));
    }
    if (this.purposeRecorded.size > 1000) for (const id of [...this.purposeRecorded].slice(0, 500)) this.purposeRecorded.delete(id);
  }

  /** The script variables follow what is learnt during the call (the customer picked, say). */
  refreshFacts(): void {
    for (const call of this.deps.currentCalls()) {
      const purpose = this.deps.purposeOf(call.id);
      if (purpose && this.deps.scripts.has(call.id)) this.deps.scripts.updateFacts(call.id, this.facts(call, purpose));
    }
  }

  /** A call still waiting for its wrap-up after a restart gets its script back where the agent left it. */
  restore(callId: string, campaignId: string | null, clientId: string | null, state: unknown): void {
    const entry = this.deps.callLog.get(callId);
    if (entry && campaignId) this.deps.scripts.startForCall(callId, campaignId, clientId, this.factsFromLog(entry, clientId, campaignId), state);
  }

  private facts(call: Pick<CallView, 'remoteNumber' | 'dialedNumber' | 'direction' | 'ivr'>, purpose: CallPurpose): CallFacts {
    return {
      remoteNumber: call.remoteNumber,
      dialedNumber: call.dialedNumber,
      direction: call.direction,
      concern: call.ivr.concern ?? null,
      queue: call.ivr.queue ?? null,
      client: purpose.clientId ? { id: purpose.clientId, name: purpose.clientName ?? purpose.clientId } : null,
      campaign: purpose.campaignId ? { id: purpose.campaignId, name: purpose.campaignName ?? purpose.campaignId } : null,
      customer: purpose.customer,
      agentName: this.deps.settings().agent.name,
      language: purpose.language?.code ?? null,
    };
  }

  /** The facts of a call restored from the log after a restart (its context is gone with the call). */
  private factsFromLog(entry: CallLogEntry, clientId: string | null, campaignId: string | null): CallFacts {
    const customer = entry.customerName
      ? { id: null, customerNumber: entry.customerNumber, name: entry.customerName, email: null, postcode: null, city: null, phones: [] }
      : null;
    return this.facts(entry, {
      clientId,
      clientName: entry.client,
      campaignId,
      campaignName: entry.campaign,
      customer,
      callListRecordId: null,
      callbackId: null,
      // The customer's language went with the call's context; the script version saved with the walk is followed anyway.
      language: callLanguageFor(this.deps.settings().clients, { clientId, campaignId, ivr: entry.ivr.language }),
    });
  }

  /** The scripts walked, with the label an end node's suggested code has in the call's campaign. */
  views(): Snapshot['scripts'] {
    const views = this.deps.scripts.views();
    for (const [sessionId, view] of Object.entries(views)) {
      const code = view.current.disposition;
      if (!code) continue;
      const purpose = this.deps.purposeOf(sessionId) ?? this.deps.wrapUp.purposeOf(sessionId);
      const tree = this.deps.wrapUp.dispositionsFor(purpose?.clientId ?? null, purpose?.campaignId ?? null);
      view.current.dispositionLabel = findDisposition(tree, code)?.path ?? null;
    }
    return views;
  }
}
