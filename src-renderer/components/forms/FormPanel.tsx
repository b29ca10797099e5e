import { Fragment, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormFieldView, FormView } from '../../../src-main/contract';
import { maskBic, maskIban } from '../../../src-main/shared/bank-mask';
import { useWordSaid } from '../../i18n/said';
import { rangeOf } from '../../lib/formValue';
import { useAnlauf } from '../../store/react';
import { selectShownForm } from '../../store/selectors/forms';
import { FormField } from './FormField';
import { FieldTextsContext, useFieldTextsOfLanguage } from './fieldTexts';
import { FormStatus } from './FormStatus';
import type { Flush, SendField } from './useFieldDraft';

/**
 * The form the agent fills, beside the script (never a dialog over the caller's details). A draft
 * is edited field by field with main; a submitted one is read, and a refused one corrected.
 */
export function FormPanel() {
  const form = useAnlauf(selectShownForm);
  // The agent opened it (focus goes into it), or it came back by itself after a restart (it does not take the focus).
  const opened = useAnlauf((s) => s.forms.shown);
  if (!form) return null;
  // Keyed by form: what is typed in one form never shows in another.
  return <FormSheet key={form.id} form={form} takeFocus={opened === form.id} />;
}

function FormSheet({ form, takeFocus }: { form: FormView; takeFocus: boolean }) {
  const { t } = useTranslation();
  const wordSaid = useWordSaid();
  const setField = useAnlauf((s) => s.setFormField);
  const submit = useAnlauf((s) => s.submitForm);
  const discard = useAnlauf((s) => s.discardForm);
  const close = useAnlauf((s) => s.closeForm);
  const busy = useAnlauf((s) => s.forms.busy === form.id);
  const error = useAnlauf((s) => s.forms.errors[form.id]);
  const titleId = useId();
  const panelRef = useRef<HTMLElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [focusField, setFocusField] = useState<string | null>(null);
  const editable = form.status === 'draft';

  // Each field hands the panel its "send what you hold now", so Send never leaves typed text behind.
  const flushes = useRef(new Set<Flush>());
  const register = useCallback((flush: Flush) => {
    flushes.current.add(flush);
    return () => void flushes.current.delete(flush);
  }, []);
  const send: SendField = useCallback((fieldId, value) => setField(form.id, fieldId, value), [form.id, setField]);

  // Into the first field when the agent opened the form (or chose to go on with a draft that came
  // back by itself); not on each of main's answers.
  useEffect(() => {
    if (!takeFocus || !editable) return;
    panelRef.current?.querySelector<HTMLElement>('.form-field input:not(:disabled), .form-field textarea, .form-field select')?.focus();
  }, [takeFocus]);

  useEffect(() => {
    if (focusField === null) return;
    setFocusField(null);
    const field = [...(panelRef.current?.querySelectorAll<HTMLElement>('[data-field-id]') ?? [])].find((element) => element.dataset.fieldId === focusField);
    field?.querySelector<HTMLElement>('input:not(:disabled), textarea, select, button')?.focus();
  }, [focusField]);

  const onSend = async () => {
    await Promise.all([...flushes.current].map((flush) => flush()));
    const answer = await submit(form.id);
    if (!answer || answer.ok) return;
    const wrong = answer.form.fields.find((field) => field.visible && field.error !== null);
    if (wrong) setFocusField(wrong.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    if (confirming) return setConfirming(false);
    closeAndReturn();
  };
  const closeAndReturn = () => {
    void Promise.all([...flushes.current].map((flush) => flush()));
    close(form.id);
    // Back to where forms are opened, so the keyboard's place is not lost.
    requestAnimationFrame(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="forms-control"]')]
        .find((control) => control.dataset.callId === form.callId)
        ?.querySelector<HTMLElement>('[data-testid="forms-open"]')
        ?.focus(),
    );
  };

  const fields = form.fields.filter((field) => field.visible);
  return (
    <section
      ref={panelRef}
      className="panel form-panel"
      aria-labelledby={titleId}
      data-testid="form-panel"
      data-form-id={form.formId}
      data-id={form.id}
      data-status={form.status}
      onKeyDown={onKeyDown}
    >
      <header className="panel__header form-panel__header">
        <h2 id={titleId}>
          {form.title}
          {form.revision > 1 && <span className="muted"> {t('forms.revision', { revision: form.revision })}</span>}
        </h2>
        <span role="status">
          <FormStatus form={form} />
        </span>
        <button type="button" className="button button--small form-panel__close" data-testid="form-close" title={t('forms.closeHint')} onClick={closeAndReturn}>
          {t('forms.close')}
        </button>
      </header>
      <form
        className="form-panel__body"
        noValidate
        // Enter in a field does not send the form to the client's system: only Send does.
        onKeyDown={(event) => {
          if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
        }}
        onSubmit={(event) => {
          event.preventDefault();
          if (editable) void onSend();
        }}
      >
        {editable ? <EditableFields fields={fields} send={send} register={register} disabled={busy} /> : <SubmittedFields fields={fields} />}
        {error && (
          <p className="form-panel__error" role="alert" data-testid="form-error">
            {wordSaid(error)}
          </p>
        )}
        {editable && fields.some((field) => field.error !== null) && (
          <p className="form-panel__problems" role="alert" data-testid="form-problems">
            {t('forms.problems', { count: fields.filter((field) => field.error !== null).length })}
          </p>
        )}
        {editable && (
          <div className="form-panel__actions">
            {confirming ? (
              <div className="form-panel__confirm" role="group" aria-label={t('forms.discardQuestion')} data-testid="form-discard-confirm">
                <span>{t('forms.discardQuestion')}</span>
                <button type="button" className="button button--danger" data-testid="form-discard-yes" disabled={busy} onClick={() => void discard(form.id)}>
                  {t('forms.discardYes')}
                </button>
                <button type="button" className="button" data-testid="form-discard-no" autoFocus onClick={() => setConfirming(false)}>
                  {t('forms.discardNo')}
                </button>
              </div>
            ) : (
              <button type="button" className="button" data-testid="form-discard" disabled={busy} onClick={() => setConfirming(true)}>
                {t('forms.discard')}
              </button>
            )}
            <button type="submit" className="button button--primary" data-testid="form-send" disabled={busy}>
              {busy ? t('forms.sending') : t('forms.send')}
            </button>
          </div>
        )}
        {form.status === 'refused' && <CorrectButton form={form} />}
      </form>
    </section>
  );
}

