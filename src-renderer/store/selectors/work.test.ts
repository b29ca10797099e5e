// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-main/contract';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeCall, makeCallback, makeScriptView, makeSnapshot, makeWrapUp, T0 } from '../../test/fixtures';
import { createAnlaufStore } from '../index';
import { dueCallbackCount, isCallbackDue, selectScriptSessionId, selectWrapUpsWaiting, sortedCallbacks } from './work';

function stateWith(overrides: Partial<Snapshot>) {
  const store = createAnlaufStore(createFakeAnlauf().api);
  store.getState().receiveSnapshot(makeSnapshot(overrides));
  return store.getState();
}

describe('whose script the panel shows', () => {
  const view = makeScriptView();
  it('is the call in focus, else the call in wrap-up, else the preview, else none', () => {
    const active = makeCall({ id: 'a', state: 'active', answerAt: T0 });
    expect(selectScriptSessionId(stateWith({ calls: [active], scripts: { a: view, b: view, preview: view }, wrapUps: [makeWrapUp({ callId: 'b' })] }))).toBe(
      'a',
    );
    expect(selectScriptSessionId(stateWith({ scripts: { b: view, preview: view }, wrapUps: [makeWrapUp({ callId: 'b' })] }))).toBe('b');
    expect(selectScriptSessionId(stateWith({ calls: [active], scripts: { preview: view } }))).toBe('preview');
    expect(selectScriptSessionId(stateWith({ calls: [active] }))).toBeNull();
  });

  it('counts the wrap-ups behind the first', () => {
    expect(selectWrapUpsWaiting(stateWith({}))).toBe(0);
    expect(selectWrapUpsWaiting(stateWith({ wrapUps: [makeWrapUp(), makeWrapUp({ callId: 'x' })] }))).toBe(1);
  });
});

describe('callbacks due', () => {
  it('are open ones main calls due, or whose time has come since', () => {
    expect(isCallbackDue(makeCallback({ due: true, dueAt: T0 + 10 }), T0)).toBe(true);
    expect(isCallbackDue(makeCallback({ due: false, dueAt: T0 }), T0)).toBe(true);
    expect(isCallbackDue(makeCallback({ due: false, dueAt: T0 + 1 }), T0)).toBe(false);
    expect(isCallbackDue(makeCallback({ due: true, state: 'dialed' }), T0)).toBe(false);
    expect(dueCallbackCount([makeCallback({ dueAt: T0 - 1 }), makeCallback({ dueAt: T0 + 1 })], T0)).toBe(1);
  });

  it('are listed soonest first', () => {
    const list = [makeCallback({ id: 'b', dueAt: 2 }), makeCallback({ id: 'a', dueAt: 1 }), makeCallback({ id: 'c', dueAt: 2 })];
    expect(sortedCallbacks(list).map((callback) => callback.id)).toEqual(['a', 'b', 'c']);
  });
});
