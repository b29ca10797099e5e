import type { CallLogEntry, CallView, PopCustomer } from '../../contract';
import type { FormCallFacts } from './form-sessions';

export interface FormFactsDeps {
  currentCalls: () => readonly CallView[];
  /** Whom a live call is for (the call contexts): its client and the customer on the card. */
  purposeOf: (callId: string) => { clientId: string | null; campaignId: string | null; customer: PopCustomer | null } | null;
  /** Whom a call waiting for its wrap-up was for. */
  wrapUpPurposeOf: (callId: string) => { clientId: string | null; campaignId: string | null } | null;
  callLog: { get(callId: string): CallLogEntry | null };
  /** The language a call is held in, as its script follows it (core/calls/call-language.ts): the IVR's, the customer's, the campaign's or client's. */
  language: (call: { clientId: string | null; campaignId: string | null; ivr: string | null; customer: string | null }) => string | null;
  agentId: () => string | null;
  agentName: () => string | null;
}

/**
 * What a call's forms are pre-filled from: for a live call its card and IVR data; for a call in
 * wrap-up (the call is gone, perhaps after a restart) what its call log entry kept.
 */
export function formFactsOf(deps: FormFactsDeps, callId: string): FormCallFacts | null {
  const live = deps.currentCalls().find((c) => c.id === callId);
  const purpose = deps.purposeOf(callId);
  const entry = live ? null : deps.callLog.get(callId);
  const call = live ?? entry;
  if (!call) return null;
  const ended = deps.wrapUpPurposeOf(callId);
  const clientId = purpose?.clientId ?? ended?.clientId ?? null;
  const campaignId = purpose?.campaignId ?? ended?.campaignId ?? null;
  const customer =
    purpose?.customer ??
    (entry?.customerName
      ? { name: entry.customerName, customerNumber: entry.customerNumber, email: null, postcode: null, city: null, phones: [] as string[] }
      : null);
  return {
    clientId,
    language: deps.language({ clientId, campaignId, ivr: call.ivr.language ?? null, customer: purpose?.customer?.language ?? null }),
    agentId: deps.agentId(),
    agentName: deps.agentName(),
    customer,
    call: { remoteNumber: call.remoteNumber, dialedNumber: call.dialedNumber ?? null },
    ivr: call.ivr,
  };
}
