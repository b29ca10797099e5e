import { scrubSecrets, said, type FormEndpointSettings, type Message } from '../../contract';
import { wordMessage } from '../../shared/messages';
import { backoffDelay, retryAfterMs } from '../backoff';
import type { Clock } from '../clock';
import type { Event, IDisposable } from '../events';
import { errorForLog, type Logger } from '../log';
import { plainHttpToRemote } from '../settings/settings-checks';
import type { DueSubmission, FormSubmissionsRepository } from '../store/form-submissions';
import { mappedBody } from '../clients/form-mapping';

/**
 * The HTTP port (global `fetch` satisfies it). Redirects are never followed: a redirect would
 * carry the auth header, and the bank details, to wherever it points.
 */
export type FormPost = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: 'manual' },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface FormDeliveryDeps {
  store: FormSubmissionsRepository;
  /** The client's form endpoint (clients[].forms), or null when it has none (any longer). */
  endpoint: (clientId: string | null) => FormEndpointSettings | null;
  /** Backoff after failed attempts: the first wait is about `baseMs`, doubling up to `capMs`. */
  retry: () => { baseMs: number; capMs: number };
  post?: FormPost;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

/** What one attempt came to. */
type Outcome =
  { kind: 'sent'; conflict: boolean } | { kind: 'refused'; detail: Message } | { kind: 'retry'; detail: Message; afterMs?: number } | { kind: 'halted' };

/**
 * Delivers submitted forms to their client's endpoint (clients[].forms), exactly once: one at a
 * time, each call's forms in the order submitted, each attempt carrying `Idempotency-Key:
 * <id>.<revision>`. 2xx is `sent`; 409 is `sent` too (the client's system has it: the answer to an
 * earlier attempt was lost). Network failures, timeouts, 408, 429 and 5xx leave it waiting with
 * the reason, tried again with backoff and jitter (429: at least as long as Retry-After says);
 * 401/403/404 and redirects too, with a reason for IT (the endpoint's address or credentials,
 * not the form). Any other 4xx is `refused` with the client's reason, for the agent to correct.
 * Waiting submissions live in the database, so a restart continues where it stopped. Forms of
 * clients without an endpoint take the backend's delivery as their status (`backendChanged`).
 */
export class FormDelivery {
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;
  private inFlight: AbortController | null = null;
  private readonly random: () => number;
  private readonly post: FormPost;
  private subscription: IDisposable | null = null;
  /** A submission's status changed: the call's forms are shown anew. */
  readonly onDidChange: Event<{ id: string; callId: string }>;

  constructor(private readonly deps: FormDeliveryDeps) {
    this.random = deps.random ?? Math.random;
    this.post = deps.post ?? ((url, init) => fetch(url, init));
    this.onDidChange = deps.store.onDidChange;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.subscription = this.deps.store.onDidChange(() => this.notify());
    this.backendChanged();
    this.schedule(0);
  }

  /** Stops: an attempt under way is cut off (its submission stays waiting, and is sent with the same key after the restart). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.subscription?.dispose();
    this.subscription = null;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    await this.running;
  }

  /** A form was submitted (or its delivery changed): send soon. */
  notify(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** The sync worker delivered (or quarantined) outbox rows: forms without an endpoint take that as their status. */
  backendChanged(): void {
    try {
      this.deps.store.settleBackend(this.deps.clock.now());
    } catch (error) {
      this.deps.logger.log('error', "the forms' backend delivery could not be recorded", { error: errorForLog(error) });
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(
      () => {
        this.timer = null;
        this.running ??= this.run().finally(() => {
          this.running = null;
          if (this.again) {
            this.again = false;
            this.schedule(0);
          } else this.scheduleNext();
        });
      },
      Math.max(0, ms),
    );
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    let at: number | null;
    try {
      at = this.deps.store.nextAttemptAt();
    } catch {
      return; // the database is closing
    }
    if (at !== null) this.schedule(at - this.deps.clock.now());
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.again = false;
      let due: DueSubmission | null;
      try {
        due = this.deps.store.nextDue(this.deps.clock.now());
      } catch (error) {
        this.deps.logger.log('error', 'the waiting forms could not be read', { error: errorForLog(error) });
        return;
      }
      if (!due) return;
      const outcome = await this.attempt(due);
      if (outcome.kind === 'halted') return;
      this.record(due, outcome);
    }
  }

  private record(due: DueSubmission, outcome: Exclude<Outcome, { kind: 'halted' }>): void {
    const { id, revision, formId } = due.submission;
    const now = this.deps.clock.now();
    try {
      if (outcome.kind === 'sent') {
        this.deps.store.markSent(id, revision, now);
        this.deps.logger.log('info', outcome.conflict ? "form already in the client's system (409): counted as sent" : 'form sent', { id, revision, formId });
      } else if (outcome.kind === 'refused') {
        this.deps.store.markRefused(id, revision, outcome.detail, now);
        this.deps.logger.log('warn', "form refused by the client's system", { id, revision, formId, reason: wordMessage('en', outcome.detail) });
      } else {
        const { baseMs, capMs } = this.deps.retry();
        const wait = Math.max(outcome.afterMs ?? 0, backoffDelay(due.attempts, this.random, baseMs, capMs));
        this.deps.store.markRetry(id, revision, outcome.detail, now + wait, now);
        if (due.attempts === 0) this.deps.logger.log('warn', 'form delivery failing', { id, revision, formId, reason: wordMessage('en', outcome.detail) });
      }
    } catch (error) {
      this.deps.logger.log('error', "a form's delivery could not be recorded", { id, error: errorForLog(error) });
    }
  }

  private async attempt(due: DueSubmission): Promise<Outcome> {
    const { submission } = due;
    const endpoint = this.deps.endpoint(submission.clientId);
    if (!endpoint) return { kind: 'retry', detail: said('formDelivery.noEndpoint', {}) };
    if (plainHttpToRemote(endpoint.url) && !endpoint.allowPlainHttp) return { kind: 'retry', detail: said('formDelivery.plainHttp', {}) };
    const secrets = endpoint.auth ? [endpoint.auth.value] : [];
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Idempotency-Key': `${submission.id}.${submission.revision}`,
    };
    if (endpoint.auth) headers[endpoint.auth.header] = endpoint.auth.value;
    const template = endpoint.mapping[submission.formId];
    const body = JSON.stringify(template === undefined ? submission : mappedBody(template, submission, due.customerNumber));
    const controller = new AbortController();
    this.inFlight = controller;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.post(endpoint.url.replace(/\{form\}/g, encodeURIComponent(submission.formId)), {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(endpoint.timeoutMs)]),
        redirect: 'manual',
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      // The client's system may repeat the credentials in its refusal: never kept nor shown.
      text = scrubSecrets(await response.text(), secrets);
    } catch (error) {
      if (controller.signal.aborted) return { kind: 'halted' };
      return { kind: 'retry', detail: networkFailure(error, endpoint.timeoutMs) };
    } finally {
      this.inFlight = null;
    }
    if (status >= 200 && status <= 299) return { kind: 'sent', conflict: false };
    if (status === 409) return { kind: 'sent', conflict: true };
    if (status === 429)
      return { kind: 'retry', detail: said('formDelivery.slowDown', {}), afterMs: retryAfterMs(retryAfter, this.deps.clock.now()) ?? undefined };
    if (status === 401 || status === 403 || status === 404) return { kind: 'retry', detail: said('formDelivery.checkEndpoint', { status }) };
    if (status >= 300 && status <= 399) return { kind: 'retry', detail: said('formDelivery.redirect', { status }) };
    if (status === 408 || status >= 500 || status < 200) {
      const excerpt = text.slice(0, 120).replace(/\s+/g, ' ').trim();
      return { kind: 'retry', detail: said('formDelivery.serverTrouble', { status, excerpt: excerpt ? `: ${excerpt}` : '' }) };
    }
    const reason = refusalReason(text);
    return { kind: 'refused', detail: reason ? said('formDelivery.refused', { status, reason }) : said('formDelivery.refusedNoReason', { status }) };
  }
}

