import type { Database, Statement } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { said, type CrmCustomerVersion, type CrmMapping, type CrmSettings, type CustomerCrmStatus, type Message, type WriteMapping } from '../../contract';
import { wordMessage } from '../../shared/messages';
import { backoffDelay, retryAfterMs } from '../backoff';
import type { Clock } from '../clock';
import { errorForLog, type Logger } from '../log';
import { plainHttpToRemote } from '../settings/settings-checks';
import { describeNetworkError, fill, scalar, select } from './crm';

/** Our fields of a customer as they are sent to the CRM. */
export interface CrmCustomer {
  customerNumber: string | null;
  name: string | null;
  email: string | null;
  postcode: string | null;
  city: string | null;
  street: string | null;
  salutation: string | null;
  /** E.164 (or a short number's digits). */
  phones: string[];
  /** Created at the desk: the CRM does not know it yet (POST). */
  created: boolean;
}

/** The HTTP port for writes (global `fetch` satisfies it). Redirects are never followed. */
export type HttpSend = (
  url: string,
  init: { method: 'GET' | 'POST' | 'PUT' | 'PATCH'; headers: Record<string, string>; body?: string; signal: AbortSignal; redirect: 'manual' },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface CrmWriterDeps {
  db: Database;
  settings: () => CrmSettings;
  send?: HttpSend;
  clock: Clock;
  logger: Logger;
  /** Something the agent must see: a conflict (`info`: a choice to make, not a failure), a refusal (`error`). */
  notice: (message: Message, level: 'info' | 'error') => void;
  /** A customer's status with the CRM changed. */
  changed?: (customerId: string) => void;
  random?: () => number;
  retryBaseMs?: number;
  retryCapMs?: number;
}

interface WriteRow {
  id: string;
  customer_id: string;
  customer: string;
  if_match: string | null;
  attempts: number;
  next_at: number;
}

interface LinkRow {
  customer_id: string;
  crm_id: string | null;
  etag: string | null;
  state: CustomerCrmStatus['state'];
  reason: string | null;
  theirs: string | null;
  at: number;
}

/** What to do with a write after the CRM's answer. */
type Outcome =
  | { kind: 'sent'; crmId: string | null; etag: string | null }
  | { kind: 'conflict'; theirs: CrmCustomerVersion | null }
  | { kind: 'refused'; reason: Message }
  | { kind: 'wait'; reason: Message; afterMs?: number };

/** The write mapping in use: `crm.writeMapping`, else `crm.mapping`'s paths without their list part. */
export function effectiveWriteMapping(settings: Pick<CrmSettings, 'mapping' | 'writeMapping'>): WriteMapping {
  if (settings.writeMapping) return settings.writeMapping;
  const m: CrmMapping = settings.mapping;
  const strip = (path: string | null): string | null => {
    if (path === null) return null;
    const inner = path.slice(path.indexOf('[]') < 0 ? 0 : path.indexOf('[]') + 3).replace(/\[\]$/, '');
    return inner === '' || inner.includes('[]') ? null : inner;
  };
  const phones = [m.phones].flat().map(strip);
  return {
    id: strip(m.id),
    customerNumber: strip(m.customerNumber),
    name: strip(m.name) ?? 'name',
    email: strip(m.email),
    postcode: strip(m.postcode),
    city: strip(m.city),
    street: null,
    salutation: strip(m.salutation),
    phones: Array.isArray(m.phones) ? phones.filter((p): p is string => p !== null) : (phones[0] ?? null),
  };
}

/** The body for the CRM: each of our fields at its path; fields without a path are left out. */
export function crmBody(customer: CrmCustomer, mapping: WriteMapping): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const put = (path: string | null, value: unknown) => {
    if (path === null) return;
    const steps = path.split('.');
    let node = body;
    for (const step of steps.slice(0, -1)) {
      const next = node[step];
      node = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : (node[step] = {});
    }
    node[steps.at(-1) ?? path] = value;
  };
  put(mapping.customerNumber, customer.customerNumber);
  put(mapping.name, customer.name);
  put(mapping.email, customer.email);
  put(mapping.postcode, customer.postcode);
  put(mapping.city, customer.city);
  put(mapping.street, customer.street);
  put(mapping.salutation, customer.salutation);
  if (typeof mapping.phones === 'string') put(mapping.phones, customer.phones);
  else if (Array.isArray(mapping.phones)) mapping.phones.forEach((path, i) => put(path, customer.phones[i] ?? null));
  return body;
}