/** The fields under their section headings, in the form's order. */
function EditableFields({
  fields,
  send,
  register,
  disabled,
}: {
  fields: FormFieldView[];
  send: SendField;
  register: (flush: Flush) => () => void;
  disabled: boolean;
}) {
  const texts = useFieldTextsOfLanguage();
  return (
    <FieldTextsContext.Provider value={texts}>
      {fields.map((field, index) => (
        <Fragment key={field.id}>
          {field.section !== null && field.section !== fields[index - 1]?.section && (
            <h3 className="form-panel__section" data-testid="form-section">
              {field.section}
            </h3>
          )}
          <FormField field={field} send={send} register={register} disabled={disabled} />
        </Fragment>
      ))}
    </FieldTextsContext.Provider>
  );
}

/** A submitted form as sent: bank details masked, choices by their labels. */
function SubmittedFields({ fields }: { fields: FormFieldView[] }) {
  const { t } = useTranslation();
  const text = (field: FormFieldView): string => {
    const { value } = field;
    if (value === null || value === '') return '—';
    if (field.type === 'iban' && typeof value === 'string') return maskIban(value);
    if (field.type === 'bic' && typeof value === 'string') return maskBic(value);
    if (typeof value === 'boolean') return value ? t('forms.yes') : t('forms.no');
    const label = (picked: string) => field.options.find((option) => option.value === picked)?.label ?? picked;
    if (Array.isArray(value)) return value.map(label).join(', ');
    if (typeof value === 'object') return t('forms.range.text', rangeOf(value));
    return typeof value === 'string' ? label(value) : String(value);
  };
  // One list per section, under its heading.
  const groups: { section: string | null; fields: FormFieldView[] }[] = [];
  for (const field of fields) {
    const last = groups.at(-1);
    if (last && last.section === field.section) last.fields.push(field);
    else groups.push({ section: field.section, fields: [field] });
  }
  return (
    <div className="form-panel__sent" data-testid="form-sent-fields">
      {groups.map((group, index) => (
        <Fragment key={index}>
          {group.section !== null && (
            <h3 className="form-panel__section" data-testid="form-section">
              {group.section}
            </h3>
          )}
          <dl>
            {group.fields.map((field) => (
              <div key={field.id} className="form-panel__sent-field" data-field-id={field.id}>
                <dt>{field.label}</dt>
                <dd>{text(field)}</dd>
              </div>
            ))}
          </dl>
        </Fragment>
      ))}
    </div>
  );
}

function CorrectButton({ form }: { form: FormView }) {
  const { t } = useTranslation();
  const correct = useAnlauf((s) => s.correctForm);
  const busy = useAnlauf((s) => s.forms.busy === form.id);
  return (
    <div className="form-panel__actions">
      <button type="button" className="button button--primary" data-testid="form-correct" disabled={busy} onClick={() => void correct(form.id)}>
        {t('forms.correct')}
      </button>
    </div>
  );
}
