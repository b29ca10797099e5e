import type { Database, Statement } from 'better-sqlite3';
import { callTopicsOf } from './call-topics';
import { qualitySummarySchema, type CallLogEntry, type EndCause, type EndedBy, type EndReason, type IvrData, type QualitySummary } from '../../contract';
import { callLogForms } from './form-submissions';
import { OutboxRepository } from './outbox';

interface CallRow {
  id: string;
  line: CallLogEntry['line'];
  direction: CallLogEntry['direction'];
  remote_number: string;
  remote_name: string | null;
  dialed_number: string | null;
  client: string | null;
  campaign: string | null;
  queue: string | null;
  ivr_json: string;
  ring_at: number;
  answer_at: number | null;
  end_at: number | null;
  end_cause: EndCause | null;
  ended_by: EndedBy | null;
  end_reason: EndReason | null;
  quality_json: string | null;
  transfer_target: string | null;
  sip_call_id: string | null;
  customer_number: string | null;
  customer_name: string | null;
  disposition: string | null;
  disposition_label: string | null;
  note: string | null;
  wrap_up: 'pending' | 'done' | null;
  wrap_up_at: number | null;
  script_id: string | null;
  script_version: number | null;
  script_title: string | null;
  script_state_json: string | null;
  answers_json: string;
  client_id: string | null;
  campaign_id: string | null;
  call_list_record_id: string | null;
  callback_id: string | null;
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
  /** The queue the call came through; its name is logged. */
  queue?: { id: string; name: string } | null;
  ivr: IvrData;
  sipCallId?: string | null;
  ringAt: number;
}

export interface CallLogQuery {
  text?: string;
  client?: string;
  disposition?: string;
  direction?: CallLogEntry['direction'];
  endCause?: EndCause;
  /** Calls that started ringing at or after this moment (epoch ms)… */
  from?: number;
  /** …and before this one. */
  to?: number;
  limit: number;
  cursor?: number;
}

/**
 * What a call is found by: its numbers as digits, and its words. The index and the direct read of
 * a short date range use these same expressions, so both ways find the same calls.
 */
const searchDigits = (t: string) => `anlauf_digits(${t}remote_number) || ' ' || coalesce(anlauf_digits(${t}dialed_number), '')`;
const searchWords = (t: string) =>
  `concat_ws(' ', ${t}remote_number, ${t}remote_name, ${t}customer_number, ${t}customer_name, ${t}client, ${t}campaign, ${t}form_titles)`;

/** Up to this many calls in a date range are read directly rather than through the text index. */
const SMALL_WINDOW = 50_000;

/** One FTS5 string literal: the user's text is data, never query syntax. */
function quoteFts(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
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
    queue: row.queue,
    ivr,
    ringAt: row.ring_at,
    answerAt: row.answer_at,
    endAt: row.end_at,
    endCause: row.end_cause,
    endedBy: row.ended_by,
    endReason: row.end_reason ?? null,
    transferTarget: row.transfer_target,
    sipCallId: row.sip_call_id,
    customerNumber: row.customer_number,
    customerName: row.customer_name,
    disposition: row.disposition,
    dispositionLabel: row.disposition_label,
    note: row.note,
    wrapUpAt: row.wrap_up_at,
    script: row.script_id ? { id: row.script_id, version: row.script_version, title: row.script_title ?? row.script_id } : null,
    answers: parseAnswers(row.answers_json),
    quality: parseQuality(row.quality_json),
  };
}

function parseQuality(json: string | null): QualitySummary | null {
  if (!json) return null;
  try {
    const parsed = qualitySummarySchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    // A damaged summary must not hide the call itself.
    return null;
  }
}

function parseAnswers(json: string): CallLogEntry['answers'] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as CallLogEntry['answers']) : [];
  } catch {
    return [];
  }
}

/** What the Dispatcher may read of the call log: the window's list, search and export. */
export interface ICallLogQueries {
  get(id: string): CallLogEntry | null;
  list(query: ListQuery): CallLogEntry[];
  search(query: CallLogQuery): { entries: CallLogEntry[]; nextCursor: number | null };
  searchAll(query: Omit<CallLogQuery, 'limit' | 'cursor'>, max: number): Iterable<CallLogEntry>;
  clients(): string[];
  count(): number;
}