/** The CRM's version of a customer from its JSON (one customer object), or null when it names none. */
export function crmVersion(json: unknown, mapping: WriteMapping, etag: string | null): CrmCustomerVersion | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const field = (path: string | null) => (path === null ? null : scalar(select(json, path)[0]));
  const name = field(mapping.name);
  if (name === null) return null;
  const phones = [mapping.phones ?? []]
    .flat()
    .flatMap((path) =>
      select(json, path)
        .flatMap((value): unknown[] => (Array.isArray(value) ? (value as unknown[]) : [value]))
        .map(scalar),
    )
    .filter((phone): phone is string => phone !== null);
  return {
    crmId: field(mapping.id),
    customerNumber: field(mapping.customerNumber),
    name,
    email: field(mapping.email),
    postcode: field(mapping.postcode),
    city: field(mapping.city),
    phones,
    etag,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The CRM's own words for a refusal: `message`, `error`, `detail` or `title` of a JSON answer, else its text. */
function crmWords(body: string): string {
  const json = parseJson(body);
  if (json && typeof json === 'object') {
    for (const key of ['message', 'error', 'detail', 'title']) {
      const value = (json as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 300);
      if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string')
        return String((value as { message: string }).message).slice(0, 300);
    }
  }
  return body.slice(0, 300).replace(/\s+/g, ' ').trim();
}

/**
 * Customers created or corrected at the desk, on their way to the client's CRM (`crm.writeUrl`):
 * a durable queue in the call log's database (it survives a restart), each write sent with its
 * row's id as `Idempotency-Key`, one customer's writes in order, retried with backoff while the CRM
 * cannot be reached or fails (5xx, 408, 429, credentials). A new customer is `POST`ed; a corrected
 * one goes with `writeMethod` and `If-Match` the CRM's last ETag. A CRM answering 409 or 412 has
 * other details: its version is fetched and kept beside ours, the agent is told, and nothing is
 * sent again until the agent chooses. 400, 422 and other refusals keep the CRM's reason.
 */
export class CrmWriter {
  private readonly send: HttpSend;
  private readonly random: () => number;
  private readonly insertWrite: Statement;
  private readonly selectDue: Statement;
  private readonly selectNextAt: Statement;
  private readonly deleteWrite: Statement;
  private readonly deferWrite: Statement;
  private readonly selectLink: Statement;
  private readonly upsertLink: Statement;
  private timer: unknown = null;
  private running = false;
  private stopped = true;
  private wake: (() => void) | null = null;

  constructor(private readonly deps: CrmWriterDeps) {
    this.send = deps.send ?? ((url, init) => fetch(url, init));
    this.random = deps.random ?? Math.random;
    const db = deps.db;
    this.insertWrite = db.prepare('INSERT INTO crm_writes (id, customer_id, customer, if_match, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    // One customer's writes in the order written: a later correction waits for the earlier one.
    this.selectDue = db.prepare(`
      SELECT * FROM crm_writes w WHERE w.next_at <= ?
        AND NOT EXISTS (SELECT 1 FROM crm_writes e WHERE e.customer_id = w.customer_id AND e.id < w.id)
      ORDER BY w.id LIMIT 20`);
    this.selectNextAt = db.prepare('SELECT min(next_at) FROM crm_writes').pluck();
    this.deleteWrite = db.prepare('DELETE FROM crm_writes WHERE id = ?');
    this.deferWrite = db.prepare('UPDATE crm_writes SET attempts = attempts + 1, next_at = ? WHERE id = ?');
    this.selectLink = db.prepare('SELECT * FROM crm_customers WHERE customer_id = ?');
    this.upsertLink = db.prepare(`
      INSERT INTO crm_customers (customer_id, crm_id, etag, state, reason, theirs, at) VALUES (@customerId, @crmId, @etag, @state, @reason, @theirs, @at)
      ON CONFLICT (customer_id) DO UPDATE SET crm_id = coalesce(excluded.crm_id, crm_id), etag = excluded.etag, state = excluded.state,
        reason = excluded.reason, theirs = excluded.theirs, at = excluded.at`);
  }

  /** True when customers are written to the CRM. */
  get configured(): boolean {
    return this.deps.settings().writeUrl !== null;
  }

  /**
   * Queues `customer` for the CRM inside the caller's transaction (the change and its write commit
   * together); `ifMatch` overwrites exactly that version of the CRM (the agent's "send ours again").
   */
  enqueue(customerId: string, customer: CrmCustomer, at: number, ifMatch: string | null = null): void {
    if (!this.deps.db.inTransaction) throw new Error(`the CRM write for customer ${customerId} must be written inside the transaction of its change`);
    this.insertWrite.run(uuidv7(), customerId, JSON.stringify(customer), ifMatch, at, at);
    const link = this.link(customerId);
    this.setLink(customerId, { crmId: null, etag: link?.etag ?? null, state: 'waiting', reason: null, theirs: null, at });
  }

  /** Where the customer stands with the CRM, or null when this desk never sent it. */
  status(customerId: string): CustomerCrmStatus | null {
    const link = this.link(customerId);
    if (!link) return null;
    return {
      state: link.state,
      reason: link.reason ? (parseJson(link.reason) as Message) : null,
      theirs: link.theirs ? (parseJson(link.theirs) as CrmCustomerVersion) : null,
      at: link.at,
    };
  }

  /** The CRM's version in a conflict, or null when there is no conflict. */
  conflict(customerId: string): { theirs: CrmCustomerVersion | null } | null {
    const status = this.status(customerId);
    return status?.state === 'conflict' ? { theirs: status.theirs } : null;
  }

  /** The agent kept the CRM's version (the directory took it): in step with the CRM again. */
  keptTheirs(customerId: string, theirs: CrmCustomerVersion | null): void {
    this.setLink(customerId, {
      crmId: theirs?.crmId ?? null,
      etag: theirs?.etag ?? null,
      state: 'sent',
      reason: null,
      theirs: null,
      at: this.deps.clock.now(),
    });
    this.deps.changed?.(customerId);
  }

  /** The agent sends ours again over the CRM's version: queued with `If-Match` its ETag. */
  sendOursAgain(customerId: string, customer: CrmCustomer, theirs: CrmCustomerVersion | null): void {
    const at = this.deps.clock.now();
    this.deps.db.transaction(() => {
      if (theirs?.crmId) this.setLink(customerId, { crmId: theirs.crmId, etag: theirs.etag, state: 'waiting', reason: null, theirs: null, at });
      this.enqueue(customerId, { ...customer, created: false }, at, theirs?.etag ?? '*');
    })();
    this.notify();
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** New writes were queued: send soon. */
  notify(): void {
    if (!this.stopped && !this.running) this.schedule(10);
  }

  /** Sends every write that is due, then waits for the next one's time. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const due = this.stopped ? [] : (this.selectDue.all(this.deps.clock.now()) as WriteRow[]);
        if (due.length === 0) break;
        for (const row of due) {
          // stop(): the write under way finishes, the rest wait in the queue for the next start.
          if (this.stopped) break;
          await this.deliver(row);
        }
      }
    } finally {
      this.running = false;
      this.wake?.();
      this.wake = null;
    }
    if (this.stopped) return;
    const next = this.selectNextAt.get() as number | null;
    if (next !== null) this.schedule(Math.max(10, next - this.deps.clock.now()));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.run().catch((error: unknown) => this.deps.logger.log('error', 'the CRM writes failed', { error: errorForLog(error) }));
    }, ms);
  }

  private link(customerId: string): LinkRow | null {
    return (this.selectLink.get(customerId) as LinkRow | undefined) ?? null;
  }

  private setLink(
    customerId: string,
    link: {
      crmId: string | null;
      etag: string | null;
      state: CustomerCrmStatus['state'];
      reason: Message | null;
      theirs: CrmCustomerVersion | null;
      at: number;
    },
  ): void {
    this.upsertLink.run({
      customerId,
      crmId: link.crmId,
      etag: link.etag,
      state: link.state,
      reason: link.reason ? JSON.stringify(link.reason) : null,
      theirs: link.theirs ? JSON.stringify(link.theirs) : null,
      at: link.at,
    });
  }

  private async deliver(row: WriteRow): Promise<void> {
    const customer = parseJson(row.customer) as CrmCustomer;
    const outcome = await this.attempt(row, customer);
    const now = this.deps.clock.now();
    const link = this.link(row.customer_id);
    const name = customer.name ?? customer.customerNumber ?? row.customer_id;
    if (outcome.kind === 'wait') {
      const delay = Math.max(outcome.afterMs ?? 0, backoffDelay(row.attempts, this.random, this.deps.retryBaseMs ?? 1000, this.deps.retryCapMs ?? 300_000));
      this.deps.db.transaction(() => {
        this.deferWrite.run(now + delay, row.id);
        this.setLink(row.customer_id, { crmId: null, etag: link?.etag ?? null, state: 'waiting', reason: outcome.reason, theirs: null, at: now });
      })();
      if (row.attempts === 0)
        this.deps.logger.log('warn', 'a customer waits for the CRM', { customerId: row.customer_id, reason: wordMessage('en', outcome.reason) });
      this.deps.changed?.(row.customer_id);
      return;
    }
    this.deps.db.transaction(() => {
      this.deleteWrite.run(row.id);
      if (outcome.kind === 'sent') {
        this.setLink(row.customer_id, { crmId: outcome.crmId, etag: outcome.etag, state: 'sent', reason: null, theirs: null, at: now });
      } else if (outcome.kind === 'conflict') {
        // Nothing more of ours goes out for this customer until the agent has chosen.
        this.deps.db.prepare('DELETE FROM crm_writes WHERE customer_id = ?').run(row.customer_id);
        this.setLink(row.customer_id, {
          crmId: outcome.theirs?.crmId ?? null,
          etag: outcome.theirs?.etag ?? link?.etag ?? null,
          state: 'conflict',
          reason: null,
          theirs: outcome.theirs,
          at: now,
        });
      } else {
        this.setLink(row.customer_id, { crmId: null, etag: link?.etag ?? null, state: 'refused', reason: outcome.reason, theirs: null, at: now });
      }
    })();
    if (outcome.kind === 'conflict') {
      this.deps.logger.log('warn', 'the CRM has other details for a customer', { customerId: row.customer_id });
      this.deps.notice(said('customerSync.conflict', { name }), 'info');
    } else if (outcome.kind === 'refused') {
      this.deps.logger.log('warn', 'the CRM refused a customer', { customerId: row.customer_id, reason: wordMessage('en', outcome.reason) });
      this.deps.notice(said('customerSync.refused', { name, reason: wordMessage('en', outcome.reason) }), 'error');
    }
    this.deps.changed?.(row.customer_id);
  }

  /** One write sent, and what its answer means. */
  private async attempt(row: WriteRow, customer: CrmCustomer): Promise<Outcome> {
    const s = this.deps.settings();
    if (!s.writeUrl) return { kind: 'wait', reason: said('customerSync.notConfigured', {}), afterMs: 60_000 };
    if (plainHttpToRemote(s.writeUrl) && !s.allowPlainHttp) return { kind: 'wait', reason: said('customerSync.plainHttp', {}), afterMs: 60_000 };
    const mapping = effectiveWriteMapping(s);
    const link = this.link(row.customer_id);
    const key = link?.crm_id ?? (customer.created ? null : customer.customerNumber);
    const base = s.writeUrl.replace(/\/+$/, '');
    let url = base;
    let method: 'POST' | 'PUT' | 'PATCH' = 'POST';
    if (key) {
      const filled = fill(`${base}/{customerNumber}`, { customerNumber: key });
      if (!filled.ok) return { kind: 'refused', reason: said('crm.notSent', { detail: `the customer's CRM id was not sent: ${filled.problem}` }) };
      url = filled.url;
      method = s.writeMethod;
    }
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json', 'Idempotency-Key': row.id };
    if (s.auth) headers[s.auth.header] = s.auth.value;
    const ifMatch = row.if_match ?? (method === 'POST' ? null : link?.etag);
    if (ifMatch) headers['If-Match'] = ifMatch;
    let status: number;
    let body: string;
    let etag: string | null;
    let retryAfter: string | null;
    try {
      const response = await this.send(url, {
        method,
        headers,
        body: JSON.stringify(crmBody(customer, mapping)),
        signal: AbortSignal.timeout(s.timeoutMs),
        redirect: 'manual',
      });
      status = response.status;
      etag = response.headers.get('etag');
      retryAfter = response.headers.get('retry-after');
      body = await response.text();
    } catch (error) {
      return { kind: 'wait', reason: describeNetworkError(error, s.timeoutMs).said };
    }
    if (status >= 200 && status <= 299) {
      const answer = crmVersion(parseJson(body), mapping, etag);
      return { kind: 'sent', crmId: answer?.crmId ?? key ?? null, etag };
    }
    if (status === 409 || status === 412) {
      const recordUrl = key ? url : null;
      let theirs = recordUrl ? await this.fetchTheirs(recordUrl, headers, mapping, s.timeoutMs) : null;
      theirs ??= crmVersion(parseJson(body), mapping, etag);
      return { kind: 'conflict', theirs };
    }
    if (status === 401 || status === 403) return { kind: 'wait', reason: said('crm.badCredentials', { status }) };
    if (status >= 300 && status <= 399) return { kind: 'wait', reason: said('crm.redirect', { status }) };
    if (status === 429)
      return { kind: 'wait', reason: said('crm.httpStatus', { status }), afterMs: retryAfterMs(retryAfter, this.deps.clock.now()) ?? undefined };
    if (status === 408 || status >= 500) {
      const excerpt = crmWords(body);
      return { kind: 'wait', reason: excerpt ? said('crm.httpStatusSaid', { status, excerpt }) : said('crm.httpStatus', { status }) };
    }
    const words = crmWords(body);
    return { kind: 'refused', reason: words ? said('crm.httpStatusSaid', { status, excerpt: words }) : said('crm.httpStatus', { status }) };
  }

  /** The CRM's current version of the customer (GET on its URL), or null when it cannot be read. */
  private async fetchTheirs(url: string, headers: Record<string, string>, mapping: WriteMapping, timeoutMs: number): Promise<CrmCustomerVersion | null> {
    const { 'Idempotency-Key': _key, 'If-Match': _match, 'Content-Type': _type, ...get } = headers;
    try {
      const response = await this.send(url, { method: 'GET', headers: get, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      if (response.status < 200 || response.status > 299) return null;
      return crmVersion(parseJson(await response.text()), mapping, response.headers.get('etag'));
    } catch {
      return null;
    }
  }
}
