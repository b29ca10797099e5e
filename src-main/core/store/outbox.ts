import type { Database, Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';

/** What a row tells the backend about; sync/ holds a payload schema for each. */
export type OutboxTopic =
  | 'call.ringing'
  | 'call.answered'
  | 'call.ended'
  | 'call.customer'
  | 'call.wrapUp'
  | 'agent.state'
  | 'agent.session'
  | 'queue.event'
  | 'callback'
  | 'callList.record'
  | 'form.submitted'
  | 'customer.upsert'
  | 'call.topics';

export interface OutboxRow {
  id: string;
  topic: string;
  entityId: string;
  payload: string;
  createdAt: number;
  attempts: number;
  lastError: string | null;
  quarantinedAt: number | null;
}

interface RawRow {
  id: string;
  topic: string;
  entity_id: string;
  payload: string;
  created_at: number;
  attempts: number;
  last_error: string | null;
  quarantined_at: number | null;
}

const toRow = (r: RawRow): OutboxRow => ({
  id: r.id,
  topic: r.topic,
  entityId: r.entity_id,
  payload: r.payload,
  createdAt: r.created_at,
  attempts: r.attempts,
  lastError: r.last_error,
  quarantinedAt: r.quarantined_at,
});

export interface OutboxStats {
  pending: number;
  oldestAt: number | null;
  quarantined: number;
}

/** What the Dispatcher may read of the outbox: the records the backend refused for good. */
export interface IOutboxQuarantine {
  quarantined(limit?: number): OutboxRow[];
}

/**
 * The outbox: every change the backend must learn, written in the same transaction as the
 * change itself. Rows leave it only when the backend confirmed them. Row ids are uuid v7, so
 * their order is the order of writing — and so the order per call.
 */
export class OutboxRepository implements IOutboxQuarantine {
  private readonly insert: Statement;
  private readonly selectPending: Statement;
  private readonly deleteOne: Statement;
  private readonly markFailed: Statement;
  private readonly markQuarantined: Statement;
  private readonly countPending: Statement;
  private readonly countQuarantined: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO outbox (id, topic, entity_id, payload, created_at) VALUES (?, ?, ?, ?, ?)');
    // A row waits while an earlier row of the same call sits in quarantine: order per call holds.
    this.selectPending = db.prepare(`
      SELECT * FROM outbox o
      WHERE o.quarantined_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM outbox q WHERE q.entity_id = o.entity_id AND q.quarantined_at IS NOT NULL AND q.id < o.id)
      ORDER BY o.id LIMIT ?`);
    this.deleteOne = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.markFailed = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = @error WHERE id = @id');
    this.markQuarantined = db.prepare('UPDATE outbox SET quarantined_at = @at, last_error = @reason WHERE id = @id');
    this.countPending = db.prepare('SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE quarantined_at IS NULL');
    this.countQuarantined = db.prepare('SELECT count(*) AS n FROM outbox WHERE quarantined_at IS NOT NULL');
  }

  /**
   * Queues a row for the backend as part of the caller's write (Signal's `JobQueue.add(data,
   * insert)`): the change and its row commit together or not at all. It opens no transaction of
   * its own, so it refuses to run outside one: a row written alone could announce a change that
   * then failed, or a change could land without its row. Returns the row's id.
   */
  enqueue(topic: OutboxTopic, entityId: string, payload: unknown, at: number): string {
    if (!this.db.inTransaction) throw new Error(`the outbox row for ${topic} ${entityId} must be written inside the transaction of its change`);
    const id = uuidv7();
    this.insert.run(id, topic, entityId, JSON.stringify(payload), at);
    return id;
  }

  pending(limit: number): OutboxRow[] {
    return (this.selectPending.all(limit) as RawRow[]).map(toRow);
  }

  delivered(ids: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.deleteOne.run(id);
    })();
  }

  failed(ids: readonly string[], error: string): void {
    this.db.transaction(() => {
      for (const id of ids) this.markFailed.run({ id, error });
    })();
  }

  quarantine(id: string, at: number, reason: string): void {
    this.markQuarantined.run({ id, at, reason: reason.slice(0, 500) });
  }

  quarantined(limit = 100): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM outbox WHERE quarantined_at IS NOT NULL ORDER BY id LIMIT ?').all(limit) as RawRow[]).map(toRow);
  }

  stats(): OutboxStats {
    const pending = this.countPending.get() as { n: number; oldest: number | null };
    const quarantined = this.countQuarantined.get() as { n: number };
    return { pending: pending.n, oldestAt: pending.oldest, quarantined: quarantined.n };
  }
}
