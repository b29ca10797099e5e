/**
 * Dates for form fields: checked calendar dates (2026-02-30 is refused), the bounds a trainer
 * writes relative to the day the form is filled (`today`, `now`, `+14d`, `-1y`), all in the
 * workstation's local time, as the agent and the caller read the calendar.
 */

export const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
/** `today`, `now`, or a signed count of days, weeks, months or years from today. */
export const RELATIVE = /^(today|now|[+-]\d{1,4}[dwmy])$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Whether year, month and day make a day of the calendar. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export function isDateTime(text: string): boolean {
  const m = DATETIME.exec(text);
  return !!m && isCalendarDate(text.slice(0, 10)) && Number(m[4]) < 24 && Number(m[5]) < 60;
}

export function localDate(at: Date): string {
  return `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

export function localDateTime(at: Date): string {
  return `${localDate(at)}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** Whether a bound is written in a way the checks can use. */
export function isBound(value: string, withTime: boolean): boolean {
  return RELATIVE.test(value) || isCalendarDate(value) || (withTime && isDateTime(value));
}

/**
 * A bound as a date (`YYYY-MM-DD`) or, with `withTime`, a date-time (`YYYY-MM-DDTHH:MM`; a date
 * alone counts from midnight, `now` is the minute). Null for a bound that is not written well
 * (the loader refuses those).
 */
export function resolveBound(value: string, now: Date, withTime: boolean): string | null {
  if (value === 'now') return withTime ? localDateTime(now) : localDate(now);
  if (value === 'today') return withTime ? `${localDate(now)}T00:00` : localDate(now);
  const relative = /^([+-]\d{1,4})([dwmy])$/.exec(value);
  if (relative) {
    const n = Number(relative[1]);
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    if (relative[2] === 'd') day.setDate(day.getDate() + n);
    else if (relative[2] === 'w') day.setDate(day.getDate() + 7 * n);
    else if (relative[2] === 'm') day.setMonth(day.getMonth() + n);
    else day.setFullYear(day.getFullYear() + n);
    return withTime ? `${localDate(day)}T00:00` : localDate(day);
  }
  if (isCalendarDate(value)) return withTime ? `${value}T00:00` : value;
  if (withTime && isDateTime(value)) return value;
  return null;
}

/** `24.12.2026` as the German agent types it, to `2026-12-24`; anything else unchanged. */
export function isoDate(text: string): string {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (german) return `${german[3]}-${pad(Number(german[2]))}-${pad(Number(german[1]))}`;
  return text.trim();
}

/** A date-time typed with a space or a German date, to `YYYY-MM-DDTHH:MM`. */
export function isoDateTime(text: string): string {
  const t = text.trim();
  const m = /^(\S+)[ T](\d{1,2}):(\d{2})$/.exec(t);
  if (!m) return t;
  return `${isoDate(m[1] as string)}T${pad(Number(m[2]))}:${m[3]}`;
}
