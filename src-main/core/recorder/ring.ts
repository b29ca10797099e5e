/**
 * A ring buffer bounded by bytes and by entries: the oldest entries go first, and how many went
 * is counted, so a report of a long call says what it no longer holds. Each entry's size is its
 * JSON's UTF-8 length — what it costs in memory, in the database and in the exported file.
 */
export interface RingLimits {
  maxBytes: number;
  maxEntries: number;
}

export interface RingContents<T> {
  entries: T[];
  /** Entries dropped to keep within the bound, since the ring began. */
  dropped: number;
  bytes: number;
}

export class Ring<T> {
  private items: { value: T; size: number }[] = [];
  /** Index of the oldest live item; items before it are dropped and compacted away in batches. */
  private head = 0;
  private size = 0;
  private droppedCount = 0;

  constructor(private readonly limits: RingLimits) {}

  /** Adds an entry; one larger than the whole bound is not kept at all (and counted as dropped). */
  push(value: T, size: number = byteSize(value)): void {
    if (size > this.limits.maxBytes) {
      this.droppedCount++;
      return;
    }
    this.items.push({ value, size });
    this.size += size;
    while (this.size > this.limits.maxBytes || this.items.length - this.head > this.limits.maxEntries) {
      this.size -= this.items[this.head]!.size;
      this.head++;
      this.droppedCount++;
    }
    // Shift in batches: dropping one at a time from the front of an array costs a copy each.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Takes out (and returns) the entries `pick` selects, in order; the rest stay. */
  takeWhere(pick: (value: T) => boolean): T[] {
    const taken: T[] = [];
    const kept: { value: T; size: number }[] = [];
    for (const item of this.items.slice(this.head)) {
      if (pick(item.value)) {
        taken.push(item.value);
        this.size -= item.size;
      } else kept.push(item);
    }
    this.items = kept;
    this.head = 0;
    return taken;
  }

  get bytes(): number {
    return this.size;
  }

  contents(): RingContents<T> {
    return { entries: this.items.slice(this.head).map((item) => item.value), dropped: this.droppedCount, bytes: this.size };
  }
}

export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
