// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormFieldView, FormView } from '../../../src-main/contract';
import {
  FAULT_OPTIONS,
  fieldSaid,
  makeCall,
  makeContext,
  makeFormField,
  makeFormView,
  makeScriptNode,
  makeScriptView,
  makeSnapshot,
  makeWrapUp,
} from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';
import { FIELD_SEND_DELAY_MS } from './useFieldDraft';

afterEach(unmountApp);

const call = makeCall({ state: 'active', answerAt: Date.now() });
const onCall = (forms: Record<string, FormView[]> = {}) => makeSnapshot({ calls: [call], contexts: { [call.id]: makeContext() }, forms });

const panel = () => screen.getByTestId('form-panel');
const fieldOf = (id: string) => panel().querySelector<HTMLElement>(`[data-field-id="${id}"]`) as HTMLElement;
const inputOf = (id: string) => within(fieldOf(id)).getByTestId('form-input') as HTMLInputElement;

/** Opens `formId` from the call area's "Forms" control, as the agent does. */
async function openFromCallArea(formId = 'fault-report') {
  const control = screen.getByTestId('forms-control');
  fireEvent.click(within(control).getByTestId('forms-open'));
  fireEvent.click(await within(control).findByText(formId === 'fault-report' ? 'Fault report' : formId));
  return screen.findByTestId('form-panel');
}

/** A form with one field of every type, each labelled by its type. */
function everyType(): FormView {
  const field = (type: FormFieldView['type'], overrides: Partial<FormFieldView> = {}) => makeFormField({ id: type, label: `The ${type}`, type, ...overrides });
  const seven = Array.from({ length: 7 }, (_, i) => ({ value: `o${i}`, label: `Option ${i}` }));
  return makeFormView({
    fields: [
      field('text', { section: 'Words', required: true }),
      field('longText', { section: 'Words', max: 1000 }),
      field('number', { section: 'Numbers' }),
      field('email', { section: 'Numbers' }),
      field('phone', { section: 'Numbers' }),
      field('postcode', { section: 'Numbers' }),
      field('iban', { section: 'Bank' }),
      field('bic', { section: 'Bank' }),
      field('date', { section: 'When', min: '2026-12-04', max: '2027-01-01' }),
      field('datetime', { section: 'When', max: '2026-12-04' }),
      field('dateRange', { section: 'When', min: '2026-12-04', max: '2027-01-01' }),
      field('choice', { section: 'Picks', options: FAULT_OPTIONS }),
      makeFormField({ id: 'long-choice', label: 'The long choice', type: 'choice', section: 'Picks', options: seven }),
      field('multiple', { section: 'Picks', options: FAULT_OPTIONS }),
      field('yesno', { section: 'Picks' }),
      makeFormField({ id: 'hidden', label: 'Only when debit', type: 'iban', section: 'Picks', visible: false }),
    ],
  });
}

