import type { Database } from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import {
  said,
  type FormChoice,
  type FormFieldView,
  type FormStatus,
  type FormSubmission,
  type FormValue,
  type FormView,
  type LoadedForm,
  type Message,
} from '../../contract';
import { formValueSchema } from '../../contract/forms';
import { AnlaufError } from '../errors';
import { Emitter, type Event } from '../events';
import { errorForLog, type Logger } from '../log';
import { holds } from '../scripts/conditions';
import { variantFor } from '../scripts/languages';
import type { AnswerValue } from '../scripts/model';
import { SAMPLE_CONTEXT } from '../scripts/preview';
import { localDate } from './bounds';
import { boundsOf, checkValue, isEmptyValue } from './field-values';
import type { IFormCatalog } from './form-library';
import type { Form, FormField, PrefillSource } from './model';
import type { IFormSubmissions, SubmittedForm } from '../store/form-submissions-port';

/** What is known about a call for pre-filling its forms (the customer card, the call, the IVR). */
export interface FormCallFacts {
  clientId: string | null;
  /** The language the call is held in (settings, X-Language); the form's variant follows it. */
  language: string | null;
  agentId: string | null;
  agentName: string | null;
  customer: {
    name: string;
    customerNumber: string | null;
    email: string | null;
    postcode: string | null;
    city: string | null;
    phones: readonly string[];
  } | null;
  call: { remoteNumber: string; dialedNumber: string | null };
  ivr: {
    customerNumber?: string | undefined;
    concern?: string | undefined;
    queue?: string | undefined;
    client?: string | undefined;
    campaign?: string | undefined;
  };
}

export interface FormSessionsDeps {
  db: Database;
  forms: IFormCatalog;
  submissions: IFormSubmissions;
  now: () => number;
  /** The calls a form can be filled for: open, or waiting for their wrap-up. */
  openCalls: () => readonly string[];
  facts: (callId: string) => FormCallFacts | null;
  /** The country of phone numbers typed without a country code (settings `sip.defaultCountry`). */
  region: () => string;
  logger: Logger;
}

/** What the Dispatcher may ask of the forms. */
export interface IFormSessions {
  choices(callId: string): FormChoice[];
  open(callId: string, formId: string): FormView;
  set(id: string, fieldId: string, value: FormValue): FormView;
  submit(id: string): { ok: boolean; form: FormView };
  discard(id: string): void;
  correct(id: string): FormView;
  /** A loaded form as the agent would see it, pre-filled with the sample data of the scripts' preview; nothing is kept. */
  preview(formId: string, language?: string): FormView;
  /** The forms loaded on this workstation, their latest versions by title (the trainer's list). */
  list(): LoadedForm[];
}

/** The scripts' preview customer and call (core/scripts/preview.ts), as a form's pre-fill reads them. */
export const SAMPLE_FACTS: FormCallFacts = {
  clientId: String(SAMPLE_CONTEXT.client?.id ?? ''),
  language: null,
  agentId: 'preview',
  agentName: String(SAMPLE_CONTEXT.agent?.name ?? ''),
  customer: {
    name: `${String(SAMPLE_CONTEXT.customer?.firstName)} ${String(SAMPLE_CONTEXT.customer?.lastName)}`,
    customerNumber: String(SAMPLE_CONTEXT.customer?.customerNumber),
    email: String(SAMPLE_CONTEXT.customer?.email),
    postcode: String(SAMPLE_CONTEXT.customer?.postcode),
    city: String(SAMPLE_CONTEXT.customer?.city),
    phones: [String(SAMPLE_CONTEXT.customer?.phone)],
  },
  call: { remoteNumber: String(SAMPLE_CONTEXT.call?.number), dialedNumber: String(SAMPLE_CONTEXT.call?.dialedNumber) },
  ivr: {
    customerNumber: String(SAMPLE_CONTEXT.customer?.customerNumber),
    concern: String(SAMPLE_CONTEXT.call?.concern),
    queue: String(SAMPLE_CONTEXT.call?.queue),
  },
};

interface Entry {
  value: FormValue;
  /** Where a pre-filled value came from; null once the agent typed it. */
  prefilledFrom: string | null;
}

interface Draft {
  id: string;
  callId: string;
  formId: string;
  formVersion: number;
  language: string;
  revision: number;
  values: Record<string, Entry>;
  /** Submitting was tried: every required field still empty now says so. */
  attempted: boolean;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  call_id: string;
  form_id: string;
  form_version: number;
  language: string;
  revision: number;
  values_json: string;
  attempted: number;
  created_at: number;
  updated_at: number;
}

/**
 * The forms the agent fills on calls: opened pre-filled from what is known about the call, each
 * value checked as it is set, submitted to the submissions store (which delivers it exactly once),
 * and a refused one corrected and sent again as the next revision. A draft is written to the
 * database on every change, so a restart or crash loses nothing the agent typed.
 */
