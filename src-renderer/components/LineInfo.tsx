import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { LineView } from '../../src-main/contract';
import { wordSaid } from '../i18n/said';
import { formatClock } from '../lib/format';
import { selectLine } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';

export function LineInfo() {
  const { t, i18n } = useTranslation();
  const line = useAnlauf(selectLine);
  if (!line) return null;
  // Once back, the line says in its tooltip how long it was down, so the agent can tell IT.
  const outage =
    line.status === 'registered' && line.lastOutage
      ? t('line.outage', {
          seconds: Math.max(1, Math.round(line.lastOutage.ms / 1000)),
          time: formatClock(line.lastOutage.at, i18n.resolvedLanguage ?? i18n.language),
        })
      : undefined;
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
        title={lineDetail(t, line) ?? outage}
        data-outage-ms={outage ? line.lastOutage?.ms : undefined}
        role="status"
      >
        {t(`line.status.${line.status}`)}
        <LineDetail line={line} />
      </span>
    </div>
  );
}

/** Since when a line is down and why ("since 14:03 — connection refused"); the server's words on a failure. */
function LineDetail({ line }: { line: LineView }) {
  const { t, i18n } = useTranslation();
  const withSince = line.status === 'unreachable' || line.status === 'reconnecting';
  const detail = lineDetail(t, line);
  if (!withSince && !detail) return null;
  const time = formatClock(line.since, i18n.resolvedLanguage ?? i18n.language);
  let text: string;
  if (withSince && detail) text = t('line.detail.sinceReason', { time, detail });
  else if (withSince) text = t('line.detail.since', { time });
  else text = t('line.detail.reason', { detail });
  return (
    <span className="line-info__detail" data-testid="line-detail" data-since={withSince ? line.since : undefined}>
      {' '}
      {text}
    </span>
  );
}

/** Why the line is in its status, in the agent's language; a host without `said` sends English only. */
function lineDetail(t: TFunction, line: LineView): string | null {
  return line.said ? wordSaid(t, line.said) : line.detail;
}