/**
 * The call log. A call gets its row when it starts ringing (so missed calls are logged too) and
 * is completed on answer and end; each change writes an outbox row in the same transaction.
 */
export class CallLogRepository implements ICallLogQueries {
  private readonly insertCall: Statement;
  private readonly updateAnswer: Statement;
  private readonly updateEnd: Statement;
  private readonly selectById: Statement;
  private readonly selectFirstPage: Statement;
  private readonly selectPageBefore: Statement;
  private readonly countAll: Statement;

  constructor(
    private readonly db: Database,
    private readonly outbox = new OutboxRepository(db),
  ) {
    this.insertCall = db.prepare(`
      INSERT INTO calls (id, line, direction, remote_number, remote_name, dialed_number, client, campaign, queue,
                         ivr_json, sip_call_id, customer_number, ring_at, updated_at)
      VALUES (@id, @line, @direction, @remoteNumber, @remoteName, @dialedNumber, @client, @campaign, @queue,
              @ivrJson, @sipCallId, @customerNumber, @ringAt, @ringAt)`);
    this.updateAnswer = db.prepare('UPDATE calls SET answer_at = @at, updated_at = @at WHERE id = @id AND answer_at IS NULL AND end_at IS NULL');
    this.updateEnd = db.prepare(
      'UPDATE calls SET end_at = @at, end_cause = @cause, ended_by = @by, end_reason = @reason, transfer_target = @transferTarget, quality_json = @qualityJson, updated_at = @at WHERE id = @id AND end_at IS NULL',
    );
    this.selectById = db.prepare('SELECT * FROM calls WHERE id = ?');
    this.selectFirstPage = db.prepare('SELECT * FROM calls ORDER BY ring_at DESC, id DESC LIMIT ?');
    this.selectPageBefore = db.prepare('SELECT * FROM calls WHERE (ring_at, id) < (@ringAt, @id) ORDER BY ring_at DESC, id DESC LIMIT @limit');
    this.countAll = db.prepare('SELECT count(*) AS n FROM calls');
    this.ringing = db.transaction((call: NewCall) => this.ringingTx(call));
    this.answeredStep = db.transaction((id: string, at: number) => this.answeredTx(id, at));
    this.endedStep = db.transaction(
      (id: string, at: number, cause: EndCause, by: EndedBy, transferTarget: string | null, reason: EndReason | null, quality: QualitySummary | null) =>
        this.endedTx(id, at, cause, by, transferTarget, reason, quality),
    );
  }

  // Each step is one transaction: the change, read back with RETURNING, and its outbox record.
  private readonly ringingTx = (call: NewCall): CallLogEntry => {
    // A new call is exactly what was written: no need to read it back.
    const entry: CallLogEntry = {
      id: call.id,
      line: call.line,
      direction: call.direction,
      remoteNumber: call.remoteNumber,
      remoteName: call.remoteName,
      dialedNumber: call.dialedNumber,
      client: call.client,
      campaign: call.campaign,
      queue: call.queue?.name ?? null,
      ivr: call.ivr,
      customerNumber: call.ivr.customerNumber ?? null,
      customerName: null,
      disposition: null,
      dispositionLabel: null,
      note: null,
      wrapUpAt: null,
      script: null,
      answers: [],
      ringAt: call.ringAt,
      answerAt: null,
      endAt: null,
      endCause: null,
      endedBy: null,
      endReason: null,
      transferTarget: null,
      sipCallId: call.sipCallId ?? null,
      quality: null,
    };
    this.insertCall.run({ ...entry, ivrJson: JSON.stringify(call.ivr) });
    this.outbox.enqueue('call.ringing', call.id, entry, call.ringAt);
    this.open.set(call.id, entry);
    return entry;
  };

