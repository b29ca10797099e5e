/**
 * A ring buffer bounded by bytes and by entries: the oldest entries go first, and how many went
 * is counted, so a report of a long call says what it no longer holds. `bytes` is the UTF-8 length
 * of the entries as one JSON array (each entry's JSON and its comma, and the brackets): what the
 * ring costs in the database and in the exported file, and about what it costs in memory when
 * entries are kept as their JSON text (as the flight recorder does).
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
  // Two plain arrays rather than one object per entry: for a ring of small entries the objects
  // would cost more than the entries (bench/flight-recorder.bench.ts).
  /** Dropped values are nulled at once (their memory goes) and their slots compacted away in batches. */
  private values: (T | null)[] = [];
  private sizes: number[] = [];
  /** Index of the oldest live entry. */
  private head = 0;
  /** The JSON array's length: '[' + entries joined by ',' + ']' = 1 + Σ(size + 1). */
  private size = 1;
  private droppedCount = 0;

  constructor(private readonly limits: RingLimits) {}

  /** Adds an entry; one larger than the whole bound is not kept at all (and counted as dropped). */
  push(value: T, entrySize: number = byteSize(value)): void {
    const size = entrySize + 1;
    if (1 + size > this.limits.maxBytes) {
      this.droppedCount++;
      return;
    }
    this.values.push(value);
    this.sizes.push(size);
    this.size += size;
    while (this.size > this.limits.maxBytes || this.values.length - this.head > this.limits.maxEntries) {
      this.size -= this.sizes[this.head]!;
      this.values[this.head] = null;
      this.head++;
      this.droppedCount++;
    }
    // Shift in batches: dropping one at a time from the front of an array costs a copy each.
    if (this.head > 256 && this.head * 4 > this.values.length) this.compact();
  }

  /** Takes out (and returns) the entries `pick` selects, in order; the rest stay. */
  takeWhere(pick: (value: T) => boolean): T[] {
    this.compact();
    const taken: T[] = [];
    const values: T[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < this.values.length; i++) {
      const value = this.values[i] as T;
      if (pick(value)) {
        taken.push(value);
        this.size -= this.sizes[i]!;
      } else {
        values.push(value);
        sizes.push(this.sizes[i]!);
      }
    }
    this.values = values;
    this.sizes = sizes;
    return taken;
  }

  get bytes(): number {
    return this.values.length > this.head ? this.size : 2;
  }

  contents(): RingContents<T> {
    return { entries: this.values.slice(this.head) as T[], dropped: this.droppedCount, bytes: this.bytes };
  }

  private compact(): void {
    this.values = this.values.slice(this.head);
    this.sizes = this.sizes.slice(this.head);
    this.head = 0;
  }
}

export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