describe('forms on the call', () => {
  it("lists the client's forms by kind in the call area and opens one beside the script, not over the caller", async () => {
    const contract = makeFormView({ formId: 'tariff-change', title: 'Tariff change', kind: 'contractChange' });
    const { fake } = await renderApp({ snapshot: onCall(), forms: [makeFormView(), contract] });
    const control = screen.getByTestId('forms-control');
    expect(control.textContent).toContain('No form on this call yet.');
    fireEvent.click(within(control).getByTestId('forms-open'));
    const choices = await within(control).findByTestId('forms-choices');
    expect(within(choices).getByRole('group', { name: 'Fault reports' }).textContent).toContain('Fault report');
    expect(within(choices).getByRole('group', { name: 'Contract changes' }).textContent).toContain('Tariff change');
    expect(fake.api.forms.choices).toHaveBeenCalledWith({ callId: call.id });

    fireEvent.click(within(choices).getByText('Fault report'));
    await screen.findByTestId('form-panel');
    expect(fake.api.forms.open).toHaveBeenCalledWith({ callId: call.id, formId: 'fault-report' });
    // Beside the call's details, not a dialog that hides them; the first field has the keyboard.
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('call-context')).toBeTruthy();
    expect(within(panel()).getByRole('heading', { level: 2 }).textContent).toBe('Fault report');
    expect(document.activeElement?.closest('[data-field-id]')?.getAttribute('data-field-id')).toBe('what');
    expect(within(control).getByTestId('forms-item').textContent).toContain('Draft, not sent');
  });

  it('gives every field type its input, sections as headings, required in words, hidden fields left out', async () => {
    await renderApp({ snapshot: onCall({ [call.id]: [everyType()] }) });
    const input = (id: string) => inputOf(id);
    expect(input('text').type).toBe('text');
    expect(input('longText').tagName).toBe('TEXTAREA');
    expect(input('longText').maxLength).toBe(1000);
    expect([input('number').type, input('number').inputMode]).toEqual(['text', 'decimal']);
    expect([input('email').type, input('email').inputMode]).toEqual(['email', 'email']);
    expect([input('phone').type, input('phone').inputMode]).toEqual(['tel', 'tel']);
    expect([input('postcode').inputMode, input('postcode').maxLength]).toEqual(['numeric', 5]);
    for (const bank of ['iban', 'bic']) {
      expect([input(bank).type, input(bank).autocomplete, input(bank).getAttribute('autocapitalize')]).toEqual(['text', 'off', 'characters']);
    }
    expect([input('date').type, input('date').min, input('date').max]).toEqual(['date', '2026-12-04', '2027-01-01']);
    expect([input('datetime').type, input('datetime').max]).toEqual(['datetime-local', '2026-12-04T23:59']);
    const range = fieldOf('dateRange');
    expect(within(range).getByRole('group', { name: 'The dateRange' })).toBeTruthy();
    expect((within(range).getByLabelText('From') as HTMLInputElement).type).toBe('date');
    expect((within(range).getByLabelText('To') as HTMLInputElement).max).toBe('2027-01-01');
    expect(
      within(fieldOf('choice'))
        .getAllByRole('radio')
        .map((radio) => radio.closest('label')?.textContent),
    ).toEqual(['No power', 'No gas']);
    expect(within(fieldOf('long-choice')).getByRole('combobox', { name: 'The long choice' }).querySelectorAll('option')).toHaveLength(8);
    expect(within(fieldOf('multiple')).getAllByRole('checkbox')).toHaveLength(2);
    expect(
      within(fieldOf('yesno'))
        .getAllByRole('radio')
        .map((radio) => radio.closest('label')?.textContent),
    ).toEqual(['Yes', 'No']);

    expect(screen.getAllByTestId('form-section').map((heading) => [heading.tagName, heading.textContent])).toEqual([
      ['H3', 'Words'],
      ['H3', 'Numbers'],
      ['H3', 'Bank'],
      ['H3', 'When'],
      ['H3', 'Picks'],
    ]);
    expect(screen.getByLabelText('The text (required)')).toBe(input('text'));
    expect(input('text').getAttribute('aria-required')).toBe('true');
    expect(screen.queryByText('Only when debit')).toBeNull();
  });

  it('sends typed text once typing pauses, and the text does not jump back while an answer is on its way', async () => {
    const { fake } = await renderApp({
      snapshot: onCall(),
      forms: [makeFormView({ fields: [makeFormField({ id: 'notes', label: 'Notes', type: 'longText' })] })],
    });
    await openFromCallArea();
    const notes = inputOf('notes');
    let answerFirst: () => void = () => {};
    const real = fake.api.forms.set.getMockImplementation();
    fake.api.forms.set.mockImplementationOnce(
      (request) =>
        new Promise((resolve) => {
          answerFirst = () => void real?.(request).then(resolve);
        }),
    );
    for (const text of ['K', 'Ke', 'Kel', 'Kell']) fireEvent.change(notes, { target: { value: text } });
    await waitFor(() => expect(fake.api.forms.set).toHaveBeenCalledTimes(1), { timeout: FIELD_SEND_DELAY_MS * 4 });
    expect(fake.api.forms.set).toHaveBeenLastCalledWith({ id: 'form-1', fieldId: 'notes', value: 'Kell' });

    fireEvent.change(notes, { target: { value: 'Keller, key at the neighbour' } });
    await act(async () => answerFirst());
    // Main's answer to "Kell" arrived; what the agent typed since stays in the field.
    expect(notes.value).toBe('Keller, key at the neighbour');
    await waitFor(() => expect(fake.api.forms.set).toHaveBeenCalledTimes(2), { timeout: FIELD_SEND_DELAY_MS * 4 });
    expect(fake.api.forms.set).toHaveBeenLastCalledWith({ id: 'form-1', fieldId: 'notes', value: 'Keller, key at the neighbour' });
    expect(notes.value).toBe('Keller, key at the neighbour');
  });

  it('says where a pre-filled value came from, tied to its input', async () => {
    await renderApp({ snapshot: onCall({ [call.id]: [makeFormView()] }) });
    const postcode = inputOf('postcode');
    expect(postcode.value).toBe('20095');
    const source = within(fieldOf('postcode')).getByTestId('form-field-source');
    expect(source.textContent).toBe('From the customer card');
    expect(postcode.getAttribute('aria-describedby')?.split(' ')).toContain(source.id);
  });

  it("shows main's errors under their fields after Send and takes the focus to the first wrong one", async () => {
    const { fake } = await renderApp({ snapshot: onCall(), forms: [makeFormView()] });
    await openFromCallArea();
    fireEvent.change(inputOf('iban'), { target: { value: 'DE00 1234' } });
    fake.api.forms.submit.mockImplementationOnce(async ({ id }) => {
      const form = fake.snapshot.forms?.[call.id]?.find((entry) => entry.id === id) as FormView;
      const fields = form.fields.map((field) =>
        field.id === 'what'
          ? { ...field, error: fieldSaid('Please choose one.') }
          : field.id === 'iban'
            ? { ...field, error: fieldSaid('The check digits do not match.') }
            : field,
      );
      const answered = { ...form, fields, updatedAt: form.updatedAt + 1 };
      fake.emitState({ forms: { [call.id]: [answered] } });
      return { ok: false, form: answered };
    });
    fireEvent.click(screen.getByTestId('form-send'));
    await waitFor(() => expect(fake.api.forms.submit).toHaveBeenCalledWith({ id: 'form-1' }));
    // The IBAN typed just before Send went to main first.
    expect(fake.api.forms.set).toHaveBeenCalledWith({ id: 'form-1', fieldId: 'iban', value: 'DE00 1234' });
    const error = await within(fieldOf('what')).findByTestId('form-field-error');
    expect(error.textContent).toBe('Please choose one.');
    const group = within(fieldOf('what')).getByRole('radiogroup');
    expect(group.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    expect(group.getAttribute('aria-invalid')).toBe('true');
    expect(within(fieldOf('iban')).getByTestId('form-field-error').textContent).toBe('The check digits do not match.');
    expect(screen.getByTestId('form-problems').textContent).toBe('2 fields need a correction before the form can be sent.');
    await waitFor(() => expect(document.activeElement?.closest('[data-field-id]')?.getAttribute('data-field-id')).toBe('what'));
  });

  it('masks an IBAN once the field is left, never shows it whole again, and Change empties it for a new entry', async () => {
    const { fake } = await renderApp({ snapshot: onCall(), forms: [makeFormView()] });
    await openFromCallArea();
    const iban = inputOf('iban');
    fireEvent.focus(iban);
    fireEvent.change(iban, { target: { value: 'DE89370400440532013000' } });
    fireEvent.blur(iban);
    const masked = await within(fieldOf('iban')).findByTestId('form-masked');
    expect(masked.textContent).toBe('DE89 •••• •••• •••• •••• 00');
    await waitFor(() => expect(fake.api.forms.set).toHaveBeenCalledWith({ id: 'form-1', fieldId: 'iban', value: 'DE89370400440532013000' }));
    const onScreen = () => document.body.innerHTML + [...document.querySelectorAll('input')].map((input) => input.value).join(' ');
    expect(onScreen()).not.toContain('0532013000');
    // Main's answer with the whole value comes back: still masked.
    act(() => void fake.emitState({}));
    expect(onScreen()).not.toContain('0532013000');

    fireEvent.click(within(fieldOf('iban')).getByTestId('form-change'));
    await waitFor(() => expect(fake.api.forms.set).toHaveBeenLastCalledWith({ id: 'form-1', fieldId: 'iban', value: null }));
    const again = inputOf('iban');
    expect(again.value).toBe('');
    expect(document.activeElement).toBe(again);
  });

  it('keeps a bank value entered before (a restart) masked from the start', async () => {
    const iban = makeFormField({ id: 'iban', label: 'IBAN', type: 'iban', value: 'DE89370400440532013000' });
    const bic = makeFormField({ id: 'bic', label: 'BIC', type: 'bic', value: 'COBADEFFXXX' });
    await renderApp({ snapshot: onCall({ [call.id]: [makeFormView({ fields: [iban, bic] })] }) });
    expect(within(fieldOf('iban')).getByTestId('form-masked').textContent).toBe('DE89 •••• •••• •••• •••• 00');
    expect(within(fieldOf('bic')).getByTestId('form-masked').textContent).toBe('COBA•••••••');
    expect(document.body.innerHTML).not.toContain('0532013000');
    expect(document.body.innerHTML).not.toContain('COBADEFFXXX');
  });

  it('brings an open draft back on screen after a restart, without taking the focus', async () => {
    const draft = makeFormView({ fields: [makeFormField({ id: 'notes', label: 'Notes', value: 'Meter in the cellar' })] });
    await renderApp({ snapshot: onCall({ [call.id]: [draft] }) });
    expect(inputOf('notes').value).toBe('Meter in the cellar');
    expect(document.activeElement).toBe(document.body);

    // It can be closed like one the agent opened, and goes on with the focus in it.
    fireEvent.click(screen.getByTestId('form-close'));
    expect(screen.queryByTestId('form-panel')).toBeNull();
    fireEvent.click(within(screen.getByTestId('forms-item')).getByRole('button', { name: 'Continue' }));
    expect(document.activeElement).toBe(inputOf('notes'));
  });

  it('closes with Escape without losing the draft, and the draft is there to continue', async () => {
    const { fake } = await renderApp({ snapshot: onCall(), forms: [makeFormView({ fields: [makeFormField({ id: 'notes', label: 'Notes' })] })] });
    await openFromCallArea();
    const notes = inputOf('notes');
    fireEvent.change(notes, { target: { value: 'Dog on the premises' } });
    // Enter in a field is kept from sending the form (the browser's implicit submission).
    expect(fireEvent.keyDown(notes, { key: 'Enter' })).toBe(false);
    expect(fake.api.forms.submit).not.toHaveBeenCalled();
    fireEvent.keyDown(notes, { key: 'Escape' });
    expect(screen.queryByTestId('form-panel')).toBeNull();
    await waitFor(() => expect(fake.api.forms.set).toHaveBeenCalledWith({ id: 'form-1', fieldId: 'notes', value: 'Dog on the premises' }));
    expect(fake.api.forms.discard).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('forms-open')));

    const item = screen.getByTestId('forms-item');
    expect(item.textContent).toContain('Draft, not sent');
    fireEvent.click(within(item).getByRole('button', { name: 'Continue' }));
    expect(inputOf('notes').value).toBe('Dog on the premises');
  });

  it('discards a draft only after the agent confirms', async () => {
    const { fake } = await renderApp({ snapshot: onCall(), forms: [makeFormView()] });
    await openFromCallArea();
    fireEvent.click(screen.getByTestId('form-discard'));
    const confirm = screen.getByTestId('form-discard-confirm');
    expect(confirm.textContent).toContain('Discard this form? What you entered is lost.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(fake.api.forms.discard).not.toHaveBeenCalled();
    expect(screen.getByTestId('form-panel')).toBeTruthy();

    fireEvent.click(screen.getByTestId('form-discard'));
    fireEvent.click(screen.getByRole('button', { name: 'Discard the form' }));
    await waitFor(() => expect(screen.queryByTestId('form-panel')).toBeNull());
    expect(fake.api.forms.discard).toHaveBeenCalledWith({ id: 'form-1' });
    expect(screen.getByTestId('forms-control').textContent).toContain('No form on this call yet.');
  });

  it('sends a filled form and shows it as waiting, read-only, with the bank details masked', async () => {
    const { fake } = await renderApp({ snapshot: onCall(), forms: [makeFormView()] });
    await openFromCallArea();
    fireEvent.click(within(fieldOf('what')).getByLabelText('No gas'));
    await waitFor(() => expect(fake.api.forms.set).toHaveBeenCalledWith({ id: 'form-1', fieldId: 'what', value: 'gas' }));
    fireEvent.change(inputOf('iban'), { target: { value: 'DE89370400440532013000' } });
    fireEvent.submit(screen.getByTestId('form-send').closest('form') as HTMLFormElement);
    await waitFor(() => expect(panel().getAttribute('data-status')).toBe('waiting'));
    expect(within(panel()).getByTestId('form-status').textContent).toBe('Waiting to be sent');
    expect(screen.queryByTestId('form-send')).toBeNull();
    const sent = within(panel()).getByTestId('form-sent-fields');
    expect(sent.textContent).toContain('No gas');
    expect(sent.textContent).toContain('DE89 •••• •••• •••• •••• 00');
    expect(document.body.innerHTML).not.toContain('0532013000');
  });

  it('offers the form a script node names, and brings back its draft rather than opening a second one', async () => {
    const node = makeScriptNode({ type: 'say', question: null, text: 'Take down the fault.', form: { formId: 'fault-report', title: 'Fault report' } });
    const { fake } = await renderApp({ snapshot: { ...onCall(), scripts: { [call.id]: makeScriptView({ current: node }) } }, forms: [makeFormView()] });
    const button = screen.getByTestId('script-open-form');
    expect(button.textContent).toBe('Open form: Fault report');
    fireEvent.click(button);
    await screen.findByTestId('form-panel');
    expect(fake.api.forms.open).toHaveBeenCalledWith({ callId: call.id, formId: 'fault-report' });

    fireEvent.keyDown(panel(), { key: 'Escape' });
    expect(screen.queryByTestId('form-panel')).toBeNull();
    fireEvent.click(screen.getByTestId('script-open-form'));
    expect((await screen.findByTestId('form-panel')).getAttribute('data-id')).toBe('form-1');
    expect(fake.api.forms.open).toHaveBeenCalledTimes(1);
  });
});

