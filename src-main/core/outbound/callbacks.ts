import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { said, type CallbackView } from '../../contract';
import { AnlaufError } from '../errors';
import { OutboxRepository } from '../store/outbox';

export interface NewCallback {
  dueAt: number;
  number: string;
  customerName: string | null;
  customerNumber: string | null;
  clientId: string | null;
  campaignId: string | null;
  note: string | null;
  fromCallId: string | null;
}

export interface CallbackRecord extends NewCallback {
  id: string;
  state: CallbackView['state'];
  callId: string | null;
  notifiedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  due_at: number;
  number: string;
  customer_name: string | null;
  customer_number: string | null;
  client_id: string | null;
  campaign_id: string | null;
  note: string | null;
  state: CallbackView['state'];
  from_call_id: string | null;
  call_id: string | null;
  notified_at: number | null;
  created_at: number;
  updated_at: number;
}

const toRecord = (row: Row): CallbackRecord => ({
  id: row.id,
  dueAt: row.due_at,
  number: row.number,
  customerName: row.customer_name,
  customerNumber: row.customer_number,
  clientId: row.client_id,
  campaignId: row.campaign_id,
  note: row.note,
  state: row.state,
  fromCallId: row.from_call_id,
  callId: row.call_id,
  notifiedAt: row.notified_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Callbacks agreed with customers: created in the wrap-up, surfaced when due, dialled with one
 * click, done when that call is dispositioned. Each change goes to the outbox (`callback`) in the
 * same transaction, so the backend (and the team lead) learns of every promise made.
 */
export class CallbackRepository {
  /** The open callbacks as last read; every snapshot shows them, they change only on a write. */
  private cachedOpen: CallbackRecord[] | null = null;

  constructor(
    private readonly db: Database,
    private readonly outbox = new OutboxRepository(db),
  ) {}

  create(input: NewCallback, at: number): CallbackRecord {
    const record: CallbackRecord = { ...input, id: uuidv7(), state: 'open', callId: null, notifiedAt: null, createdAt: at, updatedAt: at };
    this.cachedOpen = null;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO callbacks (id, due_at, number, customer_name, customer_number, client_id, campaign_id, note, state, from_call_id, created_at, updated_at)
           VALUES (@id, @dueAt, @number, @customerName, @customerNumber, @clientId, @campaignId, @note, @state, @fromCallId, @createdAt, @updatedAt)`,
        )
        .run(record);
      this.enqueue(record, at);
    })();
    return record;
  }

  get(id: string): CallbackRecord | null {
    const row = this.db.prepare('SELECT * FROM callbacks WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** Open callbacks and those being dialled, soonest first (at most 200). */
  open(): CallbackRecord[] {
    this.cachedOpen ??= (this.db.prepare("SELECT * FROM callbacks WHERE state IN ('open', 'dialed') ORDER BY due_at, id LIMIT 200").all() as Row[]).map(
      toRecord,
    );
    return this.cachedOpen;
  }

  /** Open callbacks due by `now` that the agent was not told about yet. */
  dueUnnotified(now: number): CallbackRecord[] {
    return (this.db.prepare("SELECT * FROM callbacks WHERE state = 'open' AND due_at <= ? AND notified_at IS NULL ORDER BY due_at").all(now) as Row[]).map(
      toRecord,
    );
  }

  markNotified(id: string, at: number): void {
    this.cachedOpen = null;
    this.db.prepare('UPDATE callbacks SET notified_at = ? WHERE id = ?').run(at, id);
  }

  /** The callback is being called back on `callId`. */
  dialed(id: string, callId: string, at: number): CallbackRecord {
    return this.change(id, at, (record) => {
      if (record.state !== 'open' && record.state !== 'dialed')
        throw new AnlaufError('callback.notOpen', { state: said(`callbackState.${record.state}`, {}) }, 'conflict');
      return { state: 'dialed', callId };
    });
  }

  /** Back to open (the call did not reach the customer and the agent will try again). */
  reopen(id: string, at: number): CallbackRecord {
    return this.change(id, at, () => ({ state: 'open', callId: null }));
  }

  done(id: string, at: number): CallbackRecord {
    return this.change(id, at, () => ({ state: 'done' }));
  }

  cancel(id: string, at: number): CallbackRecord {
    return this.change(id, at, (record) => {
      if (record.state === 'done') throw new AnlaufError('callback.alreadyMade', {}, 'conflict');
      return { state: 'cancelled' };
    });
  }

  private change(id: string, at: number, update: (record: CallbackRecord) => Partial<Pick<CallbackRecord, 'state' | 'callId'>>): CallbackRecord {
    this.cachedOpen = null;
    return this.db.transaction(() => {
      const record = this.get(id);
      if (!record) throw new AnlaufError('callback.notFound', {}, 'not-found');
      const next = { ...record, ...update(record), updatedAt: at };
      this.db.prepare('UPDATE callbacks SET state = @state, call_id = @callId, updated_at = @updatedAt WHERE id = @id').run(next);
      this.enqueue(next, at);
      return next;
    })();
  }

  private enqueue(record: CallbackRecord, at: number): void {
    const { notifiedAt: _notified, ...payload } = record;
    this.outbox.enqueue('callback', record.id, payload, at);
  }
}
