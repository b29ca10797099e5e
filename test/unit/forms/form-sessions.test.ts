import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormView } from '../../../src-main/contract';
import { FormLibrary } from '../../../src-main/core/forms/form-library';
import { FormSessions, type FormCallFacts } from '../../../src-main/core/forms/form-sessions';
import { FormSubmissionsRepository } from '../../../src-main/core/store/form-submissions';
import { silentLogger } from '../../../src-main/core/log';
import { openDatabase } from '../../../src-main/core/store/database';
import { wordMessage } from '../../../src-main/shared/messages';
import { projectRoot, tempDir } from '../../support/temp';

const sample = (name: string) => path.join(projectRoot, 'resources', 'forms', name);
/** 2026-05-12 10:30 local time. */
const NOW = new Date(2026, 4, 12, 10, 30).getTime();

const FACTS: FormCallFacts = {
  clientId: 'stadtwerke-nord',
  language: 'en',
  agentId: 'a-17',
  agentName: 'Alex Berger',
  customer: { name: 'Erika Mustermann', customerNumber: 'K-100234', email: 'erika@example.de', postcode: '20095', city: 'Hamburg', phones: ['040 1234567'] },
  call: { remoteNumber: '040 1234567', dialedNumber: '+49 40 9999000' },
  ivr: { customerNumber: 'K-100234' },
};

const field = (view: FormView, id: string) => {
  const found = view.fields.find((f) => f.id === id);
  if (!found) throw new Error(`no field ${id}`);
  return found;
};
const errorOf = (view: FormView, id: string) => {
  const error = field(view, id).error;
  return error ? wordMessage('en', error) : null;
};

