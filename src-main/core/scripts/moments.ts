import { parseDate } from './answers';

/**
 * Times (`HH:MM`) and date-times (`YYYY-MM-DD HH:MM`, local time) as the engine keeps them. Both
 * forms sort as text, so limits and `when` comparisons compare strings of the same form.
 */

export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const DATETIME = /^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/;

/** `HH:MM` for a time the agent typed (`9:30`, `09.30`, `14:05`), or null. */
export function parseTime(input: string): string | null {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(input.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

/**
 * `YYYY-MM-DD HH:MM` for a date-time typed or sent by the date-time input (`2026-12-03T14:30`,
 * `03.12.2026 14:30`), or null when it is not a real moment.
 */
export function parseDateTime(input: string): string | null {
  const match = /^(\S+)(?:\s+|T)(\d{1,2}[:.]\d{2})$/.exec(input.trim());
  if (!match) return null;
  const date = parseDate(match[1] as string);
  const time = parseTime(match[2] as string);
  return date && time ? `${date} ${time}` : null;
}

/** A limit as written (`now`, `today`, a time or date-time) as a value of the question's form. */
export function momentLimit(limit: string | null, input: 'time' | 'datetime', bound: 'min' | 'max', now: string): string | null {
  if (limit === null) return null;
  if (limit === 'now') return input === 'time' ? now.slice(11) : now;
  // `today` as a date-time limit means the whole day: from its first minute or up to its last.
  if (limit === 'today') return `${now.slice(0, 10)} ${bound === 'min' ? '00:00' : '23:59'}`;
  return limit;
}

/** A time or date-time as the agent reads it: `03.12.2026 14:30` in German. */
export function formatMoment(value: string, language: string): string {
  if (!DATETIME.test(value) || !language.startsWith('de')) return value;
  const [y, m, d] = value.slice(0, 10).split('-');
  return `${d}.${m}.${y} ${value.slice(11)}`;
}

/** Local `YYYY-MM-DD HH:MM` of a moment. */
export function localMinute(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Epoch ms of a local `YYYY-MM-DD HH:MM` (the callback time the wrap-up proposes). */
export function epochOfLocal(value: string): number | null {
  if (!DATETIME.test(value)) return null;
  const [date, time] = value.split(' ') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  return new Date(y, m - 1, d, h, min).getTime();
}
