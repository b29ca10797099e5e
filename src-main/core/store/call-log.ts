import type { Database, Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { CallLogEntry, EndCause, EndedBy, IvrData } from '../../contract';

interface CallRow {
  id: string;
  line: CallLogEntry['line'];
  direction: CallLogEntry['direction'];
  remote_number: string;
  remote_name: string | null;
  dialed_number: string | null;
  client: string | null;
  campaign: string | null;
  ivr_json: string;
  ring_at: number;
  answer_at: number | null;
  end_at: number | null;
  end_cause: EndCause | null;
  ended_by: EndedBy | null;
  transfer_target: string | null;
}

export interface NewCall {
  id: string;
  line: CallLogEntry['line'];
  direction: CallLogEntry['direction'];
  remoteNumber: string;
  remoteName: string | null;
  dialedNumber: string | null;
  client: string | null;
  campaign: string | null;
  ivr: IvrData;
  sipCallId?: string | null;
  ringAt: number;
}

export interface ListQuery {
  limit: number;
  before?: { ringAt: number; id: string };
}

function toEntry(row: CallRow): CallLogEntry {
  let ivr: IvrData = {};
  try {
    ivr = JSON.parse(row.ivr_json) as IvrData;
  } catch {
    // A damaged IVR column must not hide the call itself.
  }
  return {
    id: row.id,
    line: row.line,
    direction: row.direction,
    remoteNumber: row.remote_number,
    remoteName: row.remote_name,
    dialedNumber: row.dialed_number,
    client: row.client,
    campaign: row.campaign,
    ivr,
    ringAt: row.ring_at,
    answerAt: row.answer_at,
    endAt: row.end_at,
    endCause: row.end_cause,
    endedBy: row.ended_by,
    transferTarget: row.transfer_target,
  };
}

/**
 * The call log. A call gets its row when it starts ringing (so missed calls are logged too) and
 * is completed on answer and end; each change writes an outbox row in the same transaction.
 */
export class CallLogRepository {
  private readonly insertCall: Statement;
  private readonly updateAnswer: Statement;
  private readonly updateEnd: Statement;
  private readonly selectById: Statement;
  private readonly insertOutbox: Statement;
  private readonly selectFirstPage: Statement;
  private readonly selectPageBefore: Statement;
  private readonly countAll: Statement;

  constructor(private readonly db: Database) {
    this.insertCall = db.prepare(`
      INSERT INTO calls (id, line, direction, remote_number, remote_name, dialed_number, client, campaign,
                         ivr_json, sip_call_id, ring_at, updated_at)
      VALUES (@id, @line, @direction, @remoteNumber, @remoteName, @dialedNumber, @client, @campaign,
              @ivrJson, @sipCallId, @ringAt, @ringAt)`);
    this.updateAnswer = db.prepare(
      'UPDATE calls SET answer_at = @at, updated_at = @at WHERE id = @id AND answer_at IS NULL AND end_at IS NULL',
    );
    this.updateEnd = db.prepare(
      'UPDATE calls SET end_at = @at, end_cause = @cause, ended_by = @by, transfer_target = @transferTarget, updated_at = @at WHERE id = @id AND end_at IS NULL',
    );
    this.selectById = db.prepare('SELECT * FROM calls WHERE id = ?');
    this.insertOutbox = db.prepare(
      'INSERT INTO outbox (id, topic, entity_id, payload, created_at) VALUES (@id, @topic, @entityId, @payload, @createdAt)',
    );
    this.selectFirstPage = db.prepare('SELECT * FROM calls ORDER BY ring_at DESC, id DESC LIMIT ?');
    this.selectPageBefore = db.prepare(
      'SELECT * FROM calls WHERE (ring_at, id) < (@ringAt, @id) ORDER BY ring_at DESC, id DESC LIMIT @limit',
    );
    this.countAll = db.prepare('SELECT count(*) AS n FROM calls');
  }

  recordRinging(call: NewCall): CallLogEntry {
    return this.db.transaction(() => {
      this.insertCall.run({
        ...call,
        ivrJson: JSON.stringify(call.ivr),
        sipCallId: call.sipCallId ?? null,
      });
      const entry = this.mustGet(call.id);
      this.enqueue('call.ringing', call.id, entry, call.ringAt);
      return entry;
    })();
  }

  recordAnswered(id: string, at: number): CallLogEntry {
    return this.db.transaction(() => {
      this.updateAnswer.run({ id, at });
      const entry = this.mustGet(id);
      this.enqueue('call.answered', id, entry, at);
      return entry;
    })();
  }

  recordEnded(id: string, at: number, cause: EndCause, by: EndedBy, transferTarget: string | null = null): CallLogEntry {
    return this.db.transaction(() => {
      this.updateEnd.run({ id, at, cause, by, transferTarget });
      const entry = this.mustGet(id);
      this.enqueue('call.ended', id, entry, at);
      return entry;
    })();
  }

  get(id: string): CallLogEntry | null {
    const row = this.selectById.get(id) as CallRow | undefined;
    return row ? toEntry(row) : null;
  }

  list(query: ListQuery): CallLogEntry[] {
    const rows = query.before
      ? (this.selectPageBefore.all({ ...query.before, limit: query.limit }) as CallRow[])
      : (this.selectFirstPage.all(query.limit) as CallRow[]);
    return rows.map(toEntry);
  }

  count(): number {
    return (this.countAll.get() as { n: number }).n;
  }

  /** Every call, newest first, read lazily so an export of a million calls stays small in memory. */
  *iterateAll(): Generator<CallLogEntry> {
    const stmt = this.db.prepare('SELECT * FROM calls ORDER BY ring_at DESC, id DESC');
    for (const row of stmt.iterate() as Iterable<CallRow>) yield toEntry(row);
  }

  /** Calls still open (no end time): left over when the app was killed during a call. */
  openCalls(): CallLogEntry[] {
    return (this.db.prepare('SELECT * FROM calls WHERE end_at IS NULL ORDER BY ring_at').all() as CallRow[]).map(toEntry);
  }

  pendingOutboxCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM outbox WHERE quarantined_at IS NULL').get() as { n: number }).n;
  }

  private mustGet(id: string): CallLogEntry {
    const entry = this.get(id);
    if (!entry) throw new Error(`call ${id} is not in the call log`);
    return entry;
  }

  private enqueue(topic: string, entityId: string, entry: CallLogEntry, createdAt: number): void {
    this.insertOutbox.run({ id: uuidv7(), topic, entityId, payload: JSON.stringify(entry), createdAt });
  }
}
