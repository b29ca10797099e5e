import type { Database, Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { callingCodeOf, nationalDigits, splitCallingCode } from './calling-codes';
import { matchKey, type MatchKey } from './phone-number';
import type { Salutation } from '../scripts/salutation';

export type CustomerSource = 'import' | 'crm' | 'manual';

/** One phone number of a customer: E.164 (`+49301234567`), or the digits of a short internal number. */
export interface CustomerPhone {
  e164: string;
  extension: string | null;
  /** 'phone', 'mobile', 'fax', … as the source called it; null when unknown. */
  kind: string | null;
}

export interface Customer {
  id: string;
  client: string | null;
  customerNumber: string | null;
  name: string | null;
  email: string | null;
  postcode: string | null;
  city: string | null;
  street: string | null;
  notes: string | null;
  salutation: Salutation | null;
  /** The language the customer is served in (`de`, `en`, `de-AT`); null when the source gave none. */
  language: string | null;
  /** Columns of the source that have no field of their own. */
  extra: Record<string, string> | null;
  source: CustomerSource;
  updatedAt: number;
  phones: CustomerPhone[];
}

/**
 * A customer to write. Without `id`, a customer with the same customer number (and client) is
 * updated; without a customer number, one of the same client with the same name and phones and no
 * customer number; otherwise a new customer is created.
 */
export interface CustomerInput {
  id?: string;
  client?: string | null;
  customerNumber?: string | null;
  name?: string | null;
  email?: string | null;
  postcode?: string | null;
  city?: string | null;
  street?: string | null;
  notes?: string | null;
  salutation?: Salutation | null;
  language?: string | null;
  extra?: Record<string, string> | null;
  source: CustomerSource;
  phones?: CustomerPhone[];
}

export interface SearchOptions {
  /** Region for numbers typed without a country code (settings: sip.defaultCountry). */
  defaultRegion?: string;
  /** Only this client's customers (and those of no client). */
  client?: string;
}

interface CustomerRow {
  id: string;
  client: string | null;
  customer_number: string | null;
  name: string | null;
  email: string | null;
  postcode: string | null;
  city: string | null;
  street: string | null;
  notes: string | null;
  salutation: Salutation | null;
  language: string | null;
  extra_json: string | null;
  source: CustomerSource;
  updated_at: number;
}

/** The phone's key as stored: E.164, or the short number's digits (never starting with '+'). */
export function phoneFromKey(key: MatchKey, kind: string | null = null): CustomerPhone {
  return 'e164' in key ? { e164: key.e164, extension: key.extension, kind } : { e164: key.short, extension: null, kind };
}

/** A customer's phones as one comparable string, whatever their order. */
function phonesKey(phones: readonly CustomerPhone[]): string {
  return phones
    .map((p) => `${p.e164};${p.extension ?? ''}`)
    .sort()
    .join(',');
}

/** One FTS5 string literal: the user's text is data, never query syntax. */
function quoteFts(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

const PHONE_LIKE = /^[+\d\s()\-/.]+$/;

/**
 * `tel:+49-40-1234567` (RFC 3966, as CRMs and web pages write numbers) searched as the number it
 * names: without the scheme the search saw letters and looked for words. Parameters (`;ext=`,
 * `;phone-context=`) are dropped: a search finds the customer by the number itself.
 */
function withoutTelScheme(text: string): string {
  const tel = /^tel:([^;]*)/i.exec(text);
  if (!tel) return text;
  try {
    return decodeURIComponent(tel[1] ?? '').trim();
  } catch {
    return text;
  }
}
/** Up to this many PBX extension digits are tried when a caller's direct number is not stored itself. */
const MAX_DIRECT_DIAL_DIGITS = 5;

/** What the search index holds for a customer; the same expression for the catch-up and re-indexing. */
const INDEX_SELECT = `
  SELECT c.rowid,
         coalesce((SELECT group_concat(anlauf_national_digits(p.e164), ' ') FROM customer_phones p WHERE p.customer_id = c.id), ''),
         concat_ws(' ', c.name, c.customer_number, c.email, c.postcode)
  FROM customers c`;

/**
 * The local customer directory: who is calling (by customer number or phone number, in any
 * notation) and search as you type over name, number, customer number, e-mail and postcode.
 */
export class CustomerDirectory {
  private readonly selectById: Statement;
  private readonly selectPhones: Statement;
  private readonly selectIdByNumber: Statement;
  private readonly selectIdByNumberNoClient: Statement;
  private readonly selectNumberlessByPhone: Statement;
  private readonly selectNumberlessWithoutPhones: Statement;
  private readonly selectRowidById: Statement;
  private readonly insertCustomer: Statement;
  private readonly updateCustomer: Statement;
  private readonly deletePhones: Statement;
  private readonly insertPhone: Statement;
  private readonly selectMark: Statement;
  private readonly selectMaxRowid: Statement;
  private readonly deleteIndexed: Statement;
  private readonly reindexOne: Statement;
  private readonly indexRange: Statement;
  private readonly updateMark: Statement;
  private readonly byE164: Statement;
  private readonly byE164Extension: Statement;
  private readonly byCustomerNumber: Statement;
  private readonly byE164Prefix: Statement;
  private readonly upsertTx: (input: CustomerInput, at: number) => string;
  private readonly writeManyTx: (inputs: readonly CustomerInput[], at: number, index: boolean) => void;

  constructor(private readonly db: Database) {
    // The index holds national numbers: the country code is in (nearly) every number, and
    // trigrams found in every row make FTS5 phrase queries slow.
    db.function('anlauf_national_digits', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? nationalDigits(value) : null));
    this.selectById = db.prepare('SELECT * FROM customers WHERE id = ?');
    this.selectPhones = db.prepare('SELECT e164, extension, kind FROM customer_phones WHERE customer_id = ? ORDER BY rowid');
    this.selectIdByNumber = db.prepare('SELECT id, rowid FROM customers WHERE customer_number = ? AND client = ? LIMIT 1');
    this.selectIdByNumberNoClient = db.prepare('SELECT id, rowid FROM customers WHERE customer_number = ? AND client IS NULL LIMIT 1');
    // A customer without a customer number is found by one of its phones (the phone index), or
    // when it has none by its name (the partial index customers_by_name).
    this.selectNumberlessByPhone = db.prepare(`
      SELECT c.id, c.rowid FROM customer_phones p JOIN customers c ON c.id = p.customer_id
      WHERE p.e164 = ? AND c.customer_number IS NULL AND c.name = ? AND c.client IS ? ORDER BY c.rowid`);
    this.selectNumberlessWithoutPhones = db.prepare(`
      SELECT id, rowid FROM customers c WHERE customer_number IS NULL AND name = ? AND client IS ?
        AND NOT EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = c.id) ORDER BY rowid LIMIT 1`);
    this.selectRowidById = db.prepare('SELECT rowid FROM customers WHERE id = ?').pluck();
    this.insertCustomer = db.prepare(`
      INSERT INTO customers (id, client, customer_number, name, email, postcode, city, street, notes, salutation, language, extra_json, source, updated_at)
      VALUES (@id, @client, @customerNumber, @name, @email, @postcode, @city, @street, @notes, @salutation, @language, @extraJson, @source, @at)`);
    this.updateCustomer = db.prepare(`
      UPDATE customers SET client = @client, customer_number = @customerNumber, name = @name, email = @email, postcode = @postcode,
        city = @city, street = @street, notes = @notes, salutation = @salutation, language = @language, extra_json = @extraJson, source = @source, updated_at = @at
      WHERE id = @id`);
    this.deletePhones = db.prepare('DELETE FROM customer_phones WHERE customer_id = ?');
    this.insertPhone = db.prepare('INSERT INTO customer_phones (customer_id, e164, extension, kind) VALUES (?, ?, ?, ?)');
    this.selectMark = db.prepare("SELECT value FROM meta WHERE key = 'customers_indexed_rowid'").pluck();
    this.selectMaxRowid = db.prepare('SELECT coalesce(max(rowid), 0) FROM customers').pluck();
    this.deleteIndexed = db.prepare('DELETE FROM customers_search WHERE rowid = ?');
    this.reindexOne = db.prepare(`INSERT INTO customers_search (rowid, digits, words) ${INDEX_SELECT} WHERE c.rowid = ?`);
    this.indexRange = db.prepare(`INSERT INTO customers_search (rowid, digits, words) ${INDEX_SELECT} WHERE c.rowid > ? AND c.rowid <= ?`);
    this.updateMark = db.prepare("INSERT INTO meta (key, value) VALUES ('customers_indexed_rowid', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    const customerColumns =
      'c.id, c.client, c.customer_number, c.name, c.email, c.postcode, c.city, c.street, c.notes, c.salutation, c.language, c.extra_json, c.source, c.updated_at';
    this.byE164 = db.prepare(`SELECT DISTINCT ${customerColumns} FROM customer_phones p JOIN customers c ON c.id = p.customer_id WHERE p.e164 = ?`);
    this.byE164Extension = db.prepare(
      `SELECT DISTINCT ${customerColumns} FROM customer_phones p JOIN customers c ON c.id = p.customer_id WHERE p.e164 = ? AND p.extension = ?`,
    );
    this.byCustomerNumber = db.prepare('SELECT * FROM customers WHERE customer_number = ?');
    this.byE164Prefix = db.prepare(
      `SELECT c.* FROM customers c WHERE c.id IN (SELECT customer_id FROM customer_phones WHERE e164 >= ? AND e164 < ? ORDER BY e164 LIMIT ?)`,
    );
    // IMMEDIATE: the write lock is taken before the first read, so "is this customer there yet?"
    // and the insert are one step for every process on the file (two users of a desk, two desks on
    // a share). A deferred transaction read first and failed with SQLITE_BUSY at its first write
    // when another process had written meanwhile, instead of waiting its turn.
    const upsert = db.transaction((input: CustomerInput, at: number) => this.write(input, at));
    this.upsertTx = (input, at) => upsert.immediate(input, at);
    const writeMany = db.transaction((inputs: readonly CustomerInput[], at: number, index: boolean) => {
      for (const input of inputs) this.write(input, at);
      if (index) this.indexPending();
    });
    this.writeManyTx = (inputs, at, index) => writeMany.immediate(inputs, at, index);
  }

  /**
   * Runs `work` in one transaction of the directory's own database (which may be another file than
   * the call log's), holding its write lock from the start (see the constructor).
   */
  transaction(work: () => void): void {
    this.db.transaction(work).immediate();
  }

  /** Creates or updates one customer (one transaction); returns it as stored. */
  upsert(input: CustomerInput, at: number): Customer {
    const id = this.upsertTx(input, at);
    return this.get(id) as Customer;
  }

  /**
   * Writes many customers in one transaction (bulk import); with `index`, everything not yet in
   * the search index is indexed in the same transaction.
   */
  writeMany(inputs: readonly CustomerInput[], at: number, index = true): void {
    this.writeManyTx(inputs, at, index);
  }

  /**
   * Writes one customer inside the caller's transaction and returns its id. Customers already in
   * the search index are re-indexed at once; new ones wait for `indexForSearch`.
   */
  write(input: CustomerInput, at: number): string {
    const client = input.client ?? null;
    const customerNumber = input.customerNumber ?? null;
    let id = input.id ?? null;
    let rowid: number | null = null;
    if (id) {
      rowid = (this.selectRowidById.get(id) as number | undefined) ?? null;
    } else {
      const found = this.existing(input);
      if (found) {
        id = found.id;
        rowid = found.rowid;
      }
    }
    const row = {
      id: id ?? uuidv7(),
      client,
      customerNumber,
      name: input.name ?? null,
      email: input.email ?? null,
      postcode: input.postcode ?? null,
      city: input.city ?? null,
      street: input.street ?? null,
      notes: input.notes ?? null,
      salutation: input.salutation ?? null,
      language: input.language ?? null,
      extraJson: input.extra && Object.keys(input.extra).length > 0 ? JSON.stringify(input.extra) : null,
      source: input.source,
      at,
    };
    if (rowid === null) {
      this.insertCustomer.run(row);
    } else {
      this.updateCustomer.run(row);
      this.deletePhones.run(row.id);
    }
    for (const phone of input.phones ?? []) this.insertPhone.run(row.id, phone.e164, phone.extension, phone.kind);
    if (rowid !== null && rowid <= Number(this.selectMark.get() ?? 0)) {
      this.deleteIndexed.run(rowid);
      this.reindexOne.run(rowid);
    }
    return row.id;
  }

  /**
   * The stored customer `input` names, without an id: the one with its customer number and client;
   * without a customer number, the one of the same client with the same name and the same phones and
   * no customer number either. So importing a file again, or two desks moving or importing the same
   * customers, updates them rather than adding each a second time.
   */
  private existing(input: CustomerInput): { id: string; rowid: number } | null {
    const client = input.client ?? null;
    const customerNumber = input.customerNumber ?? null;
    if (customerNumber) {
      const found = (client === null ? this.selectIdByNumberNoClient.get(customerNumber) : this.selectIdByNumber.get(customerNumber, client)) as
        { id: string; rowid: number } | undefined;
      return found ?? null;
    }
    if (!input.name) return null;
    const phones = input.phones ?? [];
    const first = phones[0];
    if (!first) return (this.selectNumberlessWithoutPhones.get(input.name, client) as { id: string; rowid: number } | undefined) ?? null;
    const wanted = phonesKey(phones);
    for (const found of this.selectNumberlessByPhone.all(first.e164, input.name, client) as { id: string; rowid: number }[]) {
      if (phonesKey(this.selectPhones.all(found.id) as CustomerPhone[]) === wanted) return found;
    }
    return null;
  }

  /** The stored customer `input` is (see `existing`), by its id first when it has one. */
  findSame(input: CustomerInput): Customer | null {
    const byId = input.id ? this.get(input.id) : null;
    if (byId) return byId;
    const found = this.existing(input);
    return found ? this.get(found.id) : null;
  }

  /**
   * Brings the search index up to date with the customers written since it last ran, in one
   * transaction. Returns how many customers it indexed.
   */
  indexForSearch(): number {
    // A read first: search as you type must not open a write transaction when nothing is new.
    if (Number(this.selectMaxRowid.get()) <= Number(this.selectMark.get() ?? 0)) return 0;
    // A shared directory this user may only read: the customers a writing desk has not indexed yet
    // are found by number until one does; the search must not fail on the write it cannot make.
    if (this.db.readonly) return 0;
    // Nor does it wait while another desk imports into the shared file (the main process, and with
    // it the phone, would stand still for the busy timeout): it searches what is indexed, and the
    // next search catches up.
    const wait = Number(this.db.pragma('busy_timeout', { simple: true }));
    this.db.pragma('busy_timeout = 0');
    try {
      return this.db.transaction(() => this.indexPending()).immediate();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return 0;
      throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${wait}`);
    }
  }

  /** The catch-up itself, inside the caller's transaction (the importer calls it per batch). */
  indexPending(): number {
    const from = Number(this.selectMark.get() ?? 0);
    const to = Number(this.selectMaxRowid.get());
    if (to <= from) return 0;
    const added = this.indexRange.run(from, to).changes;
    this.updateMark.run(String(to));
    return added;
  }

  /**
   * Notes, inside the caller's transaction, that the desk's change `id` was made here, with what
   * the backend is to be told of it (see CustomerChanges).
   */
  markApplied(id: string, payload: string, at: number): void {
    this.db.prepare('INSERT INTO customer_changes_applied (id, payload, at) VALUES (?, ?, ?)').run(id, payload, at);
  }

  /** What change `id` told, if it was made here; null when it never committed. */
  applied(id: string): string | null {
    return (this.db.prepare('SELECT payload FROM customer_changes_applied WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
  }

  /** Change `id` was handed on: its note is no longer needed. */
  forgetApplied(id: string): void {
    this.db.prepare('DELETE FROM customer_changes_applied WHERE id = ?').run(id);
  }

  /** True when this directory is kept in `db` (the agent's own database standing in for the shared file). */
  isIn(db: Database): boolean {
    return this.db === db;
  }

  get(id: string): Customer | null {
    const row = this.selectById.get(id) as CustomerRow | undefined;
    return row ? this.toCustomer(row) : null;
  }

  count(): number {
    return Number(this.db.prepare('SELECT count(*) FROM customers').pluck().get());
  }

  /** The customers with this customer number (normally one; one per client). */
  findByCustomerNumber(customerNumber: string, client?: string): Customer[] {
    const no = customerNumber.trim();
    if (!no) return [];
    const rows = (this.byCustomerNumber.all(no) as CustomerRow[]).filter((r) => client === undefined || r.client === null || r.client === client);
    return rows.map((r) => this.toCustomer(r));
  }

  /**
   * Every customer with this phone number, written any way (the pick list when there are
   * several). A caller's direct-dial number (+49301234567 12) also finds a customer stored with
   * the base number and that extension.
   */
  findByNumber(raw: string, defaultRegion: string, client?: string): Customer[] {
    const key = matchKey(raw, defaultRegion);
    if (!key) return [];
    let rows: CustomerRow[];
    if ('short' in key) {
      rows = this.byE164.all(key.short) as CustomerRow[];
    } else {
      rows = this.byE164.all(key.e164) as CustomerRow[];
      if (rows.length === 0 && key.extension === null) {
        for (let k = 1; k <= MAX_DIRECT_DIAL_DIGITS && rows.length === 0; k++) {
          if (key.e164.length - k < 8) break;
          rows = this.byE164Extension.all(key.e164.slice(0, -k), key.e164.slice(-k)) as CustomerRow[];
        }
      }
    }
    return rows
      .filter((r) => client === undefined || r.client === null || r.client === client)
      .map((r) => this.toCustomer(r))
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.id.localeCompare(b.id));
  }

  /**
   * Search as you type: any part (3+ characters) of a name, e-mail, postcode, customer number or
   * phone number — typed with or without spaces, +, 0, 00, dashes. Several words must all be
   * found. Exact hits on a customer or phone number come first; shorter input finds only those.
   */
  search(query: string, limit: number, options: SearchOptions = {}): Customer[] {
    const text = withoutTelScheme(query.trim());
    if (!text || limit <= 0) return [];
    this.indexForSearch();
    const seen = new Set<string>();
    const out: Customer[] = [];
    const add = (customer: Customer) => {
      if (out.length >= limit || seen.has(customer.id)) return;
      if (options.client !== undefined && customer.client !== null && customer.client !== options.client) return;
      seen.add(customer.id);
      out.push(customer);
    };

    for (const c of this.findByCustomerNumber(text, options.client)) add(c);
    const phoneLike = PHONE_LIKE.test(text) && /\d/.test(text);
    let fts: string | null = null;
    if (phoneLike) {
      const digits = text.replace(/\(0\)/g, '').replace(/\D/g, '');
      if (digits.length >= 6 && options.defaultRegion) for (const c of this.findByNumber(text, options.defaultRegion, options.client)) add(c);
      // A number typed from its start (+…, 00…, 0…) is a prefix of E.164: the phone index answers
      // at once. Then any part of a number, without country code and trunk 0, via the text index.
      let prefix: string | null = null;
      let needle = digits;
      if (/^\s*\+/.test(text) || digits.startsWith('00')) {
        const international = digits.replace(/^00/, '');
        prefix = `+${international}`;
        needle = splitCallingCode(international)?.national ?? international;
      } else if (digits.startsWith('0')) {
        needle = digits.replace(/^0+/, '');
        const code = options.defaultRegion ? callingCodeOf(options.defaultRegion) : null;
        if (code) prefix = `+${code}${needle}`;
      }
      if (prefix && digits.length >= 3 && out.length < limit) {
        const rows = this.byE164Prefix.all(prefix, `${prefix}:`, limit * 4) as CustomerRow[];
        rows.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
        for (const row of rows) if (!seen.has(row.id)) add(this.toCustomer(row));
      }
      if (needle.length >= 3) fts = quoteFts(needle);
    } else {
      const words = text.split(/\s+/).filter((w) => [...w].length >= 3);
      if (words.length > 0) fts = words.map(quoteFts).join(' AND ');
    }
    if (fts && out.length < limit) {
      const params: unknown[] = [fts];
      let where = 'customers_search MATCH ?';
      if (options.client !== undefined) {
        where += ' AND (c.client IS NULL OR c.client = ?)';
        params.push(options.client);
      }
      params.push(limit + seen.size);
      const rows = this.db
        .prepare(`SELECT c.* FROM customers_search s JOIN customers c ON c.rowid = s.rowid WHERE ${where} ORDER BY s.rowid LIMIT ?`)
        .all(...params) as CustomerRow[];
      for (const row of rows) if (!seen.has(row.id)) add(this.toCustomer(row));
    }
    return out;
  }

  private toCustomer(row: CustomerRow): Customer {
    let extra: Record<string, string> | null = null;
    if (row.extra_json) {
      try {
        extra = JSON.parse(row.extra_json) as Record<string, string>;
      } catch {
        // A damaged extra column must not hide the customer.
      }
    }
    return {
      id: row.id,
      client: row.client,
      customerNumber: row.customer_number,
      name: row.name,
      email: row.email,
      postcode: row.postcode,
      city: row.city,
      street: row.street,
      notes: row.notes,
      salutation: row.salutation ?? null,
      language: row.language ?? null,
      extra,
      source: row.source,
      updatedAt: row.updated_at,
      phones: this.selectPhones.all(row.id) as CustomerPhone[],
    };
  }
}