export class FormSessions implements IFormSessions {
  private readonly drafts = new Map<string, Draft>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  /** Following the submissions store: a delivery's status shows on the call's forms. */
  private readonly following: { dispose(): void };

  constructor(private readonly deps: FormSessionsDeps) {
    this.following = deps.submissions.onDidChange(() => this.changed.fire());
  }

  dispose(): void {
    this.following.dispose();
  }

  /**
   * Brings back the drafts of calls still open or in wrap-up after a restart; the drafts of calls
   * whose wrap-up is done are dropped, as their script walks are.
   */
  restore(): void {
    const open = new Set(this.deps.openCalls());
    const rows = this.deps.db.prepare('SELECT * FROM form_drafts ORDER BY created_at').all() as Row[];
    for (const row of rows) {
      if (!open.has(row.call_id)) {
        this.deps.db.prepare('DELETE FROM form_drafts WHERE id = ?').run(row.id);
        continue;
      }
      try {
        this.drafts.set(row.id, {
          id: row.id,
          callId: row.call_id,
          formId: row.form_id,
          formVersion: row.form_version,
          language: row.language,
          revision: row.revision,
          values: parseValues(row.values_json),
          attempted: row.attempted === 1,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        });
      } catch (error) {
        this.deps.logger.log('error', 'a form draft could not be read back', { id: row.id, callId: row.call_id, error: errorForLog(error) });
      }
    }
    if (this.drafts.size) this.changed.fire();
  }

  choices(callId: string): FormChoice[] {
    const facts = this.deps.facts(callId);
    return this.deps.forms.choicesFor(facts?.clientId ?? null, facts?.language ?? null);
  }

  open(callId: string, formId: string): FormView {
    if (!this.deps.openCalls().includes(callId)) throw new AnlaufError('forms.noCall', { callId }, 'not-found');
    const facts = this.deps.facts(callId);
    const latest = this.deps.forms.current(formId);
    if (!latest) throw new AnlaufError('forms.unknownForm', { formId }, 'not-found');
    if (latest.client !== null && latest.client !== (facts?.clientId ?? null)) throw new AnlaufError('forms.notForCall', { formId }, 'invalid');
    const draft = this.prefilled(uuidv7(), callId, variantFor(latest, facts?.language), facts);
    this.save(draft);
    return this.view(draft);
  }

  list(): LoadedForm[] {
    return this.deps.forms
      .list()
      .map(({ formId, version, title, kind, client, language, loadedAt }) => ({ formId, version, title, kind, client, language, loadedAt }));
  }

  preview(formId: string, language?: string): FormView {
    const latest = this.deps.forms.current(formId);
    if (!latest) throw new AnlaufError('forms.unknownForm', { formId }, 'not-found');
    return this.view(this.prefilled('preview', 'preview', variantFor(latest, language), SAMPLE_FACTS));
  }

  /** A new draft with the fields' `prefill:` values, each checked as if typed (one that does not fit shows its error). */
  private prefilled(id: string, callId: string, form: Form, facts: FormCallFacts | null): Draft {
    const values: Record<string, Entry> = {};
    for (const field of form.fields) {
      if (!field.prefill) continue;
      const raw = prefillValue(field.prefill, facts, this.deps.now());
      if (raw === null) continue;
      values[field.id] = { value: fitted(field, checkValue(field, raw, this.context()).value), prefilledFrom: field.prefill };
    }
    const now = this.deps.now();
    return {
      id,
      callId,
      formId: form.id,
      formVersion: form.version ?? 0,
      language: form.language,
      revision: 1,
      values,
      attempted: false,
      createdAt: now,
      updatedAt: now,
    };
  }

  set(id: string, fieldId: string, value: FormValue): FormView {
    const draft = this.draft(id);
    const form = this.formOf(draft);
    const field = form.fields.find((f) => f.id === fieldId);
    if (!field) throw new AnlaufError('forms.unknownField', { fieldId, title: form.title }, 'invalid');
    const checked = checkValue(field, formValueSchema.parse(value), this.context());
    const before = draft.values[fieldId];
    const same = before !== undefined && JSON.stringify(before.value) === JSON.stringify(checked.value);
    draft.values = { ...draft.values, [fieldId]: { value: checked.value, prefilledFrom: same ? before.prefilledFrom : null } };
    draft.updatedAt = this.deps.now();
    this.save(draft);
    return this.view(draft);
  }

