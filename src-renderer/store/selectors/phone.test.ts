// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeCall, makeSnapshot, T0 } from '../../test/fixtures';
import { createAnlaufStore } from '../index';
import type { AnlaufState } from '../types';
import { selectActiveCall, selectCallDuration, selectIsTrainingLine, selectRingingCall } from './phone';

function stateWith(snapshot = makeSnapshot()): AnlaufState {
  const store = createAnlaufStore(createFakeAnlauf().api);
  store.getState().receiveSnapshot(snapshot);
  return store.getState();
}

describe('phone selectors', () => {
  it('finds no call on an idle line', () => {
    const state = stateWith();
    expect(selectRingingCall(state)).toBeUndefined();
    expect(selectActiveCall(state)).toBeUndefined();
    expect(selectCallDuration(T0)(state)).toBeNull();
  });

  it('tells a ringing call from an active one', () => {
    const ringing = makeCall({ id: 'r', state: 'ringing', ringAt: T0 + 10 });
    const active = makeCall({ id: 'a', state: 'active', answerAt: T0 + 3_000 });
    const ended = makeCall({ id: 'e', state: 'ended', endAt: T0 + 9_000 });
    const state = stateWith(makeSnapshot({ calls: [ended, ringing, active] }));
    expect(selectRingingCall(state)?.id).toBe('r');
    expect(selectActiveCall(state)?.id).toBe('a');
  });

  it('offers the call that has rung longest when several ring', () => {
    const late = makeCall({ id: 'late', ringAt: T0 + 5_000 });
    const early = makeCall({ id: 'early', ringAt: T0 });
    expect(selectRingingCall(stateWith(makeSnapshot({ calls: [late, early] })))?.id).toBe('early');
  });

  it('counts whole seconds since the answer, never below zero', () => {
    const state = stateWith(makeSnapshot({ calls: [makeCall({ state: 'active', answerAt: T0 })] }));
    expect(selectCallDuration(T0 + 65_900)(state)).toBe(65);
    expect(selectCallDuration(T0 - 2_000)(state)).toBe(0);
  });

  it('knows the training line', () => {
    expect(selectIsTrainingLine(stateWith())).toBe(true);
    const sip = makeSnapshot({ line: { kind: 'sip', status: 'registered', detail: null, since: T0 } });
    expect(selectIsTrainingLine(stateWith(sip))).toBe(false);
  });
});
