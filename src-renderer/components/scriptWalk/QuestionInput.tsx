import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dateLimit, isSpecifiedDraft, pickedOf, pickOption, type QuestionView } from '../../lib/scriptAnswer';
import type { InputProps } from './inputProps';
import { GridInput } from './GridInput';
import { RatingInput } from './RatingInput';

/** The input a question asks for: choices, text, a number, a date, a time, yes/no, a rating or a grid. */
export function QuestionInput({ question, draft, onChange, labelledBy, errorId, disabled }: InputProps) {
  const { t } = useTranslation();
  const name = useId();
  const invalid = errorId !== undefined;
  // What every text-like field says about itself, for screen readers and the tests alike.
  const field = {
    'data-testid': 'script-input',
    'aria-labelledby': labelledBy,
    'aria-describedby': errorId,
    'aria-required': question.required || undefined,
    'aria-invalid': invalid || undefined,
    disabled,
    onChange: (event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value),
  };
  switch (question.input) {
    case 'single':
    case 'multiple': {
      const multiple = question.input === 'multiple';
      const picked = pickedOf(draft);
      return (
        <div
          className="script-choices"
          role={multiple ? 'group' : 'radiogroup'}
          aria-labelledby={labelledBy}
          aria-describedby={errorId}
          aria-required={question.required || undefined}
          aria-invalid={invalid || undefined}
        >
          {question.options.map((option) => {
            const checked = picked.includes(option.value);
            return (
              <div key={option.value} className="script-choice__row">
                <label className={`script-choice${checked ? ' script-choice--checked' : ''}`}>
                  <input
                    type={multiple ? 'checkbox' : 'radio'}
                    name={name}
                    value={option.value}
                    checked={checked}
                    disabled={disabled}
                    data-testid="script-option"
                    data-value={option.value}
                    onChange={(event) => onChange(pickOption(question, draft, option.value, multiple ? event.target.checked : true))}
                  />
                  <span>{option.label}</span>
                </label>
                {option.specify && checked && (
                  // Right after its option in the tab order, so the agent types on after picking it.
                  <input
                    type="text"
                    className="script-input script-choice__specify"
                    data-testid="script-specify"
                    aria-label={t('script.specify', { option: option.label })}
                    aria-required
                    aria-describedby={errorId}
                    maxLength={500}
                    disabled={disabled}
                    value={isSpecifiedDraft(draft) ? draft.other : ''}
                    onChange={(event) => onChange({ choice: multiple ? picked : option.value, other: event.target.value })}
                  />
                )}
              </div>
            );
          })}
        </div>
      );
    }
    case 'yesno':
      return (
        <div className="script-yesno" role="group" aria-labelledby={labelledBy} aria-describedby={errorId}>
          <button
            type="button"
            className="button script-yesno__button"
            aria-pressed={draft === true}
            data-testid="script-yes"
            disabled={disabled}
            onClick={() => onChange(draft === true ? null : true)}
          >
            {t('script.yes')}
          </button>
          <button
            type="button"
            className="button script-yesno__button"
            aria-pressed={draft === false}
            data-testid="script-no"
            disabled={disabled}
            onClick={() => onChange(draft === false ? null : false)}
          >
            {t('script.no')}
          </button>
        </div>
      );
    case 'rating':
      return <RatingInput question={question} draft={draft} onChange={onChange} labelledBy={labelledBy} errorId={errorId} disabled={disabled} />;
    case 'grid':
      return <GridInput question={question} draft={draft} onChange={onChange} labelledBy={labelledBy} errorId={errorId} disabled={disabled} />;
    case 'time':
      return (
        <input
          type="time"
          className="script-input"
          {...field}
          min={question.minDate === 'now' ? undefined : (question.minDate ?? undefined)}
          max={question.maxDate === 'now' ? undefined : (question.maxDate ?? undefined)}
          value={typeof draft === 'string' ? draft : ''}
        />
      );
    case 'datetime':
      return <input type="datetime-local" className="script-input" {...field} value={typeof draft === 'string' ? draft : ''} />;
    case 'date':
      return (
        <input
          type="date"
          className="script-input"
          {...field}
          min={dateLimit(question.minDate)}
          max={dateLimit(question.maxDate)}
          value={typeof draft === 'string' ? draft : ''}
        />
      );
    case 'number':
      return (
        <input
          type="text"
          inputMode="decimal"
          className="script-input script-input--number"
          {...field}
          placeholder={numberHint(question, t)}
          value={typeof draft === 'string' ? draft : draft === null ? '' : String(draft)}
        />
      );
    default:
      return <input type="text" className="script-input" {...field} maxLength={question.max ?? 2000} value={typeof draft === 'string' ? draft : ''} />;
  }
}

// The three hints' keys spelled out: typing `t` as useTranslation's whole function makes the
// compiler expand every key of the catalogue, which grew past its instantiation depth.
type NumberHintT = (key: 'script.between' | 'script.atLeast' | 'script.atMost', options: { min?: number; max?: number }) => string;

function numberHint(question: QuestionView, t: NumberHintT): string | undefined {
  if (question.min !== null && question.max !== null) return t('script.between', { min: question.min, max: question.max });
  if (question.min !== null) return t('script.atLeast', { min: question.min });
  if (question.max !== null) return t('script.atMost', { max: question.max });
  return undefined;
}