  private readonly answeredTx = (id: string, at: number): CallLogEntry => {
    const changed = this.updateAnswer.run({ id, at }).changes > 0;
    const known = this.open.get(id);
    const entry = changed && known ? { ...known, answerAt: at } : this.mustGet(id);
    if (this.open.has(id)) this.open.set(id, entry);
    this.outbox.enqueue('call.answered', id, entry, at);
    return entry;
  };

  private readonly endedTx = (
    id: string,
    at: number,
    cause: EndCause,
    by: EndedBy,
    transferTarget: string | null,
    reason: EndReason | null,
    quality: QualitySummary | null,
  ): CallLogEntry => {
    const changed = this.updateEnd.run({ id, at, cause, by, transferTarget, reason, qualityJson: quality ? JSON.stringify(quality) : null }).changes > 0;
    const known = this.open.get(id);
    const entry = changed && known ? { ...known, endAt: at, endCause: cause, endedBy: by, endReason: reason, transferTarget, quality } : this.mustGet(id);
    this.open.delete(id);
    this.outbox.enqueue('call.ended', id, entry, at);
    return entry;
  };

  /** Calls still ringing or talking, as last written: their next step needs no read-back. */
  private readonly open = new Map<string, CallLogEntry>();

  private readonly ringing: (call: NewCall) => CallLogEntry;
  private readonly answeredStep: (id: string, at: number) => CallLogEntry;
  private readonly endedStep: (
    id: string,
    at: number,
    cause: EndCause,
    by: EndedBy,
    transferTarget: string | null,
    reason: EndReason | null,
    quality: QualitySummary | null,
  ) => CallLogEntry;

  recordRinging(call: NewCall): CallLogEntry {
    return this.ringing(call);
  }

  recordAnswered(id: string, at: number): CallLogEntry {
    return this.answeredStep(id, at);
  }

  /** `reason`: why the media could not be agreed, for a call that failed that way; `quality`: its talk time's summary. */
  recordEnded(
    id: string,
    at: number,
    cause: EndCause,
    by: EndedBy,
    transferTarget: string | null = null,
    reason: EndReason | null = null,
    quality: QualitySummary | null = null,
  ): CallLogEntry {
    return this.endedStep(id, at, cause, by, transferTarget, reason, quality);
  }

  /** The customer the call is with (picked on the card, or the screen-pop's only match). */
  recordCustomer(id: string, customer: { customerNumber: string | null; name: string }, at: number): CallLogEntry {
    return this.db.transaction(() => {
      const changed =
        this.db
          .prepare('UPDATE calls SET customer_number = coalesce(@customerNumber, customer_number), customer_name = @name, updated_at = @at WHERE id = @id')
          .run({ id, at, customerNumber: customer.customerNumber, name: customer.name }).changes > 0;
      if (!changed) throw new Error(`the call ${id} is not in the call log`);
      const entry = this.mustGet(id);
      if (this.open.has(id)) this.open.set(id, entry);
      this.outbox.enqueue('call.customer', id, entry, at);
      return entry;
    })();
  }

  /** Who the call is for, by id (the names are in client/campaign), and what it was placed for. */
  recordPurpose(
    id: string,
    purpose: { clientId: string | null; campaignId: string | null; callListRecordId?: string | null; callbackId?: string | null },
  ): void {
    this.db
      .prepare(
        'UPDATE calls SET client_id = @clientId, campaign_id = @campaignId, call_list_record_id = coalesce(@callListRecordId, call_list_record_id), callback_id = coalesce(@callbackId, callback_id) WHERE id = @id',
      )
      .run({
        id,
        clientId: purpose.clientId,
        campaignId: purpose.campaignId,
        callListRecordId: purpose.callListRecordId ?? null,
        callbackId: purpose.callbackId ?? null,
      });
  }

  /** The script followed on the call and the walk so far (kept on every step, so nothing typed is lost). */
  recordScript(id: string, script: { id: string; version: number | null; title: string }, state: unknown, answers: CallLogEntry['answers']): void {
    this.db
      .prepare(
        'UPDATE calls SET script_id = @scriptId, script_version = @version, script_title = @title, script_state_json = @state, answers_json = @answers WHERE id = @id',
      )
      .run({ id, scriptId: script.id, version: script.version, title: script.title, state: JSON.stringify(state), answers: JSON.stringify(answers) });
  }

