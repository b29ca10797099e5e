/** `YYYY-MM-DDTHH:mm` in local time, as `<input type="datetime-local">` holds it. */
export function toDateTimeLocal(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The moment a datetime-local value means in local time, or null when it is not one. */
export function fromDateTimeLocal(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d, h, min] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, m - 1, d, h, min);
  return date.getMonth() === m - 1 && date.getDate() === d ? date.getTime() : null;
}

/** The default callback time: tomorrow at this time of day, to the minute. */
export function tomorrowSameTime(now: number): number {
  const date = new Date(now);
  date.setDate(date.getDate() + 1);
  date.setSeconds(0, 0);
  return date.getTime();
}
