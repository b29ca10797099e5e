import type { Snapshot } from '../contract';
import { Emitter } from './events';

/** What the Dispatcher may ask of the snapshots: the renderers' picture of the desk as it is now. */
export interface ISnapshots {
  snapshot(): Snapshot;
}

/**
 * The renderers' snapshots, numbered, with the changes of one tick coalesced into one. What a
 * snapshot holds is the composition root's to say, as it knows every service; when one goes out
 * is said here, and none does once the database it reads is closed.
 */
export class Snapshots implements ISnapshots {
  private revision = 0;
  /** After close(): the database is closed, nothing may read it for a snapshot any more. */
  private closed = false;
  private queued = false;
  private readonly changed = new Emitter<Snapshot>();
  /** A new snapshot, one revision on. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly build: (revision: number) => Snapshot,
    /** Whether what the snapshot reads can still be read (the database is open). */
    private readonly readable: () => boolean,
  ) {}

  snapshot(): Snapshot {
    return this.build(this.revision);
  }

  /** Coalesces the changes of one tick into one snapshot. */
  queue(): void {
    if (this.queued || this.closed) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (this.closed || !this.readable()) return;
      this.revision++;
      this.changed.fire(this.snapshot());
    });
  }

  /** No snapshot goes out any more, not even one already queued. */
  close(): void {
    this.closed = true;
  }
}
