// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { CallLogEntry } from '../../../src-main/contract';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeLogEntry, T0 } from '../../test/fixtures';
import { createAnlaufStore } from '../index';
import { selectIsSearching, selectShownHasMore, selectShownRows } from '../selectors/callLog';

const many = (count: number, more: Partial<CallLogEntry> = {}) =>
  Array.from({ length: count }, (_, i) => makeLogEntry({ id: `c${String(i).padStart(4, '0')}`, ringAt: T0 + i * 1_000, ...more }));

function setup(log: CallLogEntry[]) {
  const fake = createFakeAnlauf({ log });
  const store = createAnlaufStore(fake.api);
  return { fake, store };
}

describe('call log search', () => {
  it('shows results while a filter is set and the live list again once cleared', async () => {
    const { fake, store } = setup([makeLogEntry({ id: 'a', client: 'Hanse Energie' }), makeLogEntry({ id: 'b', ringAt: T0 + 1 })]);
    await store.getState().refreshCallLog();
    expect(selectShownRows(store.getState()).map((row) => row.id)).toEqual(['b', 'a']);

    await store.getState().setCallLogFilters({ client: 'Hanse Energie' });
    expect(fake.api.callLog.search).toHaveBeenLastCalledWith({ client: 'Hanse Energie', limit: 100 });
    expect(selectIsSearching(store.getState())).toBe(true);
    expect(selectShownRows(store.getState()).map((row) => row.id)).toEqual(['a']);

    await store.getState().clearCallLogFilters();
    expect(selectIsSearching(store.getState())).toBe(false);
    expect(selectShownRows(store.getState()).map((row) => row.id)).toEqual(['b', 'a']);
    expect(fake.api.callLog.search).toHaveBeenCalledTimes(1);
  });

  it('does not search again when only the inputs changed, not the query', async () => {
    const { fake, store } = setup([]);
    await store.getState().setCallLogFilters({ text: 'erika' });
    await store.getState().setCallLogFilters({ text: 'erika ' });
    await store.getState().setCallLogFilters({ from: '2025-0' });
    expect(fake.api.callLog.search).toHaveBeenCalledTimes(1);
  });

  it('drops the answer to a search the agent has already changed', async () => {
    const { fake, store } = setup([makeLogEntry({ id: 'erika' }), makeLogEntry({ id: 'max', remoteName: 'Max Huber', ringAt: T0 + 1 })]);
    let answerFirst: () => void = () => undefined;
    fake.api.callLog.search.mockImplementationOnce(
      () => new Promise((resolve) => (answerFirst = () => resolve({ entries: [makeLogEntry({ id: 'stale' })], nextCursor: null }))),
    );
    const first = store.getState().setCallLogFilters({ text: 'e' });
    await store.getState().setCallLogFilters({ text: 'max' });
    answerFirst();
    await first;
    expect(selectShownRows(store.getState()).map((row) => row.id)).toEqual(['max']);
  });

  it('pages on with the cursor and appends', async () => {
    const { fake, store } = setup(many(250));
    await store.getState().setCallLogFilters({ text: 'mustermann' });
    expect(selectShownRows(store.getState())).toHaveLength(100);
    expect(selectShownHasMore(store.getState())).toBe(true);

    await store.getState().loadMoreSearchResults();
    expect(fake.api.callLog.search).toHaveBeenLastCalledWith({ text: 'mustermann', limit: 100, cursor: 100 });
    await store.getState().loadMoreSearchResults();
    const rows = selectShownRows(store.getState());
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((row) => row.id)).size).toBe(250);
    expect(rows[0]?.id).toBe('c0249');
    expect(rows.at(-1)?.id).toBe('c0000');
    expect(selectShownHasMore(store.getState())).toBe(false);
    await store.getState().loadMoreSearchResults();
    expect(fake.api.callLog.search).toHaveBeenCalledTimes(3);
  });

  it('keeps a result current when main reports a change to it', async () => {
    const { fake, store } = setup([makeLogEntry({ id: 'live', endAt: null, endCause: null, answerAt: T0 + 1_000 })]);
    await store.getState().setCallLogFilters({ direction: 'inbound' });
    fake.upsertLogEntry(makeLogEntry({ id: 'live', endAt: T0 + 60_000, endCause: 'completed', answerAt: T0 + 1_000 }));
    await store.getState().refreshShownCall('live');
    expect(selectShownRows(store.getState())[0]?.result).toBe('completed');
    await store.getState().refreshShownCall('not-shown');
    expect(fake.api.callLog.get).toHaveBeenCalledTimes(1);
  });
});

describe('call details', () => {
  it("shows the row at once and main's full record once it arrives", async () => {
    const { fake, store } = setup([makeLogEntry({ id: 'x', ivr: { customerNumber: 'K-1' } })]);
    await store.getState().refreshCallLog();
    const opening = store.getState().openCallDetails('x');
    expect(store.getState().callDetails).toMatchObject({ id: 'x', loading: true, entry: { id: 'x' } });
    await opening;
    expect(fake.api.callLog.get).toHaveBeenCalledWith({ id: 'x' });
    expect(store.getState().callDetails).toMatchObject({ id: 'x', loading: false, entry: { ivr: { customerNumber: 'K-1' } } });
    store.getState().closeCallDetails();
    expect(store.getState().callDetails.id).toBeNull();
  });

  it('closes with a notice when the call is gone', async () => {
    const { store } = setup([]);
    await store.getState().openCallDetails('gone');
    expect(store.getState().callDetails.id).toBeNull();
    expect(store.getState().app.notice?.message).toMatch(/no such call/);
  });
});
