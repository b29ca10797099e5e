import type { Database, Statement } from 'better-sqlite3';
import { formSubmissionSchema, messageSchema, said, type CallLogForm, type FormSubmission, type Message } from '../../contract';
import { maskedFormText } from '../../shared/bank-mask';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';
import type { IFormSubmissions, SubmittedForm } from './form-submissions-port';
import { OutboxRepository } from './outbox';

/**
 * Where a submission goes besides the backend: `endpoint` when its client has a form endpoint
 * (clients[].forms) — its status is then that endpoint's answer — else `backend`, whose status is
 * the sync worker's delivery of its outbox row.
 */
export type FormTarget = 'endpoint' | 'backend';

interface Row {
  id: string;
  call_id: string;
  revision: number;
  form_id: string;
  title: string;
  client_id: string | null;
  submission_json: string;
  target: FormTarget;
  status: SubmittedForm['status'];
  detail_json: string | null;
  attempts: number;
  next_attempt_at: number | null;
  outbox_id: string | null;
  submitted_at: number;
  sent_at: number | null;
  updated_at: number;
}

/** A submission the delivery worker sends to its client's endpoint. */
export interface DueSubmission {
  submission: FormSubmission;
  /** Failed attempts of this revision so far. */
  attempts: number;
  /** The call's customer as the call log has it (for `{customer.customerNumber}`). */
  customerNumber: string | null;
}

