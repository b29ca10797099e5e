import type { CallContext, CallView, DirectoryCustomer, PopCustomer } from '../../../src-main/contract';
import type { AnlaufState } from '../types';
import { selectCallCards, type CallCard } from './phone';

// The call the screen is about: the one the agent talks on, else the one ringing (the agent must
// know whom to greet before answering), else one being dialed, else one on hold.
const focusOrder: readonly CallCard['kind'][] = ['active', 'ringing', 'dialing', 'held'];

/** The call the banner, customer card and campaign panel follow; undefined without a call. */
export const selectFocusCall = (state: AnlaufState): CallView | undefined => {
  const cards = selectCallCards(state);
  for (const kind of focusOrder) {
    const card = cards.find((c) => c.kind === kind);
    if (card) return card.call;
  }
  return undefined;
};

/** The context of a call; null while main has not sent one yet. */
export const selectCallContext =
  (callId: string | null | undefined) =>
  (state: AnlaufState): CallContext | null =>
    (callId == null ? undefined : state.callContext.contexts[callId]) ?? null;

export const selectFocusContext = (state: AnlaufState): CallContext | null => selectCallContext(selectFocusCall(state)?.id)(state);

/** Whether this workstation answers for several companies (clients are configured). */
export const selectHasClients = (state: AnlaufState) => state.callContext.clients.length > 0;

/** The focused call's client colour for the whole screen; null on a single-company workstation or when unknown. */
export const selectFocusClientColour = (state: AnlaufState): string | null => {
  const colour = selectFocusContext(state)?.client?.colour ?? null;
  return colour !== null && /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : null;
};

/** Whether two card entries are the same customer (ids where both have one, else number and name). */
export function sameCustomer(a: PopCustomer | null, b: PopCustomer | null): boolean {
  if (!a || !b) return false;
  if (a.id !== null && b.id !== null) return a.id === b.id;
  return a.customerNumber === b.customerNumber && a.name === b.name;
}

/** A directory customer as the call's customer (`customers:pick`). */
export function toPopCustomer(customer: DirectoryCustomer): PopCustomer {
  const { id, customerNumber, name, email, postcode, city, phones } = customer;
  return { id, customerNumber, name: name ?? customerNumber ?? '', email, postcode, city, phones };
}