  submit(id: string): { ok: boolean; form: FormView } {
    const draft = this.draft(id);
    const form = this.formOf(draft);
    const view = this.view({ ...draft, attempted: true });
    if (view.fields.some((f) => f.error !== null)) {
      draft.attempted = true;
      draft.updatedAt = this.deps.now();
      this.save(draft);
      return { ok: false, form: view };
    }
    const facts = this.deps.facts(draft.callId);
    const submission: FormSubmission = {
      id: draft.id,
      revision: draft.revision,
      callId: draft.callId,
      formId: form.id,
      formVersion: form.version,
      title: form.title,
      kind: form.kind,
      clientId: form.client ?? facts?.clientId ?? null,
      language: form.language,
      agentId: facts?.agentId ?? null,
      submittedAt: this.deps.now(),
      fields: view.fields.filter((f) => f.visible).map((f) => ({ id: f.id, label: f.label, type: f.type, value: f.value })),
    };
    const submitted = this.deps.submissions.submit(submission);
    this.drafts.delete(id);
    this.deps.db.prepare('DELETE FROM form_drafts WHERE id = ?').run(id);
    this.changed.fire();
    return { ok: true, form: this.submittedView(submitted) };
  }

  discard(id: string): void {
    this.draft(id);
    this.drafts.delete(id);
    this.deps.db.prepare('DELETE FROM form_drafts WHERE id = ?').run(id);
    this.changed.fire();
  }

  /** A refused form back as a draft with its values and id; submitting it again sends the next revision. */
  correct(id: string): FormView {
    const existing = this.drafts.get(id);
    if (existing) return this.view(existing);
    const submitted = this.deps.submissions.get(id);
    if (!submitted) throw new AnlaufError('forms.notOpen', { id }, 'not-found');
    if (submitted.status !== 'refused') throw new AnlaufError('forms.notRefused', { id }, 'conflict');
    const s = submitted.submission;
    if (!this.deps.openCalls().includes(s.callId)) throw new AnlaufError('forms.noCall', { callId: s.callId }, 'not-found');
    const values: Record<string, Entry> = {};
    for (const field of s.fields) values[field.id] = { value: field.value, prefilledFrom: null };
    const now = this.deps.now();
    const draft: Draft = {
      id,
      callId: s.callId,
      formId: s.formId,
      formVersion: s.formVersion ?? 0,
      language: s.language,
      revision: s.revision + 1,
      values,
      attempted: true,
      createdAt: now,
      updatedAt: now,
    };
    this.save(draft);
    return this.view(draft);
  }

  /** Every open call's forms: drafts and submitted ones (a refused one being corrected shows as its draft). */
  views(): Record<string, FormView[]> {
    const out: Record<string, FormView[]> = {};
    for (const callId of this.deps.openCalls()) {
      const drafts = [...this.drafts.values()].filter((d) => d.callId === callId);
      const views: FormView[] = [];
      for (const submitted of this.deps.submissions.forCall(callId)) {
        if (this.drafts.has(submitted.submission.id)) continue;
        try {
          views.push(this.submittedView(submitted));
        } catch (error) {
          this.deps.logger.log('error', 'a submitted form could not be shown', { id: submitted.submission.id, error: errorForLog(error) });
        }
      }
      for (const draft of drafts) {
        try {
          views.push(this.view(draft));
        } catch (error) {
          this.deps.logger.log('error', 'a form draft could not be shown', { id: draft.id, error: errorForLog(error) });
        }
      }
      if (views.length) out[callId] = views;
    }
    return out;
  }

  private context() {
    return { now: new Date(this.deps.now()), region: this.deps.region() };
  }

  private draft(id: string): Draft {
    const draft = this.drafts.get(id);
    if (!draft) throw new AnlaufError('forms.notOpen', { id }, 'not-found');
    return draft;
  }

  private formOf(draft: Pick<Draft, 'formId' | 'formVersion' | 'language'>): Form {
    const form = this.deps.forms.get(draft.formId, draft.formVersion);
    if (!form) throw new AnlaufError('forms.unknownForm', { formId: draft.formId }, 'not-found');
    return variantFor(form, draft.language);
  }

  private save(draft: Draft): void {
    this.deps.db
      .prepare(
        `INSERT INTO form_drafts (id, call_id, form_id, form_version, language, revision, values_json, attempted, created_at, updated_at)
         VALUES (@id, @callId, @formId, @formVersion, @language, @revision, @values, @attempted, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET values_json = excluded.values_json, attempted = excluded.attempted, revision = excluded.revision,
           updated_at = excluded.updated_at`,
      )
      .run({ ...draft, values: JSON.stringify(draft.values), attempted: draft.attempted ? 1 : 0 });
    this.drafts.set(draft.id, draft);
    this.changed.fire();
  }

