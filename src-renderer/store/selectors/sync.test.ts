// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeSnapshot, makeSyncView, T0 } from '../../test/fixtures';
import { createAnlaufStore } from '../index';
import { selectStorageNotice, syncStatusText } from './sync';

describe('syncStatusText', () => {
  it('says off, synced, waiting and failing', () => {
    expect(syncStatusText(makeSyncView({ state: 'disabled' }))).toEqual({ key: 'disabled' });
    expect(syncStatusText(makeSyncView({ state: 'synced', lastSuccessAt: T0 }))).toEqual({ key: 'synced' });
    expect(syncStatusText(makeSyncView({ state: 'waiting', pending: 3, oldestAt: T0 }))).toEqual({ key: 'waiting', count: 3, since: T0 });
    expect(syncStatusText(makeSyncView({ state: 'failing', failingSince: T0, error: '503 Service Unavailable' }))).toEqual({
      key: 'failing',
      since: T0,
      error: '503 Service Unavailable',
    });
  });

  it('leaves out what main does not know', () => {
    expect(syncStatusText(makeSyncView({ state: 'waiting', pending: 2, oldestAt: null }))).toEqual({ key: 'waitingPlain', count: 2 });
    expect(syncStatusText(makeSyncView({ state: 'failing', failingSince: T0, error: '  ' }))).toEqual({ key: 'failingSince', since: T0 });
    expect(syncStatusText(makeSyncView({ state: 'failing', error: 'timeout' }))).toEqual({ key: 'failingError', error: 'timeout' });
    expect(syncStatusText(makeSyncView({ state: 'failing' }))).toEqual({ key: 'failingPlain' });
  });
});

describe('selectStorageNotice', () => {
  it('names the set-aside file until the agent dismisses it, and again for another file', () => {
    const store = createAnlaufStore(createFakeAnlauf().api);
    expect(selectStorageNotice(store.getState())).toBeNull();
    store.getState().receiveSnapshot(makeSnapshot({ revision: 2, storage: { setAside: 'anlauf.sqlite.broken-1' } }));
    expect(selectStorageNotice(store.getState())).toBe('anlauf.sqlite.broken-1');
    store.getState().dismissStorageNotice();
    expect(selectStorageNotice(store.getState())).toBeNull();
    store.getState().receiveSnapshot(makeSnapshot({ revision: 3, storage: { setAside: 'anlauf.sqlite.broken-1' } }));
    expect(selectStorageNotice(store.getState())).toBeNull();
    store.getState().receiveSnapshot(makeSnapshot({ revision: 4, storage: { setAside: 'anlauf.sqlite.broken-2' } }));
    expect(selectStorageNotice(store.getState())).toBe('anlauf.sqlite.broken-2');
  });
});
