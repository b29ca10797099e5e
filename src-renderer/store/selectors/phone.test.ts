// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { CallView } from '../../../src-main/contract';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeCall, makeSnapshot, T0 } from '../../test/fixtures';
import { createAnlaufStore } from '../index';
import type { AnlaufState } from '../types';
import {
  selectCallCards,
  selectCanDial,
  selectConsultPair,
  selectCurrentCall,
  selectHasLiveCalls,
  selectHeldCalls,
  selectIsTrainingLine,
  selectRingingCall,
  selectWaitingCall,
  talkSeconds,
} from './phone';

function stateWith(snapshot = makeSnapshot()): AnlaufState {
  const store = createAnlaufStore(createFakeAnlauf().api);
  store.getState().receiveSnapshot(snapshot);
  return store.getState();
}

const withCalls = (...calls: CallView[]) => stateWith(makeSnapshot({ calls }));
const sip = (status: 'registering' | 'registered' | 'unreachable' | 'failed') => makeSnapshot({ line: { kind: 'sip', status, detail: null, since: T0 } });
const cardsOf = (state: AnlaufState) => selectCallCards(state).map((card) => `${card.kind}:${card.call.id}`);

const active = (id: string, more: Partial<CallView> = {}) => makeCall({ id, state: 'active', answerAt: T0 + 1_000, ...more });

describe('phone selectors', () => {
  it('finds no call on an idle line', () => {
    const state = stateWith();
    expect(selectRingingCall(state)).toBeUndefined();
    expect(selectCurrentCall(state)).toBeUndefined();
    expect(selectWaitingCall(state)).toBeUndefined();
    expect(selectHasLiveCalls(state)).toBe(false);
    expect(selectCallCards(state)).toEqual([]);
  });

  it('tells a ringing call from an active one and leaves ended calls out', () => {
    const ringing = makeCall({ id: 'r', state: 'ringing', ringAt: T0 + 10 });
    const ended = makeCall({ id: 'e', state: 'ended', endAt: T0 + 9_000 });
    const state = withCalls(ended, ringing, active('a'));
    expect(selectRingingCall(state)?.id).toBe('r');
    expect(selectCurrentCall(state)?.id).toBe('a');
    expect(cardsOf(state)).toEqual(['active:a', 'ringing:r']);
  });

  it('offers the call that has rung longest when several ring', () => {
    const late = makeCall({ id: 'late', ringAt: T0 + 5_000 });
    const early = makeCall({ id: 'early', ringAt: T0 });
    expect(selectRingingCall(withCalls(late, early))?.id).toBe('early');
  });

  it('calls a ringing call waiting only while the agent has another call', () => {
    const ringing = makeCall({ id: 'r', ringAt: T0 + 10 });
    expect(selectWaitingCall(withCalls(ringing))).toBeUndefined();
    expect(selectWaitingCall(withCalls(active('a'), ringing))?.id).toBe('r');
    expect(selectWaitingCall(withCalls(makeCall({ id: 'd', state: 'dialing', direction: 'outbound' }), ringing))?.id).toBe('r');
    const [waitingCard] = selectCallCards(withCalls(active('a'), ringing)).filter((card) => card.kind === 'ringing');
    expect(waitingCard).toMatchObject({ kind: 'ringing', waiting: true });
  });

  it('treats a call being put on hold as current until main says it is held', () => {
    expect(selectCurrentCall(withCalls(active('a', { hold: 'holding' })))?.id).toBe('a');
    expect(selectCurrentCall(withCalls(active('a', { hold: 'held' })))).toBeUndefined();
    expect(selectHeldCalls(withCalls(active('a', { hold: 'holding' })))).toEqual([]);
    expect(selectHeldCalls(withCalls(active('a', { hold: 'held' }))).map((c) => c.id)).toEqual(['a']);
  });

  it('keeps a lone held call on the active card', () => {
    expect(cardsOf(withCalls(active('a', { hold: 'held' })))).toEqual(['active:a']);
  });

  it('puts the held call on its own card behind the one the agent talks on', () => {
    const held = active('first', { hold: 'held', ringAt: T0 });
    const talking = active('second', { ringAt: T0 + 5_000 });
    const state = withCalls(held, talking);
    expect(selectCurrentCall(state)?.id).toBe('second');
    expect(cardsOf(state)).toEqual(['active:second', 'held:first']);
  });

  it('hands the front to the call being resumed during a swap', () => {
    const a = active('a', { hold: 'holding', ringAt: T0 });
    const b = active('b', { hold: 'resuming', ringAt: T0 + 1 });
    expect(selectCurrentCall(withCalls(a, b))?.id).toBe('b');
    expect(selectCurrentCall(withCalls(active('a', { hold: 'held' }), b))?.id).toBe('b');
  });

  it('pairs a consultation with the call it is for', () => {
    const original = active('orig', { hold: 'held', remoteName: 'Erika' });
    const dialing = makeCall({ id: 'cons', state: 'dialing', direction: 'outbound', consultFor: 'orig', ringAt: T0 + 9_000 });
    const state = withCalls(original, dialing);
    expect(selectConsultPair(state)).toEqual({ consult: dialing, original });
    // While the consultation rings, the held caller keeps a held card beside it.
    expect(cardsOf(state)).toEqual(['dialing:cons', 'held:orig']);

    const answered = { ...dialing, state: 'active' as const, answerAt: T0 + 12_000 };
    expect(cardsOf(withCalls(original, answered))).toEqual(['active:cons', 'held:orig']);
    expect(selectConsultPair(withCalls(active('x')))).toBeUndefined();
    expect(selectConsultPair(withCalls(answered))).toEqual({ consult: answered, original: undefined });
  });

  it('derives lists once per snapshot', () => {
    const state = withCalls(active('a'), makeCall({ id: 'r' }));
    expect(selectCallCards(state)).toBe(selectCallCards(state));
    expect(selectHeldCalls(state)).toBe(selectHeldCalls(state));
    expect(selectConsultPair(state)).toBe(selectConsultPair(state));
  });

  it('counts whole seconds since the answer, never below zero', () => {
    const call = makeCall({ state: 'active', answerAt: T0 });
    expect(talkSeconds(call, T0 + 65_900)).toBe(65);
    expect(talkSeconds(call, T0 - 2_000)).toBe(0);
    expect(talkSeconds(makeCall(), T0)).toBeNull();
  });

  it('knows the training line', () => {
    expect(selectIsTrainingLine(stateWith())).toBe(true);
    expect(selectIsTrainingLine(stateWith(sip('registered')))).toBe(false);
  });

  it('dials on the training line, and on a phone line only once registered', () => {
    expect(selectCanDial(stateWith())).toBe(true);
    expect(selectCanDial(stateWith(sip('registered')))).toBe(true);
    expect(selectCanDial(stateWith(sip('registering')))).toBe(false);
    expect(selectCanDial(stateWith(sip('unreachable')))).toBe(false);
    expect(selectCanDial(stateWith(sip('failed')))).toBe(false);
    expect(selectCanDial(createAnlaufStore(createFakeAnlauf().api).getState())).toBe(false);
  });
});