/**
 * The client's reason for a refusal, from its answer: `message`, `error` (a text or `{ message }`),
 * `errors[]` (texts or `{ field, message }`), or else the text itself; trimmed to one line.
 */
export function refusalReason(body: string): string | null {
  const text = body.trim();
  if (!text) return null;
  let reason: string | null = null;
  try {
    reason = reasonOf(JSON.parse(text));
  } catch {
    reason = text;
  }
  if (reason === null) reason = text.startsWith('{') || text.startsWith('[') ? null : text;
  if (reason === null) return null;
  const line = reason.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line || null;
}

function reasonOf(json: unknown): string | null {
  if (typeof json === 'string') return json;
  if (json === null || typeof json !== 'object') return null;
  if (Array.isArray(json)) {
    const parts = json.map(reasonOf).filter((part): part is string => !!part);
    return parts.length ? parts.join('; ') : null;
  }
  const record = json as Record<string, unknown>;
  const field = typeof record.field === 'string' ? record.field : typeof record.path === 'string' ? record.path : null;
  const own = typeof record.message === 'string' ? record.message : typeof record.detail === 'string' ? record.detail : null;
  if (own) return field ? `${field}: ${own}` : own;
  if (record.error !== undefined) {
    const inner = reasonOf(record.error);
    if (inner) return inner;
  }
  if (record.errors !== undefined) return reasonOf(record.errors);
  return null;
}

function networkFailure(error: unknown, timeoutMs: number): Message {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return said('formDelivery.timedOut', { duration: timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms` });
  }
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return said('formDelivery.connectionRefused', {});
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return said('formDelivery.connectionReset', {});
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return said('formDelivery.nameNotFound', {});
  return said('formDelivery.unreachable', { detail: code ?? e?.message ?? String(error) });
}
