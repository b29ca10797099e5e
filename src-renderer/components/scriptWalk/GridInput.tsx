import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ratingScale, type GridDraft } from '../../lib/scriptAnswer';
import type { InputProps } from './inputProps';

/**
 * A grid: one line per item, each a group of radio buttons on the same scale. Native radios give
 * the keyboard for free: Tab moves from line to line, the arrow keys move along a line and pick.
 * Each line is a radiogroup named by its item, each radio by its scale value.
 */
export function GridInput({ question, draft, onChange, labelledBy, errorId, disabled }: InputProps) {
  const { t } = useTranslation();
  const name = useId();
  const values: GridDraft = draft !== null && typeof draft === 'object' && !Array.isArray(draft) && !('choice' in draft) ? draft : {};
  const max = question.max ?? 5;
  const scale =
    question.options.length > 0
      ? question.options.map((o) => ({ value: o.value, label: o.label, name: o.label }))
      : ratingScale(question).map((value, i, all) => {
          const end = i === 0 ? question.minLabel : i === all.length - 1 ? question.maxLabel : null;
          return {
            value: value,
            label: String(value),
            name: end ? t('script.ratingEnd', { value, max, label: end }) : t('script.rating', { value, max }),
          };
        });
  return (
    <div className="script-grid" role="group" aria-labelledby={labelledBy} aria-describedby={errorId} data-testid="script-grid">
      {(question.minLabel || question.maxLabel) && question.options.length === 0 && (
        // Above the lines rather than over the columns: the lines may be of different widths.
        <p className="script-grid__ends muted" aria-hidden>
          {question.minLabel && <span data-testid="script-rating-min-label">{`${question.min ?? 1} = ${question.minLabel}`}</span>}
          {question.maxLabel && <span data-testid="script-rating-max-label">{`${max} = ${question.maxLabel}`}</span>}
        </p>
      )}
      {question.items.map((item) => {
        const rowId = `${name}-${item.id}`;
        return (
          <div
            key={item.id}
            className="script-grid__row"
            role="radiogroup"
            aria-labelledby={rowId}
            aria-required={question.required || undefined}
            data-testid="script-grid-row"
            data-item={item.id}
          >
            <span className="script-grid__item" id={rowId}>
              {item.label}
            </span>
            <span className="script-grid__scale">
              {scale.map((step) => (
                <label key={String(step.value)} className={`script-grid__value${values[item.id] === step.value ? ' script-grid__value--checked' : ''}`}>
                  <input
                    type="radio"
                    name={rowId}
                    value={String(step.value)}
                    checked={values[item.id] === step.value}
                    disabled={disabled}
                    aria-label={step.name}
                    data-testid="script-grid-value"
                    data-item={item.id}
                    data-value={String(step.value)}
                    onChange={() => onChange({ ...values, [item.id]: step.value })}
                  />
                  <span aria-hidden>{step.label}</span>
                </label>
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
}
