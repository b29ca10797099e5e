import { z } from 'zod';
import { agentStateSchema, callLogEntrySchema, callTopicSchema, formSubmissionSchema, said, scrubSecrets, type Message } from '../../contract';
import { backoffDelay, retryAfterMs } from '../backoff';
import type { Clock } from '../clock';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import type { OutboxRepository, OutboxRow, OutboxTopic } from '../store/outbox';
import type { SyncAttemptHistory, SyncAttemptLog } from '../store/sync-attempts';
import { wordMessage } from '../../shared/messages';
import { quarantineReason } from './quarantine-reasons';
import { syncHeadline, type SyncState } from './sync-status';

export interface SyncSettings {
  url: string | null;
  token: string | null;
  batchSize: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryCapMs: number;
}

/** The sync state as the agent sees it. */
export interface SyncView {
  state: SyncState;
  pending: number;
  /** When the oldest waiting record was written. */
  oldestAt: number | null;
  quarantined: number;
  /** Why the last attempt failed, in words, and since when attempts fail. */
  error: string | null;
  failingSince: number | null;
  lastSuccessAt: number | null;
  url: string | null;
  /** The last attempt to `url`, from this run or an earlier one. */
  lastAttempt: { at: number; ok: boolean } | null;
  headline: Message;
}

/** What the backend answers per record (docs/sync-api.yaml). */
const batchResultSchema = z.object({
  results: z.array(z.object({ id: z.string(), status: z.enum(['stored', 'duplicate', 'rejected']), error: z.string().optional() })),
});

/**
 * A call record as stored in the outbox. Fields added to the call log later are optional here,
 * so records queued by an older version still parse after an update instead of being quarantined.
 */
const storedCallSchema = callLogEntrySchema.extend({
  transferTarget: z.string().nullable().optional(),
  sipCallId: z.string().nullable().optional(),
  customerNumber: z.string().nullable().optional(),
  customerName: z.string().nullable().optional(),
  disposition: z.string().nullable().optional(),
  dispositionLabel: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
  wrapUpAt: z.number().int().nullable().optional(),
  script: callLogEntrySchema.shape.script.optional(),
  answers: callLogEntrySchema.shape.answers.optional(),
});

/**
 * Payload schemas per topic (every topic the store writes has one): a row that no longer parses
 * is quarantined, not retried forever.
 */
const topicSchemas: Record<string, z.ZodType> = {
  'call.ringing': storedCallSchema,
  'call.answered': storedCallSchema,
  'call.ended': storedCallSchema,
  'call.customer': storedCallSchema,
  'call.wrapUp': storedCallSchema,
  'agent.state': z.object({
    id: z.string(),
    state: agentStateSchema,
    previous: agentStateSchema.nullable(),
    at: z.number().int(),
    reason: z.string().nullable().optional(),
    reasonLabel: z.string().nullable().optional(),
  }),
  'agent.session': z.object({
    id: z.string(),
    agentId: z.string(),
    event: z.enum(['signIn', 'signOut']),
    at: z.number().int(),
    reason: z.string().nullable(),
  }),
  'queue.event': z.object({
    id: z.string(),
    queueId: z.string(),
    event: z.enum(['login', 'logout', 'pause', 'unpause']),
    at: z.number().int(),
    reason: z.string().nullable(),
  }),
  callback: z.object({ id: z.string(), dueAt: z.number().int(), number: z.string(), state: z.string() }).passthrough(),
  'callList.record': z.object({ id: z.string(), listId: z.string(), state: z.string() }).passthrough(),
  // A submitted form, each revision its own row (a corrected resend is a new one).
  'form.submitted': formSubmissionSchema,
  'customer.upsert': z.object({
    id: z.string(),
    change: z.string(),
    created: z.boolean(),
    origin: z.enum(['desk', 'crm']),
    customer: z.object({
      id: z.string(),
      client: z.string().nullable(),
      customerNumber: z.string().nullable(),
      name: z.string().nullable(),
      salutation: z.string().nullable(),
      email: z.string().nullable(),
      postcode: z.string().nullable(),
      city: z.string().nullable(),
      street: z.string().nullable(),
      phones: z.array(z.string()),
    }),
    changed: z.array(z.string()),
    agent: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
    callId: z.string().nullable(),
    at: z.number().int(),
  }),
  'call.topics': z.object({ callId: z.string(), topics: z.array(callTopicSchema) }),
} satisfies Record<OutboxTopic, z.ZodType>;

