import { memo, useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import type { FormFieldView } from '../../../src-main/contract';
import { maskBic, maskIban } from '../../../src-main/shared/bank-mask';
import { dateBound, dateTimeBound, inputText, isTyped, pickedOf, RADIO_MAX_OPTIONS, rangeOf, typedValue } from '../../lib/formValue';
import { useFieldTexts } from './fieldTexts';
import { useFieldDraft, type Flush, type SendField } from './useFieldDraft';

type FieldProps = {
  field: FormFieldView;
  send: SendField;
  register: (flush: Flush) => () => void;
  disabled: boolean;
};

/**
 * One field of a form: its label (with "required" in words, not colour alone), the input its type
 * asks for, where a pre-filled value came from, the agent's help and main's word on the value,
 * each tied to the input with aria-describedby.
 */
export const FormField = memo(FormFieldOf, sameField);

/**
 * Each of main's answers is a new copy of the whole form: a field whose view did not change is
 * not drawn again, so typing in one field of forty redraws that one (and opening costs one render).
 */
function sameField(before: FieldProps, after: FieldProps): boolean {
  return (
    before.send === after.send &&
    before.register === after.register &&
    before.disabled === after.disabled &&
    (before.field === after.field || JSON.stringify(before.field) === JSON.stringify(after.field))
  );
}

function FormFieldOf({ field, send, register, disabled }: FieldProps) {
  const texts = useFieldTexts();
  // One id per field, its parts named from it (forty fields open at once).
  const id = useId();
  const [inputId, labelId, helpId, sourceId, errorId] = ['input', 'label', 'help', 'source', 'error'].map((part) => `${id}${part}`) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const typed = isTyped(field.type);
  const draft = useFieldDraft(field, send, register, typed);
  const describedBy =
    [field.prefilledFrom !== null ? sourceId : null, field.help ? helpId : null, field.error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const grouped =
    field.type === 'multiple' || field.type === 'yesno' || field.type === 'dateRange' || (field.type === 'choice' && field.options.length <= RADIO_MAX_OPTIONS);
  const a11y = {
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
    'aria-invalid': field.error !== null || undefined,
  };

  const label = (
    <>
      {field.label}
      {field.required && <span className="form-field__required"> {texts.required}</span>}
    </>
  );
  const notes = (
    <>
      {field.prefilledFrom !== null && (
        <p className="form-field__source muted" id={sourceId} data-testid="form-field-source">
          {texts.prefilled(field.prefilledFrom)}
        </p>
      )}
      {field.help && (
        <p className="form-field__help muted" id={helpId} data-testid="form-field-help">
          {field.help}
        </p>
      )}
      {field.error && (
        <p className="form-field__error" id={errorId} data-testid="form-field-error">
          {texts.said(field.error)}
        </p>
      )}
    </>
  );

  const input = <FieldInput field={field} draft={draft} inputId={inputId} labelId={labelId} a11y={a11y} disabled={disabled} />;
  return (
    <div
      className={`form-field form-field--${field.type}${field.error ? ' form-field--invalid' : ''}`}
      data-testid="form-field"
      data-field-id={field.id}
      data-type={field.type}
    >
      {grouped ? (
        <fieldset className="form-field__group" aria-describedby={describedBy}>
          <legend className="form-field__label" id={labelId}>
            {label}
          </legend>
          {input}
        </fieldset>
      ) : (
        <>
          <label className="form-field__label" id={labelId} htmlFor={inputId}>
            {label}
          </label>
          {input}
        </>
      )}
      {notes}
    </div>
  );
}

type Draft = ReturnType<typeof useFieldDraft>;
type A11y = { 'aria-describedby': string | undefined; 'aria-required': true | undefined; 'aria-invalid': true | undefined };

function FieldInput({
  field,
  draft,
  inputId,
  labelId,
  a11y,
  disabled,
}: {
  field: FormFieldView;
  draft: Draft;
  inputId: string;
  labelId: string;
  a11y: A11y;
  disabled: boolean;
}) {
  const texts = useFieldTexts();
  const name = useId();
  const { local, change, onFocus, onBlur } = draft;
  const text = {
    id: inputId,
    className: 'form-field__input',
    'data-testid': 'form-input',
    ...a11y,
    disabled,
    onFocus,
    onBlur,
    value: inputText(local),
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => change(typedValue(field.type, event.target.value)),
  };
  // Customer data, not the agent's own: the browser's autofill would offer the agent's address.
  const typing = { autoComplete: 'off', spellCheck: false };
  const maxLength = typeof field.max === 'number' ? field.max : undefined;

  switch (field.type) {
    case 'longText':
      return <textarea {...text} rows={4} maxLength={maxLength ?? 4000} />;
    case 'number':
      return <input type="text" inputMode="decimal" {...text} {...typing} />;
    case 'email':
      return <input type="email" inputMode="email" {...text} {...typing} maxLength={maxLength ?? 200} />;
    case 'phone':
      return <input type="tel" inputMode="tel" {...text} {...typing} maxLength={64} />;
    case 'postcode':
      return <input type="text" inputMode="numeric" {...text} {...typing} maxLength={5} />;
    case 'iban':
    case 'bic':
      return <BankInput field={field} draft={draft} text={text} />;
    case 'date':
      return <input type="date" {...text} min={dateBound(field.min)} max={dateBound(field.max)} onChange={(event) => change(event.target.value || null)} />;
    case 'datetime':
      return (
        <input
          type="datetime-local"
          {...text}
          min={dateTimeBound(field.min, 'min')}
          max={dateTimeBound(field.max, 'max')}
          onChange={(event) => change(event.target.value || null)}
        />
      );
    case 'dateRange': {
      const range = rangeOf(local);
      const set = (part: 'from' | 'to', value: string) => {
        const next = { ...range, [part]: value };
        change(next.from === '' && next.to === '' ? null : next);
      };
      return (
        <div className="form-field__range">
          {(['from', 'to'] as const).map((part) => (
            <label key={part} className="form-field__range-part">
              <span>{texts[part]}</span>
              <input
                type="date"
                className="form-field__input"
                data-testid={`form-input-${part}`}
                {...a11y}
                disabled={disabled}
                min={part === 'to' ? range.from || dateBound(field.min) : dateBound(field.min)}
                max={part === 'from' ? range.to || dateBound(field.max) : dateBound(field.max)}
                value={range[part]}
                onFocus={onFocus}
                onBlur={onBlur}
                onChange={(event) => set(part, event.target.value)}
              />
            </label>
          ))}
        </div>
      );
    }
    case 'yesno':
      return (
        <div className="form-field__options form-field__options--inline" role="radiogroup" aria-labelledby={labelId} {...a11y}>
          {([true, false] as const).map((answer) => (
            <label key={String(answer)} className="form-field__option">
              <input
                type="radio"
                name={name}
                data-testid="form-option"
                data-value={String(answer)}
                checked={local === answer}
                disabled={disabled}
                onChange={() => change(answer)}
              />
              <span>{answer ? texts.yes : texts.no}</span>
            </label>
          ))}
        </div>
      );
    case 'choice':
      if (field.options.length > RADIO_MAX_OPTIONS) {
        return (
          <select {...text} onChange={(event) => change(event.target.value || null)} value={typeof local === 'string' ? local : ''}>
            <option value="">{texts.pick}</option>
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        );
      }
      return (
        <div className="form-field__options" role="radiogroup" aria-labelledby={labelId} {...a11y}>
          {field.options.map((option) => (
            <label key={option.value} className="form-field__option">
              <input
                type="radio"
                name={name}
                data-testid="form-option"
                data-value={option.value}
                checked={local === option.value}
                disabled={disabled}
                onChange={() => change(option.value)}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      );
    case 'multiple': {
      const picked = pickedOf(local);
      return (
        <div className="form-field__options" role="group" aria-labelledby={labelId} {...a11y}>
          {field.options.map((option) => (
            <label key={option.value} className="form-field__option">
              <input
                type="checkbox"
                data-testid="form-option"
                data-value={option.value}
                checked={picked.includes(option.value)}
                disabled={disabled}
                onChange={(event) =>
                  change(
                    event.target.checked
                      ? field.options.map((o) => o.value).filter((v) => v === option.value || picked.includes(v))
                      : picked.filter((v) => v !== option.value),
                  )
                }
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      );
    }
    default:
      return <input type="text" {...text} {...typing} maxLength={maxLength ?? 2000} />;
  }
}

/**
 * IBAN and BIC: typed in full, then shown masked (`DE89 •••• … 00`) once the field loses focus.
 * The full value is never put on screen again: "Change" empties the field for a new entry.
 */
function BankInput({ field, draft, text }: { field: FormFieldView; draft: Draft; text: Record<string, unknown> & { id: string } }) {
  const texts = useFieldTexts();
  const { local, change } = draft;
  const entered = typeof local === 'string' && local !== '';
  const [editing, setEditing] = useState(!entered);
  const inputRef = useRef<HTMLInputElement>(null);
  const focusInput = useRef(false);
  useEffect(() => {
    if (editing && focusInput.current) {
      focusInput.current = false;
      inputRef.current?.focus();
    }
  }, [editing]);
  // Main emptied it (a condition, a correction): ready for a new entry.
  useEffect(() => {
    if (!entered) setEditing(true);
  }, [entered]);

  if (!editing && entered) {
    const masked = field.type === 'iban' ? maskIban(local) : maskBic(local);
    return (
      <div className="form-field__masked">
        <output id={text.id} className="form-field__masked-value" data-testid="form-masked" aria-describedby={text['aria-describedby'] as string | undefined}>
          {masked}
        </output>
        <button
          type="button"
          className="button button--small"
          data-testid="form-change"
          aria-label={texts.changeLabel(field.label)}
          disabled={text.disabled as boolean}
          onClick={() => {
            focusInput.current = true;
            change(null, false);
            setEditing(true);
          }}
        >
          {texts.change}
        </button>
      </div>
    );
  }
  return (
    <input
      ref={inputRef}
      type="text"
      {...text}
      autoComplete="off"
      spellCheck={false}
      autoCapitalize="characters"
      maxLength={field.type === 'iban' ? 42 : 11}
      onBlur={() => {
        draft.onBlur();
        if (typeof local === 'string' && local.trim() !== '') setEditing(false);
      }}
    />
  );
}