  private view(draft: Draft): FormView {
    const form = this.formOf(draft);
    const fields = fieldViews(form, draft.values, draft.attempted, this.context());
    return {
      id: draft.id,
      callId: draft.callId,
      formId: form.id,
      formVersion: form.version,
      title: form.title,
      kind: form.kind,
      language: form.language,
      status: 'draft',
      revision: draft.revision,
      fields,
      detail: null,
      updatedAt: draft.updatedAt,
      sentAt: null,
    };
  }

  private submittedView(submitted: SubmittedForm): FormView {
    const s = submitted.submission;
    const form = s.formVersion === null ? null : this.deps.forms.get(s.formId, s.formVersion);
    const values: Record<string, Entry> = {};
    for (const field of s.fields) values[field.id] = { value: field.value, prefilledFrom: null };
    const fields = form
      ? fieldViews(variantFor(form, s.language), values, false, this.context()).map((f) => ({ ...f, error: null }))
      : s.fields.map((f) => plainField(f));
    const status: FormStatus = submitted.status;
    return {
      id: s.id,
      callId: s.callId,
      formId: s.formId,
      formVersion: s.formVersion,
      title: s.title,
      kind: s.kind,
      language: s.language,
      status,
      revision: s.revision,
      fields,
      detail: submitted.detail,
      updatedAt: s.submittedAt,
      sentAt: submitted.sentAt,
    };
  }
}

/** A submitted field of a form no longer loaded: shown as sent. */
function plainField(f: FormSubmission['fields'][number]): FormFieldView {
  return { ...f, help: null, required: false, visible: true, prefilledFrom: null, error: null, options: [], min: null, max: null, section: null };
}

/**
 * The fields as the agent sees them: a field whose `when` does not hold is hidden (not checked,
 * not sent), and a field it names counts as empty while it is hidden itself. A required field
 * says it is empty only after a submit attempt; a value that does not fit says so at once.
 */
export function fieldViews(form: Form, values: Record<string, Entry>, attempted: boolean, context: { now: Date; region: string }): FormFieldView[] {
  const shown = new Map<string, FormValue>();
  return form.fields.map((field) => {
    const entry = values[field.id];
    const value = entry?.value ?? null;
    const visible = field.when === null || holds(field.when, (key) => asAnswer(shown.get(key) ?? null));
    if (visible) shown.set(field.id, value);
    let error: Message | null = null;
    if (visible) {
      if (isEmptyValue(value)) error = field.required && attempted ? said('forms.required', {}) : null;
      else error = checkValue(field, value, context).error;
    }
    const { min, max } = boundsOf(field, context.now);
    return {
      id: field.id,
      label: field.label,
      type: field.type,
      help: field.help,
      required: field.required,
      visible,
      value,
      prefilledFrom: entry?.prefilledFrom ?? null,
      error,
      options: field.options,
      min,
      max,
      section: field.section,
    };
  });
}

/** A form value as the `when` matchers read it (a date range by its first day). */
function asAnswer(value: FormValue): AnswerValue | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value.from;
  return value;
}

/** A pre-filled text for a field of a type that takes another shape (a yes/no, a range) is left out. */
function fitted(field: FormField, value: FormValue): FormValue {
  if (field.type === 'yesno' || field.type === 'multiple' || field.type === 'dateRange' || field.type === 'number')
    return typeof value === 'string' ? null : value;
  return value;
}

function prefillValue(source: PrefillSource, facts: FormCallFacts | null, now: number): string | null {
  if (source === 'today') return localDate(new Date(now));
  if (!facts) return null;
  const c = facts.customer;
  const v = (() => {
    switch (source) {
      case 'customer.name':
        return c?.name;
      case 'customer.customerNumber':
        return c?.customerNumber;
      case 'customer.email':
        return c?.email;
      case 'customer.postcode':
        return c?.postcode;
      case 'customer.city':
        return c?.city;
      case 'customer.phone':
        return c?.phones[0];
      case 'call.remoteNumber':
        return facts.call.remoteNumber;
      case 'call.dialedNumber':
        return facts.call.dialedNumber;
      case 'ivr.customerNumber':
        return facts.ivr.customerNumber;
      case 'ivr.concern':
        return facts.ivr.concern;
      case 'ivr.queue':
        return facts.ivr.queue;
      case 'ivr.client':
        return facts.ivr.client;
      case 'ivr.campaign':
        return facts.ivr.campaign;
      case 'agent.name':
        return facts.agentName;
    }
  })();
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function parseValues(json: string): Record<string, Entry> {
  const parsed = JSON.parse(json) as Record<string, Entry>;
  const out: Record<string, Entry> = {};
  for (const [key, entry] of Object.entries(parsed)) {
    const value = formValueSchema.safeParse(entry?.value);
    if (value.success) out[key] = { value: value.data, prefilledFrom: typeof entry.prefilledFrom === 'string' ? entry.prefilledFrom : null };
  }
  return out;
}
