import type { LineKind, LineStatus } from '../../contract';

/** One change of a line's status, as support reads it: when, to what, and the server's words. */
export interface LineHistoryEntry {
  at: number;
  line: LineKind;
  status: LineStatus;
  /** The server's or the line's own words (English), e.g. "403 Forbidden"; null without any. */
  detail: string | null;
  /** The SIP status code where the server answered with one (a failed REGISTER), else null. */
  sipCode: number | null;
}

/**
 * 200 changes: a line that flaps every minute still shows its last hours, and a calm one its
 * whole run; the memory is a few tens of KiB at most.
 */
export const LINE_HISTORY_LIMIT = 200;

/**
 * The line's registration history in memory, oldest first and bounded: the log holds it too, but
 * the log rotates and is shared with everything else, and a support bundle wants the line's story
 * in one place. Counts what it let go, so a bundle says its history is not complete.
 */
export class LineHistory {
  private entries: LineHistoryEntry[] = [];
  private droppedCount = 0;

  constructor(private readonly limit = LINE_HISTORY_LIMIT) {}

  add(entry: Omit<LineHistoryEntry, 'sipCode'>): void {
    this.entries.push({ ...entry, sipCode: sipCodeOf(entry.detail) });
    if (this.entries.length > this.limit) {
      this.droppedCount += this.entries.length - this.limit;
      this.entries = this.entries.slice(-this.limit);
    }
  }

  contents(): { entries: LineHistoryEntry[]; dropped: number } {
    return { entries: [...this.entries], dropped: this.droppedCount };
  }
}

/** "403 Forbidden" → 403; a transport's words ("Connection Error") have none. */
function sipCodeOf(detail: string | null): number | null {
  const match = detail ? /^([1-6]\d\d)\b/.exec(detail) : null;
  return match ? Number(match[1]) : null;
}
