import type { Database } from 'better-sqlite3';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { v7 as uuidv7 } from 'uuid';
import { said, type CallListView, type InnerMessage, type Message } from '../../contract';
import { decodedText, detectDelimiter, detectEncoding, extraLines, fieldForHeader, readHeaderLine, type CsvEncoding } from '../customers/csv-import';
import { matchKey } from '../customers/phone-number';
import { AnlaufError } from '../errors';
import { OutboxRepository } from '../store/outbox';
import { wordMessage } from '../../shared/messages';

export interface CallListRecord {
  id: string;
  listId: string;
  row: number;
  name: string | null;
  number: string;
  customerNumber: string | null;
  fields: Record<string, string>;
  state: 'pending' | 'dialing' | 'done' | 'skipped';
  skipReason: string | null;
  disposition: string | null;
  attempts: number;
  callId: string | null;
}

export interface CallListImport {
  list: CallListView;
  /** The first MAX_REJECTED_LISTED rejected rows, in file order. */
  rejected: { row: number; reason: string; said: Message }[];
  rejectedCount: number;
  encoding: CsvEncoding;
}

interface RecordRow {
  id: string;
  list_id: string;
  row: number;
  name: string | null;
  number: string;
  customer_number: string | null;
  fields_json: string;
  state: CallListRecord['state'];
  skip_reason: string | null;
  disposition: string | null;
  attempts: number;
  call_id: string | null;
}

const toRecord = (r: RecordRow): CallListRecord => ({
  id: r.id,
  listId: r.list_id,
  row: r.row,
  name: r.name,
  number: r.number,
  customerNumber: r.customer_number,
  fields: safeFields(r.fields_json),
  state: r.state,
  skipReason: r.skip_reason,
  disposition: r.disposition,
  attempts: r.attempts,
  callId: r.call_id,
});

