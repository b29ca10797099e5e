// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { CallContext, CallView } from '../../../src-main/contract';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeCall, makeContext, makeDirectoryCustomer, makePopCustomer, makeSnapshot, T0 } from '../../test/fixtures';
import { createAnlaufStore } from '../index';
import type { AnlaufState } from '../types';
import { sameCustomer, selectFocusCall, selectFocusClientColour, selectFocusContext, selectHasClients, toPopCustomer } from './callContext';

function stateWith(
  calls: CallView[],
  contexts: Record<string, CallContext> = {},
  clients = [{ id: 'swn', name: 'Stadtwerke Nord', colour: '#0a7d4f' }],
): AnlaufState {
  const store = createAnlaufStore(createFakeAnlauf().api);
  store.getState().receiveSnapshot(makeSnapshot({ calls, contexts, clients }));
  return store.getState();
}

const active = (id: string, more: Partial<CallView> = {}) => makeCall({ id, state: 'active', answerAt: T0, ...more });

describe('the call in focus', () => {
  it('is the call the agent talks on, else the ringing one, else one being dialed, else a held one', () => {
    expect(selectFocusCall(stateWith([]))).toBeUndefined();
    expect(selectFocusCall(stateWith([makeCall({ id: 'r' }), active('a', { ringAt: T0 + 1 })]))?.id).toBe('a');
    expect(selectFocusCall(stateWith([makeCall({ id: 'r', ringAt: T0 + 1 }), makeCall({ id: 'd', state: 'dialing', direction: 'outbound' })]))?.id).toBe('r');
    expect(selectFocusCall(stateWith([makeCall({ id: 'd', state: 'dialing', direction: 'outbound' }), active('h', { hold: 'held' })]))?.id).toBe('d');
    expect(selectFocusCall(stateWith([makeCall({ id: 'e', state: 'ended', endAt: T0 })]))).toBeUndefined();
  });

  it("brings its context and its client's colour, none while main has sent no context", () => {
    const context = makeContext();
    const state = stateWith([active('a')], { a: context });
    expect(selectFocusContext(state)).toBe(context);
    expect(selectFocusClientColour(state)).toBe('#0a7d4f');
    expect(selectHasClients(state)).toBe(true);
    expect(selectFocusContext(stateWith([active('a')]))).toBeNull();
    expect(selectFocusClientColour(stateWith([active('a')], { a: makeContext({ client: null }) }))).toBeNull();
    expect(selectHasClients(stateWith([], {}, []))).toBe(false);
  });
});

describe('customers', () => {
  it('are the same by id where both have one, else by number and name', () => {
    expect(sameCustomer(makePopCustomer(), makePopCustomer({ name: 'Renamed' }))).toBe(true);
    expect(sameCustomer(makePopCustomer(), makePopCustomer({ id: 'other' }))).toBe(false);
    expect(sameCustomer(makePopCustomer({ id: null }), makePopCustomer({ id: null }))).toBe(true);
    expect(sameCustomer(makePopCustomer(), null)).toBe(false);
  });

  it("turn from a directory entry into the call's customer, a nameless one by its number", () => {
    expect(toPopCustomer(makeDirectoryCustomer({ name: null }))).toEqual({
      id: 'dir-1',
      customerNumber: 'K-1001',
      name: 'K-1001',
      email: 'erika@example.org',
      postcode: '20095',
      city: 'Hamburg',
      phones: ['+49 30 1234567'],
    });
  });
});
