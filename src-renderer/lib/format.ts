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

/** The message of anything a rejected promise carried. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}
