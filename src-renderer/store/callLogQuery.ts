import type { CallDirection, CommandRequest, EndCause } from '../../src-main/contract';

/** What the agent set above the call log; strings as the inputs hold them (`''`: no filter). */
export type CallLogFilters = {
  text: string;
  client: string;
  direction: CallDirection | '';
  endCause: EndCause | '';
  /** Local calendar days as `<input type="date">` gives them (`YYYY-MM-DD`); `to` includes its day. */
  from: string;
  to: string;
};

/** A search as main takes it, without the page size and cursor. */
export type CallLogQuery = Omit<CommandRequest<'callLog:search'>, 'limit' | 'cursor'>;

export const NO_FILTERS: CallLogFilters = { text: '', client: '', direction: '', endCause: '', from: '', to: '' };

/** Main's limit on the search text. */
export const SEARCH_TEXT_MAX = 100;

/**
 * Epoch ms of local midnight starting the day `date` (`YYYY-MM-DD`), moved on by `addDays`;
 * undefined for anything that is not such a day. Built from calendar fields, so a day with a
 * daylight-saving switch still ends at the next local midnight.
 */
export function localDayStart(date: string, addDays = 0): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const start = new Date(0);
  start.setFullYear(year, month - 1, day + addDays); // unlike the constructor, keeps years below 100
  start.setHours(0, 0, 0, 0);
  const ms = start.getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** The query for the filters, or null when nothing is set and the live list should show. */
export function toCallLogQuery(filters: CallLogFilters): CallLogQuery | null {
  const query: CallLogQuery = {};
  const text = filters.text.trim().slice(0, SEARCH_TEXT_MAX);
  if (text) query.text = text;
  if (filters.client) query.client = filters.client;
  if (filters.direction) query.direction = filters.direction;
  if (filters.endCause) query.endCause = filters.endCause;
  const from = localDayStart(filters.from);
  if (from !== undefined) query.from = from;
  // "to" is the last day the agent wants to see: the query ends where the next day begins.
  const to = localDayStart(filters.to, 1);
  if (to !== undefined) query.to = to;
  return Object.keys(query).length > 0 ? query : null;
}

/** Whether anything is set that "clear" would reset, counting text typed but not yet searched. */
export function hasAnyFilter(filters: CallLogFilters, typedText: string = filters.text): boolean {
  return typedText.trim() !== '' || (Object.keys(NO_FILTERS) as (keyof CallLogFilters)[]).some((key) => key !== 'text' && filters[key] !== '');
}

export function sameQuery(a: CallLogQuery | null, b: CallLogQuery | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof CallLogQuery)[]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** Whether the list should fetch its next page: the last rendered row is within `ahead` of the end. */
export function shouldLoadMore(options: { lastIndex: number | undefined; loaded: number; hasMore: boolean; loading: boolean; ahead: number }): boolean {
  const { lastIndex, loaded, hasMore, loading, ahead } = options;
  return hasMore && !loading && lastIndex !== undefined && lastIndex >= loaded - 1 - ahead;
}
