// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { makeLogEntry, T0 } from '../test/fixtures';
import { appendPage, isOlder, mergeFirstPage, nextPageCursor } from './callLogPaging';

const entry = (id: string, ringAt: number) => makeLogEntry({ id, ringAt });

describe('call-log paging', () => {
  it('orders by ring time, then id', () => {
    expect(isOlder(entry('a', T0), entry('a', T0 + 1))).toBe(true);
    expect(isOlder(entry('a', T0), entry('b', T0))).toBe(true);
    expect(isOlder(entry('b', T0), entry('a', T0))).toBe(false);
  });

  it('pages after the last row shown', () => {
    expect(nextPageCursor([entry('b', T0 + 1), entry('a', T0)])).toEqual({ ringAt: T0, id: 'a' });
    expect(nextPageCursor([])).toBeUndefined();
  });

  it('replaces everything when the first page holds the whole log', () => {
    const merged = mergeFirstPage([entry('old', T0)], [entry('new', T0 + 5)], 3);
    expect(merged.map((e) => e.id)).toEqual(['new']);
  });

  it('keeps older pages the agent loaded, without duplicates', () => {
    const loaded = [entry('d', T0 + 4), entry('c', T0 + 3), entry('b', T0 + 2), entry('a', T0 + 1)];
    const firstPage = [entry('e', T0 + 5), entry('d', T0 + 4)];
    expect(mergeFirstPage(loaded, firstPage, 2).map((e) => e.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('shows an updated row in its new state', () => {
    const loaded = [makeLogEntry({ id: 'x', ringAt: T0, endAt: null, endCause: null })];
    const merged = mergeFirstPage(loaded, [makeLogEntry({ id: 'x', ringAt: T0, endCause: 'completed' })], 100);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.endCause).toBe('completed');
  });

  it('appends an older page without repeating rows', () => {
    const merged = appendPage([entry('c', 3), entry('b', 2)], [entry('b', 2), entry('a', 1)]);
    expect(merged.map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });
});
