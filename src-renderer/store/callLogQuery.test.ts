import { afterEach, describe, expect, it } from 'vitest';
import { hasAnyFilter, localDayStart, NO_FILTERS, sameQuery, shouldLoadMore, toCallLogQuery } from './callLogQuery';

const HOUR = 3_600_000;
const originalTz = process.env.TZ;

afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('localDayStart', () => {
  it('is local midnight of the day, and of the days after it', () => {
    expect(localDayStart('2025-03-14')).toBe(new Date(2025, 2, 14).getTime());
    expect(localDayStart('2025-03-14', 1)).toBe(new Date(2025, 2, 15).getTime());
    expect(localDayStart('2025-12-31', 1)).toBe(new Date(2026, 0, 1).getTime());
  });

  it('ends a day with a daylight-saving switch at the next local midnight', () => {
    process.env.TZ = 'Europe/Berlin';
    const start = localDayStart('2025-03-30') ?? NaN;
    expect(new Date(start).toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect((localDayStart('2025-03-30', 1) ?? NaN) - start).toBe(23 * HOUR);
    expect((localDayStart('2025-10-26', 1) ?? NaN) - (localDayStart('2025-10-26') ?? NaN)).toBe(25 * HOUR);
  });

  it('ignores what is not a complete day', () => {
    for (const date of ['', '2025-3-14', '14.03.2025', '2025-13-01', '2025-00-10', 'garbage']) expect(localDayStart(date), date).toBeUndefined();
  });
});

describe('toCallLogQuery', () => {
  it('is null while nothing is set, so the live list shows', () => {
    expect(toCallLogQuery(NO_FILTERS)).toBeNull();
    expect(toCallLogQuery({ ...NO_FILTERS, text: '   ' })).toBeNull();
    expect(toCallLogQuery({ ...NO_FILTERS, from: '2025-03' })).toBeNull();
  });

  it('carries only what is set, the text trimmed', () => {
    expect(toCallLogQuery({ ...NO_FILTERS, text: ' 4477 ' })).toEqual({ text: '4477' });
    expect(toCallLogQuery({ ...NO_FILTERS, client: 'Stadtwerke Nord', direction: 'inbound', endCause: 'missed' })).toEqual({
      client: 'Stadtwerke Nord',
      direction: 'inbound',
      endCause: 'missed',
    });
    expect(toCallLogQuery({ ...NO_FILTERS, text: 'x'.repeat(150) })?.text).toHaveLength(100);
  });

  it('turns the date range into local day bounds, "to" ending where the next day begins', () => {
    expect(toCallLogQuery({ ...NO_FILTERS, from: '2025-03-10', to: '2025-03-14' })).toEqual({
      from: new Date(2025, 2, 10).getTime(),
      to: new Date(2025, 2, 15).getTime(),
    });
    expect(toCallLogQuery({ ...NO_FILTERS, to: '2025-03-14' })).toEqual({ to: new Date(2025, 2, 15).getTime() });
  });
});

describe('hasAnyFilter', () => {
  it('counts filters and text typed but not searched yet', () => {
    expect(hasAnyFilter(NO_FILTERS)).toBe(false);
    expect(hasAnyFilter(NO_FILTERS, '  ')).toBe(false);
    expect(hasAnyFilter(NO_FILTERS, 'eri')).toBe(true);
    expect(hasAnyFilter({ ...NO_FILTERS, text: 'eri' }, '')).toBe(false);
    expect(hasAnyFilter({ ...NO_FILTERS, to: '2025-03-14' })).toBe(true);
    expect(hasAnyFilter({ ...NO_FILTERS, endCause: 'missed' })).toBe(true);
  });
});

describe('sameQuery', () => {
  it('compares field by field', () => {
    expect(sameQuery(null, null)).toBe(true);
    expect(sameQuery({ text: 'a' }, null)).toBe(false);
    expect(sameQuery({ text: 'a', from: 1 }, { from: 1, text: 'a' })).toBe(true);
    expect(sameQuery({ text: 'a' }, { text: 'a', client: 'X' })).toBe(false);
  });
});

describe('shouldLoadMore', () => {
  const base = { loaded: 100, hasMore: true, loading: false, ahead: 30 };
  it('loads once the rendered rows come near the end of what is loaded', () => {
    expect(shouldLoadMore({ ...base, lastIndex: 60 })).toBe(false);
    expect(shouldLoadMore({ ...base, lastIndex: 69 })).toBe(true);
    expect(shouldLoadMore({ ...base, lastIndex: 99 })).toBe(true);
  });

  it('never loads twice at once, past the end, or with nothing rendered', () => {
    expect(shouldLoadMore({ ...base, lastIndex: 99, loading: true })).toBe(false);
    expect(shouldLoadMore({ ...base, lastIndex: 99, hasMore: false })).toBe(false);
    expect(shouldLoadMore({ ...base, lastIndex: undefined })).toBe(false);
  });
});