export type HttpPost = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface SyncWorkerDeps {
  outbox: OutboxRepository;
  /** Where each attempt is kept, so a restart (and the CLI) knows whether the backend was ever reached. */
  attempts: SyncAttemptLog;
  settings: () => SyncSettings;
  post: HttpPost;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

type Outcome = { kind: 'progress' } | { kind: 'empty' } | { kind: 'retry'; error: Message; afterMs?: number } | { kind: 'isolate' };

/** What the Dispatcher may ask of the sync: the agent's "sync now". */
export interface ISyncNow {
  syncNow(): Promise<SyncView>;
}

/**
 * Delivers the outbox to the backend: batches in write order, each record carrying its id as
 * the idempotency key, so a retry after a lost answer never duplicates. Transient failures
 * (network, timeouts, 408, 5xx) back off with jitter; 429 waits as long as Retry-After says; a
 * record the backend rejects for good is quarantined and shown. Online or offline is judged from
 * these attempts, not from OS flags.
 */
export class SyncWorker implements ISyncNow {
  private timer: unknown = null;
  private running = false;
  /** Not started, or stopped: nothing is scheduled (a "sync now" still runs). */
  private stopped = true;
  /** stop() was called: a running delivery finishes its batch and ends. */
  private halting = false;
  private attempt = 0;
  private isolating = false;
  private error: Message | null = null;
  private failingSince: number | null = null;
  private lastSuccessAt: number | null = null;
  private wake: (() => void) | null = null;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly random: () => number;
  private history: SyncAttemptHistory;

  constructor(private readonly deps: SyncWorkerDeps) {
    this.random = deps.random ?? Math.random;
    this.history = deps.attempts.history();
    this.lastSuccessAt = this.history.lastOk?.at ?? null;
    // A backend that failed before the restart is still failing until it answers again: an empty
    // outbox sends nothing, so nothing would otherwise correct an optimistic "synced".
    const last = this.history.last;
    if (last && !last.ok && last.url === deps.settings().url) {
      this.error = last.said ?? said('sync.unreachable', { detail: last.error ?? 'unknown' });
      this.failingSince = last.failingSince ?? last.at;
    }
  }

  start(): void {
    this.stopped = false;
    this.halting = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** New records were written: deliver soon (unless backing off). */
  notify(): void {
    if (!this.stopped && this.error === null && this.timer === null && !this.running) this.schedule(20);
  }

  /** The agent pressed "sync now": try at once, whatever the backoff said. */
  async syncNow(): Promise<SyncView> {
    this.attempt = 0;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.run();
    return this.view();
  }

  view(): SyncView {
    const stats = this.deps.outbox.stats();
    const url = this.deps.settings().url;
    const headline = syncHeadline({ url, pending: stats.pending, history: this.history, liveError: url === null ? null : this.error });
    const last = this.history.last?.url === url ? this.history.last : null;
    return {
      state: headline.state,
      ...stats,
      error: headline.error && wordMessage('en', headline.error),
      ...(headline.error ? { said: headline.error } : {}),
      failingSince: headline.error ? this.failingSince : null,
      lastSuccessAt: this.lastSuccessAt,
      url,
      lastAttempt: last && { at: last.at, ok: last.ok },
      headline: headline.said,
    };
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  /** Delivers batch after batch until the outbox is empty or an attempt fails. */
  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        if (this.halting) break;
        const outcome = await this.once();
        if (outcome.kind === 'progress' || outcome.kind === 'isolate') continue;
        if (outcome.kind === 'empty') {
          // Nothing was sent, so nothing was learnt about the backend; only its removal clears a failure.
          if (this.deps.settings().url === null) this.recovered();
          break;
        }
        this.failed(outcome.error);
        // Retry-After may say later, never sooner: "0" or a date in the past must not make a loop.
        const backoff = backoffDelay(this.attempt++, this.random, this.deps.settings().retryBaseMs, this.deps.settings().retryCapMs);
        this.schedule(Math.max(outcome.afterMs ?? 0, backoff));
        break;
      }
    } finally {
      this.running = false;
      this.wake?.();
      this.wake = null;
      this.changed.fire();
    }
  }

  private async once(): Promise<Outcome> {
    const settings = this.deps.settings();
    if (!settings.url) return { kind: 'empty' };
    const rows = this.deps.outbox.pending(this.isolating ? 1 : settings.batchSize);
    if (rows.length === 0) {
      this.isolating = false;
      return { kind: 'empty' };
    }
    const events: { id: string; topic: string; entityId: string; createdAt: number; payload: unknown }[] = [];
    for (const row of rows) {
      const payload = this.parse(row);
      if (payload === undefined) continue;
      events.push({ id: row.id, topic: row.topic, entityId: row.entityId, createdAt: row.createdAt, payload });
    }
    if (events.length === 0) return { kind: 'progress' };
    const ids = events.map((e) => e.id);

    let response: Awaited<ReturnType<HttpPost>>;
    let body: string;
    try {
      response = await this.deps.post(`${settings.url.replace(/\/$/, '')}/v1/events`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': ids[0] ?? '',
          ...(settings.token ? { Authorization: `Bearer ${settings.token}` } : {}),
        },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      // A backend that repeats the token in its refusal ("invalid token …") must not have it kept in
      // the call log's database (last_error, quarantine reasons) or shown: it is blanked at once.
      body = scrubSecrets(await response.text(), settings.token ? [settings.token] : []);
    } catch (error) {
      const why = describeNetworkError(error);
      this.deps.outbox.failed(ids, wordMessage('en', why));
      return this.attempted(settings.url, { kind: 'retry', error: why });
    }

    const status = response.status;
    if (status === 200 || status === 207) {
      const parsed = batchResultSchema.safeParse(safeJson(body));
      if (!parsed.success) {
        this.deps.outbox.failed(ids, 'the backend sent an unreadable answer');
        return this.attempted(settings.url, { kind: 'retry', error: said('sync.unreadable', { status }) });
      }
      const answered = new Set<string>();
      const delivered: string[] = [];
      for (const result of parsed.data.results) {
        if (!ids.includes(result.id) || answered.has(result.id)) continue;
        answered.add(result.id);
        if (result.status === 'rejected')
          this.deps.outbox.quarantine(
            result.id,
            this.deps.clock.now(),
            quarantineReason(result.error ? said('syncQuarantine.rejected', { detail: result.error }) : said('syncQuarantine.rejectedNoReason', {})),
          );
        else delivered.push(result.id);
      }
      this.deps.outbox.delivered(delivered);
      if (delivered.length > 0) this.lastSuccessAt = this.deps.clock.now();
      // A sent record the answer neither confirms nor rejects (a mock, a caching proxy, a bug)
      // failed: sending it again at once would get the same answer, in a loop, from every desk.
      const unanswered = ids.filter((id) => !answered.has(id));
      if (unanswered.length > 0) {
        const error = said('sync.partlyConfirmed', { status, confirmed: answered.size, sent: ids.length });
        this.deps.outbox.failed(unanswered, wordMessage('en', error));
        // What it did take proves it reachable: a failing backend, not one never reached.
        if (delivered.length > 0) this.attempted(settings.url, { kind: 'progress' });
        return this.attempted(settings.url, { kind: 'retry', error });
      }
      this.recovered();
      if (this.isolating && rows.length === 1) this.isolating = false;
      return this.attempted(settings.url, { kind: 'progress' });
    }
    const line = `HTTP ${status}${body ? `: ${body.slice(0, 120).replace(/\s+/g, ' ')}` : ''}`;
    if (status === 429) {
      this.deps.outbox.failed(ids, line);
      return this.attempted(settings.url, {
        kind: 'retry',
        error: said('sync.slowDown', {}),
        afterMs: retryAfterMs(response.headers.get('retry-after'), this.deps.clock.now()) ?? undefined,
      });
    }
    if (status === 408 || status >= 500 || status === 401 || status === 403 || status === 404) {
      // Not the records' fault: a server in trouble, or a wrong address or token.
      this.deps.outbox.failed(ids, line);
      return this.attempted(settings.url, {
        kind: 'retry',
        error: said(status === 401 || status === 403 ? 'sync.httpCheckToken' : status === 404 ? 'sync.httpCheckUrl' : 'sync.http', { reply: line }),
      });
    }
    // Any other 4xx: some record is unacceptable. Find it by sending one at a time. The backend
    // answered, so it counts as reached; the refused record shows in the quarantine.
    this.recovered();
    if (rows.length > 1) {
      this.isolating = true;
      return this.attempted(settings.url, { kind: 'isolate' });
    }
    const row = rows[0];
    if (row) this.deps.outbox.quarantine(row.id, this.deps.clock.now(), quarantineReason(said('syncQuarantine.rejected', { detail: line })));
    this.isolating = false;
    return this.attempted(settings.url, { kind: 'progress' });
  }

  /** Keeps what an HTTP attempt came to; a database that cannot take it must not stop delivery. */
  private attempted<T extends Outcome>(url: string, outcome: T): T {
    const at = this.deps.clock.now();
    const told: Outcome = outcome;
    const error = told.kind === 'retry' ? told.error : null;
    const attempt = {
      url,
      at,
      ok: error === null,
      error: error && wordMessage('en', error),
      said: error,
      failingSince: error === null ? null : (this.failingSince ?? at),
    };
    try {
      this.deps.attempts.record(attempt);
    } catch (failure) {
      this.deps.logger.log('warn', 'the sync attempt could not be kept in the database', { error: errorForLog(failure) });
    }
    this.history = { last: attempt, lastOk: attempt.ok ? attempt : this.history.lastOk };
    return outcome;
  }

  private parse(row: OutboxRow): unknown {
    const schema = topicSchemas[row.topic];
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      this.quarantine(row, quarantineReason(said('syncQuarantine.notJson', {})));
      return undefined;
    }
    if (!schema) {
      this.quarantine(row, quarantineReason(said('syncQuarantine.unknownTopic', { topic: row.topic })));
      return undefined;
    }
    if (!schema.safeParse(payload).success) {
      this.quarantine(row, quarantineReason(said('syncQuarantine.misfit', { topic: row.topic })));
      return undefined;
    }
    return payload;
  }

  private quarantine(row: OutboxRow, reason: string): void {
    this.deps.logger.log('warn', 'outbox record quarantined', { id: row.id, topic: row.topic, reason });
    this.deps.outbox.quarantine(row.id, this.deps.clock.now(), reason);
  }

  private failed(error: Message): void {
    if (this.error === null) this.deps.logger.log('warn', 'sync failing', { error: wordMessage('en', error) });
    this.error = error;
    this.failingSince ??= this.deps.clock.now();
  }

  private recovered(): void {
    if (this.error !== null) this.deps.logger.log('info', 'sync recovered');
    this.error = null;
    this.failingSince = null;
    this.attempt = 0;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown): Message {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return said('sync.timedOut', {});
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return said('sync.connectionRefused', {});
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return said('sync.connectionReset', {});
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return said('sync.nameNotFound', {});
  return said('sync.unreachable', { detail: code ?? e?.message ?? String(error) });
}
