// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createFakeAnlauf } from '../../test/fakeAnlauf';
import { makeLogEntry, T0 } from '../../test/fixtures';
import { createAnlaufStore } from '../index';
import { dialTargetOf, selectCallLogHasMore, selectCallLogRows, selectClientOptions, toCallLogRow } from './callLog';

describe('toCallLogRow', () => {
  it('measures talk time from answer to end', () => {
    const row = toCallLogRow(makeLogEntry({ answerAt: T0 + 5_000, endAt: T0 + 125_000 }));
    expect(row.durationMs).toBe(120_000);
    expect(row.result).toBe('completed');
  });

  it('has no duration for a missed call', () => {
    const row = toCallLogRow(makeLogEntry({ answerAt: null, endAt: T0 + 45_000, endCause: 'missed' }));
    expect(row.durationMs).toBeNull();
    expect(row.result).toBe('missed');
  });

  it('calls a row without an end ongoing', () => {
    const row = toCallLogRow(makeLogEntry({ endAt: null, endCause: null, endedBy: null }));
    expect(row.result).toBe('ongoing');
    expect(row.durationMs).toBeNull();
  });

  it('marks training calls', () => {
    expect(toCallLogRow(makeLogEntry({ line: 'training' })).isTraining).toBe(true);
    expect(toCallLogRow(makeLogEntry({ line: 'sip' })).isTraining).toBe(false);
  });
});

describe('dialTargetOf', () => {
  it('dials numbers and SIP or tel URIs, not anonymous callers', () => {
    expect(dialTargetOf(' +49 30 1234 ')).toBe('+49 30 1234');
    expect(dialTargetOf('sip:desk@example.org')).toBe('sip:desk@example.org');
    expect(dialTargetOf('tel:+4930')).toBe('tel:+4930');
    expect(dialTargetOf('anonymous')).toBeNull();
    expect(dialTargetOf('')).toBeNull();
  });
});

describe('selectCallLogRows', () => {
  it('returns the same rows until the log changes', async () => {
    const fake = createFakeAnlauf({ log: [makeLogEntry({ id: 'a' })] });
    const store = createAnlaufStore(fake.api);
    await store.getState().refreshCallLog();
    const first = selectCallLogRows(store.getState());
    expect(first.map((row) => row.id)).toEqual(['a']);
    store.getState().dismissNotice(); // an unrelated change
    expect(selectCallLogRows(store.getState())).toBe(first);

    fake.upsertLogEntry(makeLogEntry({ id: 'b', ringAt: T0 + 1 }));
    await store.getState().refreshCallLog();
    expect(selectCallLogRows(store.getState()).map((row) => row.id)).toEqual(['b', 'a']);
  });

  it('knows whether older pages remain', async () => {
    const log = Array.from({ length: 150 }, (_, i) => makeLogEntry({ id: `c${String(i).padStart(3, '0')}`, ringAt: T0 + i }));
    const store = createAnlaufStore(createFakeAnlauf({ log }).api);
    await store.getState().refreshCallLog();
    expect(selectCallLogRows(store.getState())).toHaveLength(100);
    expect(selectCallLogHasMore(store.getState())).toBe(true);
    await store.getState().loadMoreCallLog();
    expect(selectCallLogRows(store.getState())).toHaveLength(150);
    expect(selectCallLogHasMore(store.getState())).toBe(false);
  });
});

describe('selectClientOptions', () => {
  it("lists main's clients, plus the chosen one should main no longer report it, derived once", async () => {
    const store = createAnlaufStore(createFakeAnlauf({ log: [makeLogEntry({ client: 'B' }), makeLogEntry({ id: 'x', client: 'A' })] }).api);
    await store.getState().loadCallLogClients();
    expect(selectClientOptions(store.getState())).toEqual(['A', 'B']);
    expect(selectClientOptions(store.getState())).toBe(selectClientOptions(store.getState()));
    await store.getState().setCallLogFilters({ client: 'Gone GmbH' });
    expect(selectClientOptions(store.getState())).toEqual(['A', 'B', 'Gone GmbH']);
  });
});
