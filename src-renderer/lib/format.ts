import type { Message } from '../../src-main/contract';
/** `mm:ss`; minutes keep counting past the hour so the timer never changes shape mid-call. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Local date and time in the workstation's language. */
export function formatDateTime(epochMs: number, language: string): string {
  let format = dateTimeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' });
    dateTimeFormats.set(language, format);
  }
  return format.format(epochMs);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Local time of day in the workstation's language (for times on the same row as a full date). */
export function formatTime(epochMs: number, language: string): string {
  let format = timeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { timeStyle: 'medium' });
    timeFormats.set(language, format);
  }
  return format.format(epochMs);
}

/** The key and parameters main gave a refusal (`said` on the rejected Error), or null. */
export function errorSaid(error: unknown): Message | null {
  if (typeof error !== 'object' || error === null || !('said' in error)) return null;
  const said = error.said as { key?: unknown; params?: unknown } | null;
  return said && typeof said.key === 'string' && typeof said.params === 'object' && said.params !== null ? (said as Message) : null;
}

/** The message of anything a rejected promise carried. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Hours and minutes of a moment in the workstation's language ("14:03"); with the date in front
 * when it was not today, so "since" on a line that has been down overnight is not misread.
 */
export function formatClock(epochMs: number, language: string, now: number = Date.now()): string {
  const sameDay = new Date(epochMs).toDateString() === new Date(now).toDateString();
  const key = `${language}:${sameDay ? 't' : 'dt'}`;
  let format = clockFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'short', timeStyle: 'short' });
    clockFormats.set(key, format);
  }
  return format.format(epochMs);
}

/** How long ago a moment was, in words of the workstation's language ("3 hours ago", "vor 3 Stunden"). */
export function formatAge(epochMs: number, language: string, now: number = Date.now()): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const minutes = Math.round(Math.max(0, now - epochMs) / 60_000);
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return format.format(-hours, 'hour');
  return format.format(-Math.round(hours / 24), 'day');
}

/** How long a state lasts so far: `mm:ss`, and `h:mm:ss` from the first hour on (an agent state can last all day). */
export function formatElapsed(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 3600) return formatDuration(seconds);
  const hours = Math.floor(seconds / 3600);
  return `${hours}:${formatDuration(seconds % 3600)}`;
}

/** `m:ss` of a countdown, never below zero. */
export function formatCountdown(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
