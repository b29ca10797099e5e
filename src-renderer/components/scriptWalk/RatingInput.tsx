import { useTranslation } from 'react-i18next';
import { ratingScale } from '../../lib/scriptAnswer';
import type { InputProps } from './inputProps';

/**
 * A rating scale as buttons (Tab to a value, Space or Enter to pick it), with what its ends mean
 * beside it. The end labels are also part of the end buttons' names, so a screen reader says
 * "1 of 5, very unhappy" and the agent never has to guess which end is good.
 */
export function RatingInput({ question, draft, onChange, labelledBy, errorId, disabled }: InputProps) {
  const { t } = useTranslation();
  const scale = ratingScale(question);
  const max = question.max ?? 5;
  const endLabel = (value: number) => (value === scale[0] ? question.minLabel : value === scale.at(-1) ? question.maxLabel : null);
  return (
    <div className="script-rating" role="group" aria-labelledby={labelledBy} aria-describedby={errorId}>
      {question.minLabel && (
        <span className="script-rating__end muted" data-testid="script-rating-min-label" aria-hidden>
          {question.minLabel}
        </span>
      )}
      {scale.map((value) => {
        const end = endLabel(value);
        return (
          <button
            key={value}
            type="button"
            className={`script-rating__value${typeof draft === 'number' && value <= draft ? ' script-rating__value--on' : ''}`}
            aria-pressed={draft === value}
            aria-label={end ? t('script.ratingEnd', { value, max, label: end }) : t('script.rating', { value, max })}
            data-testid={`script-rating-${value}`}
            disabled={disabled}
            onClick={() => onChange(draft === value ? null : value)}
          >
            {value}
          </button>
        );
      })}
      {question.maxLabel && (
        <span className="script-rating__end muted" data-testid="script-rating-max-label" aria-hidden>
          {question.maxLabel}
        </span>
      )}
    </div>
  );
}
