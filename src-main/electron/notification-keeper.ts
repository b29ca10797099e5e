/**
 * Keeps shown notifications referenced. Electron's Notification is an ordinary JS object: once the
 * code that showed it lets go, it is garbage-collected, and its 'click' handler with it — the
 * toast stays on screen but clicking it does nothing (the "callback due" notification did that).
 * So every notification stays in here until it is clicked, closed or failed. Pure bookkeeping:
 * notify.ts wires Electron's events to `release`, and the rules are unit-tested in plain Node.
 */
export interface Closable {
  close(): void;
}

export class NotificationKeeper<N extends Closable> {
  private readonly kept = new Map<string, N>();

  /** At most `limit` are kept; past it the oldest is let go (left on screen, not closed). */
  constructor(private readonly limit = 100) {}

  /** Keeps `notification` under `key`; one still kept under that key is closed and replaced. */
  keep(key: string, notification: N): void {
    const earlier = this.kept.get(key);
    if (earlier && earlier !== notification) {
      this.kept.delete(key);
      earlier.close();
    }
    this.kept.set(key, notification);
    while (this.kept.size > this.limit) {
      const oldest = this.kept.keys().next().value as string;
      this.kept.delete(oldest);
    }
  }

  /** It was clicked, closed or failed: let it go — unless a newer one has taken its key. */
  release(key: string, notification: N): void {
    if (this.kept.get(key) === notification) this.kept.delete(key);
  }

  /** Closes the one kept under `key` (a call that stopped ringing). */
  close(key: string): void {
    const notification = this.kept.get(key);
    if (!notification) return;
    this.kept.delete(key);
    notification.close();
  }

  closeAll(): void {
    const all = [...this.kept.values()];
    this.kept.clear();
    for (const notification of all) notification.close();
  }

  has(key: string): boolean {
    return this.kept.has(key);
  }

  get size(): number {
    return this.kept.size;
  }
}