describe('form sessions', () => {
  let dbFile: string;
  let db: Database;
  let library: FormLibrary;
  let submissions: FormSubmissionsRepository;
  let open: string[];
  let facts: FormCallFacts;

  const sessions = () =>
    new FormSessions({
      db,
      forms: library,
      submissions,
      now: () => NOW,
      openCalls: () => open,
      facts: (callId) => (open.includes(callId) ? facts : null),
      region: () => 'DE',
      logger: silentLogger,
    });

  beforeEach(() => {
    dbFile = path.join(tempDir(), 'anlauf.sqlite');
    db = openDatabase(dbFile, { appVersion: 'test' });
    library = new FormLibrary(db, () => NOW);
    for (const name of ['fault-report.yaml', 'contract-change.yaml', 'cancellation.yaml']) expect(library.load(sample(name)).ok).toBe(true);
    // The real store on the same database: no endpoint, so a form waits for the backend.
    submissions = new FormSubmissionsRepository(db, { hasEndpoint: () => false, now: () => NOW });
    open = ['call-1'];
    facts = FACTS;
  });
  afterEach(() => db.close());

  it('opens a form in the call language, pre-filled from the card and the call, saying where each value came from', () => {
    const view = sessions().open('call-1', 'fault-report');
    expect(view).toMatchObject({ title: 'Fault report', status: 'draft', revision: 1, language: 'en', formVersion: 1 });
    expect(field(view, 'postcode')).toMatchObject({ value: '20095', prefilledFrom: 'customer.postcode', error: null });
    expect(field(view, 'contactName')).toMatchObject({ value: 'Erika Mustermann', prefilledFrom: 'customer.name' });
    // The caller's number as E.164, as a typed one would be kept.
    expect(field(view, 'contactPhone')).toMatchObject({ value: '+49401234567', prefilledFrom: 'call.remoteNumber' });
    expect(field(view, 'window')).toMatchObject({ min: '2026-05-12', max: '2026-06-09', value: null, prefilledFrom: null });

    const german = sessions();
    facts = { ...FACTS, language: 'de-DE' };
    expect(german.open('call-1', 'fault-report')).toMatchObject({ title: 'Störungsmeldung', language: 'de' });
  });

  it('lets the agent change a pre-filled value, which then counts as typed', () => {
    const forms = sessions();
    const view = forms.open('call-1', 'fault-report');
    const changed = forms.set(view.id, 'postcode', '22767');
    expect(field(changed, 'postcode')).toMatchObject({ value: '22767', prefilledFrom: null });
  });

  it('shows a wrong value at once, an empty required field only after a submit attempt, and refuses to submit with every error', () => {
    const forms = sessions();
    const view = forms.open('call-1', 'fault-report');
    expect(errorOf(view, 'street')).toBeNull();
    const typed = forms.set(view.id, 'postcode', '00123');
    expect(errorOf(typed, 'postcode')).toMatch(/five digits/);
    const refused = forms.submit(view.id);
    expect(refused.ok).toBe(false);
    expect(errorOf(refused.form, 'street')).toBe('Please fill in this field.');
    expect(errorOf(refused.form, 'what')).toBe('Please fill in this field.');
    expect(errorOf(refused.form, 'postcode')).toMatch(/five digits/);
    // Optional and hidden fields say nothing.
    expect(errorOf(refused.form, 'notes')).toBeNull();
    expect(field(refused.form, 'whatElse')).toMatchObject({ visible: false, error: null });
    expect(submissions.forCall('call-1')).toEqual([]);
  });

  it('shows, checks and sends a conditional field only while its condition holds', () => {
    const forms = sessions();
    const { id } = forms.open('call-1', 'contract-change');
    forms.set(id, 'changes', ['payment']);
    expect(field(forms.set(id, 'debit', false), 'iban').visible).toBe(false);
    let view = forms.set(id, 'debit', true);
    expect(field(view, 'iban')).toMatchObject({ visible: true, required: true });
    view = forms.set(id, 'iban', 'DE88 3704 0044 0532 0130 00');
    expect(errorOf(view, 'iban')).toMatch(/check digits/);
    // Paying by invoice after all: the wrong IBAN is hidden, not checked and not sent.
    forms.set(id, 'debit', false);
    const sent = forms.submit(id);
    expect(sent.ok).toBe(true);
    const [submitted] = submissions.forCall('call-1');
    expect(submitted?.submission.fields.map((f) => f.id)).toEqual(['customerNumber', 'changes', 'debit']);
    expect(submitted?.submission).toMatchObject({ revision: 1, clientId: 'stadtwerke-nord', agentId: 'a-17', formVersion: 1, kind: 'contractChange' });
    expect(sent.form).toMatchObject({ status: 'waiting', id });
  });

  it('keeps a draft across a restart (the database closed and opened again) for a call still open, and drops it once the call is done', () => {
    const first = sessions();
    const opened = first.open('call-1', 'cancellation');
    first.set(opened.id, 'reason', 'price');
    first.set(opened.id, 'endDate', '30.06.2026');
    db.close();
    db = openDatabase(dbFile, { appVersion: 'test' });
    library = new FormLibrary(db, () => NOW);
    submissions = new FormSubmissionsRepository(db, { hasEndpoint: () => false, now: () => NOW });
    const restarted = sessions();
    restarted.restore();
    const [view] = restarted.views()['call-1'] ?? [];
    expect(view).toMatchObject({ id: opened.id, status: 'draft' });
    expect(field(view as FormView, 'reason').value).toBe('price');
    expect(field(view as FormView, 'endDate').value).toBe('2026-06-30');

    // The call's wrap-up is done: after the next start its drafts are gone.
    open = [];
    db.close();
    db = openDatabase(dbFile, { appVersion: 'test' });
    library = new FormLibrary(db, () => NOW);
    sessions().restore();
    expect(db.prepare('SELECT count(*) AS n FROM form_drafts').get()).toEqual({ n: 0 });
  });

  it('removes a draft when it is submitted or discarded', () => {
    const forms = sessions();
    const a = forms.open('call-1', 'cancellation');
    const b = forms.open('call-1', 'cancellation');
    forms.discard(a.id);
    forms.set(b.id, 'reason', 'moving');
    forms.set(b.id, 'endDate', '2026-06-30');
    expect(forms.submit(b.id).ok).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM form_drafts').get()).toEqual({ n: 0 });
    expect(forms.views()['call-1']?.map((v) => v.status)).toEqual(['waiting']);
  });

  it('reopens a refused form with its values and id; sending it again makes the next revision', () => {
    const forms = sessions();
    const { id } = forms.open('call-1', 'cancellation');
    forms.set(id, 'reason', 'moving');
    forms.set(id, 'endDate', '2026-06-30');
    forms.submit(id);
    expect(() => forms.correct(id)).toThrow(/Only a form the client's system refused/);
    submissions.markRefused(id, 1, { key: 'command.refused', params: { detail: 'end date must be the end of a month' } }, NOW);
    expect(forms.views()['call-1']?.[0]).toMatchObject({ status: 'refused', detail: { params: { detail: 'end date must be the end of a month' } } });

    const draft = forms.correct(id);
    expect(draft).toMatchObject({ id, status: 'draft', revision: 2 });
    expect(field(draft, 'reason').value).toBe('moving');
    expect(forms.views()['call-1']?.map((v) => `${v.status} ${v.revision}`)).toEqual(['draft 2']);
    forms.set(id, 'endDate', '2026-06-30');
    expect(forms.submit(id)).toMatchObject({ ok: true, form: { id, revision: 2, status: 'waiting' } });
    expect(submissions.get(id)?.submission.revision).toBe(2);
  });

  it('offers the forms of the call’s client and those for every client', () => {
    const text = fs.readFileSync(sample('cancellation.yaml'), 'utf8').replace('form: cancellation', 'form: other-client\nclient: hafenwerke');
    expect(library.loadText(text, 'other-client.yaml').ok).toBe(true);
    const forms = sessions();
    expect(forms.choices('call-1').map((c) => c.formId)).toEqual(['cancellation', 'contract-change', 'fault-report']);
    expect(() => forms.open('call-1', 'other-client')).toThrow(/another client/);
    expect(() => forms.open('call-9', 'cancellation')).toThrow(/no open call/);
  });
});
