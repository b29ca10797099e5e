import { useTranslation } from 'react-i18next';
import { selectLine } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';

export function LineInfo() {
  const { t } = useTranslation();
  const line = useAnlauf(selectLine);
  if (!line) return null;
  return (
    <div className="phone-bar__group line-info" aria-label={t('line.label')} role="group">
      <span className="phone-bar__label">{t('line.label')}</span>
      <div className="line-info__name">
        <span data-testid="line-kind">{t(`line.kind.${line.kind}`)}</span>
        {line.kind === 'training' && (
          <span className="badge badge--training" data-testid="training-badge">
            {t('line.trainingBadge')}
          </span>
        )}
      </div>
      <span
        className={`line-info__status status-dot status-dot--${line.status}`}
        data-testid="line-status"
        data-status={line.status}
        title={line.detail ?? undefined}
      >
        {t(`line.status.${line.status}`)}
        {line.detail && <span className="line-info__detail"> · {line.detail}</span>}
      </span>
    </div>
  );
}