  /** The ended call now waits for its disposition (survives a restart). */
  beginWrapUp(id: string): void {
    this.db.prepare("UPDATE calls SET wrap_up = 'pending' WHERE id = ? AND wrap_up IS NULL").run(id);
  }

  /** The note typed so far in the wrap-up. */
  saveNote(id: string, note: string): void {
    this.db.prepare("UPDATE calls SET note = ? WHERE id = ? AND wrap_up = 'pending'").run(note, id);
  }

  /** The disposition, note and answers: one transaction with its outbox record (`call.wrapUp`). */
  recordWrapUp(id: string, wrapUp: { code: string; label: string; note: string | null; answers: CallLogEntry['answers']; at: number }): CallLogEntry {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          "UPDATE calls SET wrap_up = 'done', wrap_up_at = @at, disposition = @code, disposition_label = @label, note = @note, answers_json = @answers, updated_at = @at WHERE id = @id AND (wrap_up IS NULL OR wrap_up = 'pending')",
        )
        .run({ id, at: wrapUp.at, code: wrapUp.code, label: wrapUp.label, note: wrapUp.note, answers: JSON.stringify(wrapUp.answers) }).changes;
      if (changed === 0) throw new Error(`the call ${id} has no wrap-up waiting`);
      const entry = this.mustGet(id);
      this.outbox.enqueue('call.wrapUp', id, entry, wrapUp.at);
      return entry;
    })();
  }

  /** Calls whose wrap-up was still open when the workstation stopped, oldest first. */
  pendingWrapUps(): (CallLogEntry & {
    clientId: string | null;
    campaignId: string | null;
    callListRecordId: string | null;
    callbackId: string | null;
    scriptState: unknown;
  })[] {
    const rows = this.db.prepare("SELECT * FROM calls WHERE wrap_up = 'pending' ORDER BY end_at, id").all() as CallRow[];
    return rows.map((row) => {
      let scriptState: unknown = null;
      try {
        scriptState = row.script_state_json ? JSON.parse(row.script_state_json) : null;
      } catch {
        scriptState = null;
      }
      return {
        ...toEntry(row),
        clientId: row.client_id,
        campaignId: row.campaign_id,
        callListRecordId: row.call_list_record_id,
        callbackId: row.callback_id,
        scriptState,
      };
    });
  }

  /**
   * A customer's recent calls, newest first: calls recorded with their customer number, and calls
   * from or to any of their numbers (each given as digits that end the number, e.g. the national
   * number `301234567`, so every notation the line reported is found).
   */
  recentForCustomer(customerNumber: string | null, numberDigits: readonly string[], limit: number): CallLogEntry[] {
    const found = new Map<string, CallLogEntry>();
    const add = (entries: readonly CallLogEntry[]) => {
      for (const entry of entries) found.set(entry.id, entry);
    };
    if (customerNumber)
      add(
        (this.db.prepare('SELECT * FROM calls WHERE customer_number = ? ORDER BY ring_at DESC LIMIT ?').all(customerNumber, limit) as CallRow[]).map(toEntry),
      );
    for (const digits of numberDigits) {
      if (digits.length < 4) continue;
      const { entries } = this.search({ text: digits, limit });
      add(entries.filter((entry) => entry.remoteNumber.replace(/\D/g, '').endsWith(digits)));
    }
    return [...found.values()].sort((a, b) => b.ringAt - a.ringAt || b.id.localeCompare(a.id)).slice(0, limit);
  }

  /**
   * Brings the search index up to date with the calls written since it last ran (one
   * transaction, usually a handful of rows). Returns how many calls it indexed.
   */
  indexForSearch(): number {
    return this.db.transaction(() => {
      const from = Number(this.db.prepare("SELECT value FROM meta WHERE key = 'search_indexed_rowid'").pluck().get() ?? 0);
      const to = Number(this.db.prepare('SELECT coalesce(max(rowid), 0) FROM calls').pluck().get());
      if (to <= from) return 0;
      const added = this.db
        .prepare(
          `INSERT INTO calls_search (rowid, digits, words)
           SELECT rowid, ${searchDigits('')}, ${searchWords('')}
           FROM calls WHERE rowid > ? AND rowid <= ?`,
        )
        .run(from, to).changes;
      this.db.prepare("UPDATE meta SET value = ? WHERE key = 'search_indexed_rowid'").run(String(to));
      return added;
    })();
  }

  get(id: string): CallLogEntry | null {
    const row = this.selectById.get(id) as CallRow | undefined;
    return row ? (this.withTopics(this.withForms([toEntry(row)]))[0] ?? null) : null;
  }

  list(query: ListQuery): CallLogEntry[] {
    const rows = query.before
      ? (this.selectPageBefore.all({ ...query.before, limit: query.limit }) as CallRow[])
      : (this.selectFirstPage.all(query.limit) as CallRow[]);
    return this.withTopics(this.withForms(rows.map(toEntry)));
  }

  /**
   * The entries with the forms submitted on them, as the window, the details and the export show
   * them (bank details masked). Not in the outbox's call records: the backend gets each form as
   * its own `form.submitted` record.
   */
  private withForms(entries: CallLogEntry[]): CallLogEntry[] {
    const forms = callLogForms(
      this.db,
      entries.map((entry) => entry.id),
    );
    if (forms.size === 0) return entries;
    return entries.map((entry) => {
      const list = forms.get(entry.id);
      return list ? { ...entry, forms: list } : entry;
    });
  }

  /**
   * Search, newest first: `text` finds any part (3+ characters) of a number — typed with or
   * without spaces, +, dashes — or of a name, customer number, client, campaign or a form's title; the filters
   * narrow it down. Pages by `cursor` (the last page's `nextCursor`).
   */
  search(query: CallLogQuery): { entries: CallLogEntry[]; nextCursor: number | null } {
    if (query.text?.trim() && query.cursor === undefined) this.indexForSearch();
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit + 1 };
    let from = 'calls c';
    // With the full-text index in play, order and bound by its rowid so FTS5 walks its lists
    // newest first and stops at the page size (the same rowid as the call's).
    let rowid = 'c.rowid';
    const text = query.text?.trim() ?? '';
    // A short date range holds few calls: reading them beats walking the index's long lists.
    const window = query.from !== undefined && query.to !== undefined ? this.rowidWindow(query.from, query.to) : null;
    if (text) {
      // National (0…) and international (00…) prefixes are not stored: +49 40 … is found by 040 ….
      const digits = text.replace(/[\s()+\-/.]/g, '').replace(/^00?/, '');
      const isNumber = /^\d+$/.test(digits);
      const fts = isNumber ? `digits : ${quoteFts(digits)}` : `words : ${quoteFts(text)}`;
      if (window && window.size <= SMALL_WINDOW) {
        if (isNumber) {
          where.push(`instr(${searchDigits('c.')}, @needle) > 0`);
          params.needle = digits;
        } else {
          where.push(`instr(lower(${searchWords('c.')}), lower(@needle)) > 0`);
          params.needle = text;
        }
      } else if ((isNumber ? digits : text).length >= 3) {
        from = 'calls_search s JOIN calls c ON c.rowid = s.rowid';
        rowid = 's.rowid';
        where.push('calls_search MATCH @fts');
        params.fts = fts;
      } else {
        // Too short for the trigram index: a prefix of the number or the name.
        where.push('(c.remote_number LIKE @prefix OR c.remote_name LIKE @prefix OR c.customer_number LIKE @prefix)');
        params.prefix = `${text.replace(/[%_]/g, '')}%`;
      }
    }
    if (query.client) {
      where.push('c.client = @client');
      params.client = query.client;
    }
    if (query.disposition) {
      where.push('c.disposition = @disposition');
      params.disposition = query.disposition;
    }
    if (query.direction) {
      where.push('c.direction = @direction');
      params.direction = query.direction;
    }
    if (query.endCause) {
      where.push('c.end_cause = @endCause');
      params.endCause = query.endCause;
    }
    if (query.from !== undefined) {
      where.push('c.ring_at >= @from');
      params.from = query.from;
    }
    if (query.to !== undefined) {
      where.push('c.ring_at < @to');
      params.to = query.to;
      // Calls are written as they ring, so rowid follows ring time: start the walk at the range's end.
      const last = this.db.prepare('SELECT rowid FROM calls WHERE ring_at < ? ORDER BY ring_at DESC LIMIT 1').pluck().get(query.to) as number | undefined;
      if (last === undefined) return { entries: [], nextCursor: null };
      where.push(`${rowid} <= @upper`);
      params.upper = last;
    }
    if (window) {
      where.push(`${rowid} >= @lower`);
      params.lower = window.lower;
    }
    if (query.cursor !== undefined) {
      where.push(`${rowid} < @cursor`);
      params.cursor = query.cursor;
    }
    const sql = `SELECT ${rowid} AS rid, c.* FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${rowid} DESC LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as (CallRow & { rid: number })[];
    const more = rows.length > query.limit;
    const page = more ? rows.slice(0, query.limit) : rows;
    return { entries: this.withTopics(this.withForms(page.map(toEntry))), nextCursor: more ? (page.at(-1)?.rid ?? null) : null };
  }

  /** The rowids of the calls that rang in [from, to), assuming rowid follows ring time. */
  private rowidWindow(from: number, to: number): { lower: number; size: number } | null {
    const lower = this.db.prepare('SELECT rowid FROM calls WHERE ring_at >= ? ORDER BY ring_at, id LIMIT 1').pluck().get(from) as number | undefined;
    const upper = this.db.prepare('SELECT rowid FROM calls WHERE ring_at < ? ORDER BY ring_at DESC, id DESC LIMIT 1').pluck().get(to) as number | undefined;
    if (lower === undefined || upper === undefined) return null;
    return { lower, size: Math.max(0, upper - lower + 1) };
  }

  /** Every call a search finds, newest first, page by page (for exports). */
  *searchAll(query: Omit<CallLogQuery, 'limit' | 'cursor'>, max: number): Generator<CallLogEntry> {
    let cursor: number | undefined;
    let yielded = 0;
    for (;;) {
      const page = this.search({ ...query, limit: 1000, cursor });
      for (const entry of page.entries) {
        if (yielded++ >= max) return;
        yield entry;
      }
      if (page.nextCursor === null) return;
      cursor = page.nextCursor;
    }
  }

  /** Distinct clients in the log, for the filter's choices. */
  clients(): string[] {
    return this.db.prepare('SELECT DISTINCT client FROM calls WHERE client IS NOT NULL ORDER BY client').pluck().all() as string[];
  }

  count(): number {
    return (this.countAll.get() as { n: number }).n;
  }

  /** Every call, newest first, read lazily so an export of a million calls stays small in memory. */
  *iterateAll(): Generator<CallLogEntry> {
    // Page by page rather than one open cursor: each page's forms are read alongside, which an
    // open cursor on the same connection would not allow.
    let before: ListQuery['before'];
    for (;;) {
      const page = this.list({ limit: 1000, before });
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < 1000) return;
      before = { ringAt: last.ringAt, id: last.id };
    }
  }

  /** The entries with the topics their calls showed (only those that showed any get the field). */
  private withTopics(entries: CallLogEntry[]): CallLogEntry[] {
    const topics = callTopicsOf(
      this.db,
      entries.map((e) => e.id),
    );
    return topics.size ? entries.map((e) => (topics.has(e.id) ? { ...e, topics: topics.get(e.id) } : e)) : entries;
  }

  /** Calls still open (no end time): left over when the app was killed during a call. */
  openCalls(): CallLogEntry[] {
    return (this.db.prepare('SELECT * FROM calls WHERE end_at IS NULL ORDER BY ring_at').all() as CallRow[]).map(toEntry);
  }

  /** The call as its outbox records carry it (without its forms). */
  private mustGet(id: string): CallLogEntry {
    const row = this.selectById.get(id) as CallRow | undefined;
    if (!row) throw new Error(`call ${id} is not in the call log`);
    return toEntry(row);
  }
}
