import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { Logger } from '../log';

const DAY_MS = 86_400_000;

/**
 * Deletes calls older than the retention period — but only calls the backend has in full: a
 * call with anything still in the outbox (waiting or quarantined) is kept, however old.
 */
export class Retention {
  private timer: unknown = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly days: () => number | null,
  ) {}

  start(): void {
    this.run();
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Purges now; returns how many calls were deleted. Runs again in six hours. */
  run(): number {
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => this.run(), DAY_MS / 4);
    const days = this.days();
    if (days === null) return 0;
    const cutoff = this.clock.now() - days * DAY_MS;
    // A call whose form still waits for the client's system stays until it is delivered; the
    // forms of a deleted call go with it.
    const deleted = this.db.transaction(() => {
      const calls = this.db
        .prepare(
          `DELETE FROM calls WHERE ring_at < ? AND end_at IS NOT NULL
             AND id NOT IN (SELECT entity_id FROM outbox)
             AND id NOT IN (SELECT call_id FROM form_submissions WHERE status = 'waiting')`,
        )
        .run(cutoff).changes;
      if (calls) this.db.prepare(`DELETE FROM form_submissions WHERE status != 'waiting' AND call_id NOT IN (SELECT id FROM calls)`).run();
      // A deleted call's topics go with it (call_topics has no foreign key: its rows come and go with the call's).
      if (calls) this.db.prepare('DELETE FROM call_topics WHERE call_id NOT IN (SELECT id FROM calls)').run();
      return calls;
    })();
    if (deleted) this.logger.log('info', 'old calls deleted after delivery', { deleted, olderThanDays: days });
    return deleted;
  }
}