describe('forms in the wrap-up', () => {
  const sent = makeFormView({ id: 'sub-1', title: 'Fault report', status: 'sent', sentAt: Date.now() });
  const waiting = makeFormView({ id: 'sub-2', formId: 'meter', title: 'Meter reading', status: 'waiting', detail: fieldSaid('The backend answered 503.') });
  const refused = makeFormView({
    id: 'sub-3',
    formId: 'tariff',
    title: 'Tariff change',
    kind: 'contractChange',
    status: 'refused',
    // As main words a refusal: who refused it and why.
    detail: { key: 'formDelivery.refused', params: { status: 422, reason: 'Tariff not available in 20095' } },
  });

  it("shows the call's forms with their status in words", async () => {
    await renderApp({ snapshot: makeSnapshot({ wrapUps: [makeWrapUp()], forms: { 'call-1': [sent, waiting, refused] } }) });
    const control = within(screen.getByTestId('wrapup-panel')).getByTestId('forms-control');
    expect(
      within(control)
        .getAllByTestId('forms-item')
        .map((item) => within(item).getByTestId('form-status').textContent),
    ).toEqual(['Sent', 'Waiting to be sent. The backend answered 503.', 'Refused (HTTP 422): Tariff not available in 20095']);
    expect(within(control).getAllByTestId('forms-correct')).toHaveLength(1);
  });

  it('opens a form during the wrap-up too', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ wrapUps: [makeWrapUp()] }), forms: [makeFormView()] });
    const control = within(screen.getByTestId('wrapup-panel')).getByTestId('forms-control');
    fireEvent.click(within(control).getByTestId('forms-open'));
    fireEvent.click(await within(control).findByText('Fault report'));
    await screen.findByTestId('form-panel');
    expect(fake.api.forms.open).toHaveBeenCalledWith({ callId: 'call-1', formId: 'fault-report' });
  });

  it('reopens a refused form editable with "Correct and send again", and sends the corrected one', async () => {
    const { fake } = await renderApp({ snapshot: makeSnapshot({ wrapUps: [makeWrapUp()], forms: { 'call-1': [refused] } }) });
    fireEvent.click(screen.getByTestId('forms-correct'));
    await waitFor(() => expect(panel().getAttribute('data-status')).toBe('draft'));
    expect(fake.api.forms.correct).toHaveBeenCalledWith({ id: 'sub-3' });
    expect(document.activeElement?.closest('[data-field-id]')?.getAttribute('data-field-id')).toBe('what');
    fireEvent.click(within(fieldOf('what')).getByLabelText('No power'));
    fireEvent.click(screen.getByTestId('form-send'));
    await waitFor(() => expect(panel().getAttribute('data-status')).toBe('waiting'));
    expect(fake.api.forms.submit).toHaveBeenCalledWith({ id: 'sub-3' });
  });

  it('speaks German on a German desk', async () => {
    const snapshot = makeSnapshot({ wrapUps: [makeWrapUp()], forms: { 'call-1': [refused] } });
    await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    const control = screen.getByTestId('forms-control');
    expect(within(control).getByRole('heading').textContent).toBe('Formulare');
    expect(within(control).getByTestId('forms-open').textContent).toBe('Formular öffnen');
    expect(within(control).getByTestId('form-status').textContent).toBe('Abgelehnt (HTTP 422): Tariff not available in 20095');
    expect(within(control).getByTestId('forms-correct').textContent).toBe('Korrigieren und erneut senden');
  });
});