function parseDetail(json: string | null): Message | null {
  if (!json) return null;
  try {
    const parsed = messageSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function toSubmitted(row: Row): SubmittedForm {
  return {
    submission: JSON.parse(row.submission_json) as FormSubmission,
    status: row.status,
    detail: parseDetail(row.detail_json),
    sentAt: row.sent_at,
  };
}

/** A stored submission as the call log and its export show it: bank details masked. */
function toCallLogForm(row: Row): CallLogForm {
  const { submission, status, detail, sentAt } = toSubmitted(row);
  return {
    id: submission.id,
    formId: submission.formId,
    title: submission.title,
    revision: submission.revision,
    status,
    detail,
    submittedAt: submission.submittedAt,
    sentAt,
    fields: submission.fields.map((field) => ({ label: field.label, text: maskedFormText(field.type, field.value) })),
  };
}

export interface FormSubmissionsDeps {
  /** Whether the client has a form endpoint (clients[].forms): decides a new submission's target. */
  hasEndpoint: (clientId: string | null) => boolean;
  now: () => number;
}

/**
 * The submitted forms (IFormSubmissions): each submission's latest revision, and where its
 * delivery stands. `submit` writes the submission, its backend outbox row (`form.submitted`) and
 * its client delivery in one transaction, so neither is lost nor sent without the other; the
 * delivery worker (core/forms/form-delivery.ts) records each attempt's outcome here.
 */
export class FormSubmissionsRepository implements IFormSubmissions {
  private readonly changed = new Emitter<{ id: string; callId: string }>();
  readonly onDidChange = this.changed.event;
  private readonly selectOne: Statement;
  private readonly selectForCall: Statement;
  private readonly insertRow: Statement;
  private readonly replaceRevision: Statement;
  private readonly submitTx: (submission: FormSubmission) => SubmittedForm;

  constructor(
    private readonly db: Database,
    private readonly deps: FormSubmissionsDeps,
    private readonly outbox = new OutboxRepository(db),
  ) {
    this.selectOne = db.prepare('SELECT * FROM form_submissions WHERE id = ?');
    this.selectForCall = db.prepare('SELECT * FROM form_submissions WHERE call_id = ? ORDER BY submitted_at, id');
    this.insertRow = db.prepare(`
      INSERT INTO form_submissions (id, call_id, revision, form_id, title, client_id, submission_json, target, status,
                                    attempts, next_attempt_at, outbox_id, submitted_at, updated_at)
      VALUES (@id, @callId, @revision, @formId, @title, @clientId, @json, @target, 'waiting', 0, @at, @outboxId, @submittedAt, @at)`);
    this.replaceRevision = db.prepare(`
      UPDATE form_submissions SET revision = @revision, title = @title, submission_json = @json, target = @target, status = 'waiting',
        detail_json = NULL, attempts = 0, next_attempt_at = @at, outbox_id = @outboxId, submitted_at = @submittedAt, sent_at = NULL, updated_at = @at
      WHERE id = @id AND revision = @revision - 1 AND status = 'refused'`);
    this.submitTx = db.transaction((submission: FormSubmission) => this.submitInTx(submission));
  }

  submit(submission: FormSubmission): SubmittedForm {
    const parsed = formSubmissionSchema.safeParse(submission);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AnlaufError('formDelivery.invalid', { detail: issue ? `${issue.path.join('.') || 'submission'}: ${issue.message}` : 'unreadable' });
    }
    const stored = this.submitTx(parsed.data);
    this.changed.fire({ id: submission.id, callId: submission.callId });
    return stored;
  }

  private submitInTx(submission: FormSubmission): SubmittedForm {
    const at = this.deps.now();
    const existing = this.selectOne.get(submission.id) as Row | undefined;
    const values = {
      id: submission.id,
      callId: submission.callId,
      revision: submission.revision,
      formId: submission.formId,
      title: submission.title,
      clientId: submission.clientId,
      json: JSON.stringify(submission),
      target: this.deps.hasEndpoint(submission.clientId) ? 'endpoint' : 'backend',
      submittedAt: submission.submittedAt,
      at,
    };
    if (existing) {
      if (existing.call_id !== submission.callId || existing.form_id !== submission.formId) throw new AnlaufError('formDelivery.resendOtherForm', {});
      if (existing.status !== 'refused') throw new AnlaufError('formDelivery.resendNotRefused', {});
      if (submission.revision !== existing.revision + 1)
        throw new AnlaufError('formDelivery.resendRevision', { expected: existing.revision + 1, got: submission.revision });
    } else if (submission.revision !== 1) {
      throw new AnlaufError('formDelivery.resendRevision', { expected: 1, got: submission.revision });
    }
    // Each revision is its own record for the backend: `<id>.<revision>`, the idempotency key the
    // client's endpoint gets too. (Not the call's id: a refused revision in the sync quarantine
    // must not hold back the corrected one.)
    const outboxId = this.outbox.enqueue('form.submitted', `${submission.id}.${submission.revision}`, submission, at);
    if (existing) this.replaceRevision.run({ ...values, outboxId });
    else this.insertRow.run({ ...values, outboxId });
    // The call log's search finds the call by its forms' titles (the trigger re-indexes it).
    this.db
      .prepare(
        `UPDATE calls SET form_titles = (SELECT group_concat(title, ' ') FROM (SELECT DISTINCT title FROM form_submissions WHERE call_id = @callId))
         WHERE id = @callId AND form_titles IS NOT (SELECT group_concat(title, ' ') FROM (SELECT DISTINCT title FROM form_submissions WHERE call_id = @callId))`,
      )
      .run({ callId: submission.callId });
    return { submission, status: 'waiting', detail: null, sentAt: null };
  }

  get(id: string): SubmittedForm | null {
    const row = this.selectOne.get(id) as Row | undefined;
    return row ? toSubmitted(row) : null;
  }

  forCall(callId: string): SubmittedForm[] {
    return (this.selectForCall.all(callId) as Row[]).map(toSubmitted);
  }

  /**
   * The submission the worker sends next, or null: the first waiting one of each call (forms of
   * one call reach the client in the order they were submitted), whose next attempt is due.
   */
  nextDue(now: number): DueSubmission | null {
    const row = this.db
      .prepare(
        `SELECT f.*, c.customer_number AS call_customer_number FROM form_submissions f LEFT JOIN calls c ON c.id = f.call_id
         WHERE f.status = 'waiting' AND f.target = 'endpoint' AND coalesce(f.next_attempt_at, 0) <= ?
           AND NOT EXISTS (SELECT 1 FROM form_submissions e WHERE e.call_id = f.call_id AND e.status = 'waiting' AND e.target = 'endpoint'
                             AND (e.submitted_at, e.id) < (f.submitted_at, f.id))
         ORDER BY f.submitted_at, f.id LIMIT 1`,
      )
      .get(now) as (Row & { call_customer_number: string | null }) | undefined;
    if (!row) return null;
    return { submission: JSON.parse(row.submission_json) as FormSubmission, attempts: row.attempts, customerNumber: row.call_customer_number };
  }

  /** When the next waiting submission is due for its endpoint, or null when none waits. */
  nextAttemptAt(): number | null {
    const at = this.db
      .prepare(`SELECT min(coalesce(next_attempt_at, 0)) FROM form_submissions WHERE status = 'waiting' AND target = 'endpoint'`)
      .pluck()
      .get() as number | null;
    return at ?? null;
  }

  /** The client's system confirmed it (2xx, or 409: it had it already). Never undone. */
  markSent(id: string, revision: number, at: number): void {
    this.settle(
      id,
      `UPDATE form_submissions SET status = 'sent', detail_json = NULL, sent_at = @at, next_attempt_at = NULL, updated_at = @at
       WHERE id = @id AND revision = @revision AND status = 'waiting'`,
      { id, revision, at },
    );
  }

  /** The client's system refused it for good: the agent corrects it and sends a new revision. */
  markRefused(id: string, revision: number, detail: Message, at: number): void {
    this.settle(
      id,
      `UPDATE form_submissions SET status = 'refused', detail_json = @detail, next_attempt_at = NULL, updated_at = @at
       WHERE id = @id AND revision = @revision AND status = 'waiting'`,
      { id, revision, at, detail: JSON.stringify(detail) },
    );
  }

  /** An attempt failed for a passing reason: still waiting, shown with why, tried again at `nextAt`. */
  markRetry(id: string, revision: number, detail: Message, nextAt: number, at: number): void {
    this.settle(
      id,
      `UPDATE form_submissions SET detail_json = @detail, attempts = attempts + 1, next_attempt_at = @nextAt, updated_at = @at
       WHERE id = @id AND revision = @revision AND status = 'waiting'`,
      { id, revision, at, nextAt, detail: JSON.stringify(detail) },
    );
  }

  /**
   * Submissions that go to the backend only take its delivery as their status: `sent` once the
   * sync worker delivered their outbox row (delivered rows leave the outbox), `refused` when the
   * backend refused the row for good (it sits in the quarantine). Returns how many changed.
   */
  settleBackend(at: number): number {
    const changes = this.db.transaction(() => {
      const sent = this.db
        .prepare(
          `UPDATE form_submissions SET status = 'sent', detail_json = NULL, sent_at = @at, updated_at = @at
           WHERE status = 'waiting' AND target = 'backend' AND (outbox_id IS NULL OR outbox_id NOT IN (SELECT id FROM outbox))
           RETURNING id, call_id`,
        )
        .all({ at }) as { id: string; call_id: string }[];
      const quarantined = this.db
        .prepare(
          `SELECT f.id, f.call_id, o.last_error FROM form_submissions f JOIN outbox o ON o.id = f.outbox_id
           WHERE f.status = 'waiting' AND f.target = 'backend' AND o.quarantined_at IS NOT NULL`,
        )
        .all() as { id: string; call_id: string; last_error: string | null }[];
      const refuse = this.db.prepare(`UPDATE form_submissions SET status = 'refused', detail_json = ?, updated_at = ? WHERE id = ?`);
      for (const row of quarantined) refuse.run(JSON.stringify(said('formDelivery.backendRefused', { detail: row.last_error ?? '' })), at, row.id);
      return [...sent, ...quarantined];
    })();
    for (const row of changes) this.changed.fire({ id: row.id, callId: row.call_id });
    return changes.length;
  }

  private settle(id: string, sql: string, params: Record<string, unknown>): void {
    const row = this.db.prepare(`${sql} RETURNING call_id`).get(params) as { call_id: string } | undefined;
    if (row) this.changed.fire({ id, callId: row.call_id });
  }
}

const formsOfCalls = new WeakMap<Database, Statement>();

/** The forms of each of these calls as the call log shows them, oldest first (bank details masked). */
export function callLogForms(db: Database, callIds: readonly string[]): Map<string, CallLogForm[]> {
  const forms = new Map<string, CallLogForm[]>();
  if (callIds.length === 0) return forms;
  let select = formsOfCalls.get(db);
  if (!select) {
    select = db.prepare(`SELECT * FROM form_submissions WHERE call_id IN (SELECT value FROM json_each(?)) ORDER BY call_id, submitted_at, id`);
    formsOfCalls.set(db, select);
  }
  for (const row of select.all(JSON.stringify(callIds)) as Row[]) {
    let form: CallLogForm;
    try {
      form = toCallLogForm(row);
    } catch {
      // A damaged row must not hide the call.
      continue;
    }
    const list = forms.get(row.call_id) ?? [];
    list.push(form);
    forms.set(row.call_id, list);
  }
  return forms;
}
