import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { OutboxRepository } from './outbox';

export type QueueEventKind = 'login' | 'logout' | 'pause' | 'unpause';

export interface QueueEvent {
  id: string;
  queueId: string;
  event: QueueEventKind;
  at: number;
  /** A pause's not-ready reason code (`restarted` after a restart), a logout's `skill` when the skill was taken away; else null. */
  reason: string | null;
}

export interface QueueMembership {
  queueId: string;
  loggedIn: boolean;
  paused: boolean;
}

/**
 * The agent's queues as they are (which ones logged into, paused or not) and every change to them,
 * each written with its outbox record in one transaction, so a restart finds them as they were.
 */
export class QueueLogRepository {
  constructor(
    private readonly db: Database,
    private readonly outbox = new OutboxRepository(db),
  ) {}

  memberships(): QueueMembership[] {
    return (
      this.db.prepare('SELECT queue_id AS queueId, logged_in AS loggedIn, paused FROM queue_memberships WHERE logged_in = 1').all() as {
        queueId: string;
        loggedIn: number;
        paused: number;
      }[]
    ).map((row) => ({ queueId: row.queueId, loggedIn: row.loggedIn === 1, paused: row.paused === 1 }));
  }

  /** The membership after the change, and the change itself, together. */
  record(membership: QueueMembership, event: QueueEventKind, at: number, reason: string | null = null): QueueEvent {
    const record: QueueEvent = { id: uuidv7(), queueId: membership.queueId, event, at, reason };
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO queue_memberships (queue_id, logged_in, paused, changed_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (queue_id) DO UPDATE SET logged_in = excluded.logged_in, paused = excluded.paused, changed_at = excluded.changed_at`,
        )
        .run(membership.queueId, membership.loggedIn ? 1 : 0, membership.paused ? 1 : 0, at);
      this.db.prepare('INSERT INTO queue_events (id, queue_id, event, at, reason) VALUES (@id, @queueId, @event, @at, @reason)').run(record);
      this.outbox.enqueue('queue.event', record.id, record, record.at);
    })();
    return record;
  }

  recent(limit = 50): QueueEvent[] {
    return this.db.prepare('SELECT id, queue_id AS queueId, event, at, reason FROM queue_events ORDER BY at DESC, id DESC LIMIT ?').all(limit) as QueueEvent[];
  }
}