function safeFields(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Rejected rows named in an import's answer; the rest are only counted. */
export const MAX_REJECTED_LISTED = 200;
/** Records per staging transaction while a list streams in. */
const STAGE_BATCH = 2000;

/**
 * Call lists for outbound campaigns (market research, sales): imported from CSV, worked through
 * record by record in preview dialing. A record is `pending` until dialled, `dialing` while its
 * call and wrap-up last, then `done` (with the call's disposition) or `skipped` (with a reason).
 * Each change of a record goes to the outbox (`callList.record`).
 */
export class CallListRepository {
  /**
   * What the snapshot shows (the lists' counts, each list's next record and how many remain),
   * read once per change rather than on every snapshot: the counts scan a list's records, and
   * snapshots go out on every ring.
   */
  private cachedLists: CallListView[] | null = null;
  private readonly cachedNext = new Map<string, CallListRecord | null>();
  private readonly cachedRemaining = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly outbox = new OutboxRepository(db),
  ) {}

  private invalidate(): void {
    this.cachedLists = null;
    this.cachedNext.clear();
    this.cachedRemaining.clear();
  }

  /**
   * Imports a list from a CSV file, streaming: memory stays bounded whatever the file's size,
   * and only the first MAX_REJECTED_LISTED rejected rows are kept (all are counted). Records wait
   * in a connection-private staging table (a TEMP table: a crash leaves nothing behind) and join
   * the list in one transaction at the end, so a list appears whole or not at all.
   */
  async import(input: { name: string; campaignId: string; clientId: string | null; file: string; region: string }, at: number): Promise<CallListImport> {
    const encoding = await detectEncoding(input.file);
    const headerLine = await readHeaderLine(input.file, encoding);
    if (!headerLine.trim()) throw new AnlaufError('callList.empty', {}, 'invalid');
    const parser = parse({ delimiter: detectDelimiter(headerLine), relax_column_count: true, skip_empty_lines: true, bom: true, trim: true, info: true });
    const source = Readable.from(decodedText(input.file, encoding));
    source.on('error', (error) => parser.destroy(error));
    source.pipe(parser);

    const listId = uuidv7();
    this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS call_list_staging (
      list_id TEXT NOT NULL, id TEXT NOT NULL, row INTEGER NOT NULL, name TEXT, number TEXT NOT NULL, customer_number TEXT, fields_json TEXT NOT NULL)`);
    const stage = this.db.prepare(
      'INSERT INTO temp.call_list_staging (list_id, id, row, name, number, customer_number, fields_json) VALUES (@listId, @id, @row, @name, @number, @customerNumber, @fieldsJson)',
    );
    const dropStaged = () => this.db.prepare('DELETE FROM temp.call_list_staging WHERE list_id = ?').run(listId);
    let batch: Record<string, unknown>[] = [];
    const flush = this.db.transaction(() => {
      for (const record of batch) stage.run(record);
      batch = [];
    });

    const rejected: { row: number; reason: string; said: Message }[] = [];
    let rejectedCount = 0;
    const reject = (row: number, reason: Message) => {
      rejectedCount++;
      if (rejected.length < MAX_REJECTED_LISTED) rejected.push({ row, reason: wordMessage('en', reason), said: reason });
    };
    let header: string[] | null = null;
    let phoneColumns: number[] = [];
    let fields: ReturnType<typeof fieldForHeader>[] = [];
    let staged = 0;
    try {
      try {
        for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
          const cells = item.record;
          if (header === null) {
            header = cells;
            fields = header.map((h) => fieldForHeader(h));
            phoneColumns = fields.flatMap((f, i) => (f === 'phone' || f === 'mobile' ? [i] : []));
            if (phoneColumns.length === 0) {
              throw new AnlaufError('callList.noPhoneColumn', { columns: header.join(', ') }, 'invalid');
            }
            continue;
          }
          const record = this.recordFrom(cells, header, fields, phoneColumns, input.region);
          if ('key' in record) {
            reject(item.info.lines - extraLines(cells), record);
            continue;
          }
          batch.push({ listId, id: uuidv7(), row: item.info.lines - extraLines(cells), ...record });
          staged++;
          if (batch.length >= STAGE_BATCH) flush();
        }
      } catch (error) {
        if (error instanceof AnlaufError) throw error;
        throw new AnlaufError('callList.notCsv', { detail: (error as Error).message }, 'invalid');
      } finally {
        source.destroy();
      }
      if (!header) throw new AnlaufError('callList.noHeader', {}, 'invalid');
      flush();
      if (staged === 0)
        throw new AnlaufError(
          'callList.nothingDialable',
          { rejected: rejectedCount, row: String(rejected[0]?.row), reason: (rejected[0]?.said ?? said('callList.rowNoNumber', {})) as InnerMessage },
          'invalid',
        );
      this.db.transaction(() => {
        this.db
          .prepare('INSERT INTO call_lists (id, name, client_id, campaign_id, imported_at) VALUES (?, ?, ?, ?, ?)')
          .run(listId, input.name, input.clientId, input.campaignId, at);
        this.db
          .prepare(
            `INSERT INTO call_list_records (id, list_id, row, name, number, customer_number, fields_json, state, attempts, updated_at)
             SELECT id, list_id, row, name, number, customer_number, fields_json, 'pending', 0, ? FROM temp.call_list_staging WHERE list_id = ? ORDER BY row`,
          )
          .run(at, listId);
      })();
    } finally {
      dropStaged();
    }
    this.invalidate();
    const list = this.lists().find((l) => l.id === listId);
    if (!list) throw new Error('the imported list was not stored');
    return { list, rejected, rejectedCount, encoding };
  }

  /** One CSV row made into a record's columns, or the reason it is rejected. */
  private recordFrom(
    cells: string[],
    header: string[],
    fields: ReturnType<typeof fieldForHeader>[],
    phoneColumns: number[],
    region: string,
  ): { name: string | null; number: string; customerNumber: string | null; fieldsJson: string } | Message {
    const value = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
    const column = (field: string) => fields.indexOf(field as never);
    const raw = phoneColumns.map(value).find((v) => v !== '');
    if (!raw) return said('callList.rowNoNumber', {});
    const key = matchKey(raw, region);
    if (!key || 'short' in key) return said('callList.rowNotDiallable', { number: raw.slice(0, 80) });
    const name = value(column('name')) || [value(column('firstName')), value(column('lastName'))].filter(Boolean).join(' ') || value(column('company')) || null;
    // fromEntries defines own keys: `extra[h] = …` would drop a column headed "__proto__".
    const extra: Record<string, string> = Object.fromEntries(header.flatMap((h, i) => (!phoneColumns.includes(i) && value(i) ? [[h, value(i)]] : [])));
    return {
      name,
      number: key.e164 + (key.extension ? `;ext=${key.extension}` : ''),
      customerNumber: value(column('customerNumber')) || null,
      fieldsJson: JSON.stringify(extra),
    };
  }

  lists(): CallListView[] {
    this.cachedLists ??= this.readLists();
    return this.cachedLists;
  }

  private readLists(): CallListView[] {
    return (
      this.db
        .prepare(
          `SELECT l.id, l.name, l.client_id AS client, l.campaign_id AS campaign, l.imported_at AS importedAt,
                  count(r.id) AS total,
                  sum(r.state IN ('pending', 'dialing')) AS pending,
                  sum(r.state = 'done') AS done,
                  sum(r.state = 'skipped') AS skipped
           FROM call_lists l LEFT JOIN call_list_records r ON r.list_id = l.id
           GROUP BY l.id ORDER BY l.imported_at DESC`,
        )
        .all() as CallListView[]
    ).map((l) => ({ ...l, pending: Number(l.pending ?? 0), done: Number(l.done ?? 0), skipped: Number(l.skipped ?? 0) }));
  }

  list(id: string): CallListView | null {
    return this.lists().find((l) => l.id === id) ?? null;
  }

  record(id: string): CallListRecord | null {
    const row = this.db.prepare('SELECT * FROM call_list_records WHERE id = ?').get(id) as RecordRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** The next record to show: one still being dialled first (after a restart), else the first pending one. */
  next(listId: string): CallListRecord | null {
    if (!this.cachedNext.has(listId)) this.cachedNext.set(listId, this.readNext(listId));
    return this.cachedNext.get(listId) ?? null;
  }

  private readNext(listId: string): CallListRecord | null {
    const row = this.db
      .prepare("SELECT * FROM call_list_records WHERE list_id = ? AND state IN ('pending', 'dialing') ORDER BY state = 'dialing' DESC, row LIMIT 1")
      .get(listId) as RecordRow | undefined;
    return row ? toRecord(row) : null;
  }

  remaining(listId: string): number {
    let count = this.cachedRemaining.get(listId);
    if (count === undefined) {
      count = this.readRemaining(listId);
      this.cachedRemaining.set(listId, count);
    }
    return count;
  }

  private readRemaining(listId: string): number {
    return Number(this.db.prepare("SELECT count(*) FROM call_list_records WHERE list_id = ? AND state IN ('pending', 'dialing')").pluck().get(listId));
  }

  dialing(id: string, callId: string, at: number): CallListRecord {
    return this.change(id, at, "state = 'dialing', call_id = @callId, attempts = attempts + 1", { callId });
  }

  skip(id: string, reason: string, at: number): CallListRecord {
    return this.change(id, at, "state = 'skipped', skip_reason = @reason", { reason });
  }

  /** The record's call was dispositioned. */
  done(id: string, disposition: string, at: number): CallListRecord {
    return this.change(id, at, "state = 'done', disposition = @disposition", { disposition });
  }

  /** The dial did not happen (the line refused): the record is offered again. */
  undoDialing(id: string, at: number): CallListRecord {
    return this.change(id, at, "state = 'pending', call_id = NULL", {});
  }

  private change(id: string, at: number, set: string, params: Record<string, unknown>): CallListRecord {
    this.invalidate();
    return this.db.transaction(() => {
      const changed = this.db.prepare(`UPDATE call_list_records SET ${set}, updated_at = @at WHERE id = @id`).run({ ...params, id, at }).changes;
      if (changed === 0) throw new AnlaufError('callList.noSuchRecord', {}, 'not-found');
      const record = this.record(id) as CallListRecord;
      this.outbox.enqueue('callList.record', id, { ...record, at }, at);
      return record;
    })();
  }
}
