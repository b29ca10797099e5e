import { useTranslation } from 'react-i18next';
import type { CallQuality as Quality } from '../../../src-main/contract';

/**
 * The line's quality in one word (good / fair / poor) with the numbers behind it on hover, and
 * the warnings the agent must act on: the line breaking up, speaking while muted, a silent mic.
 */
export function CallQuality({ quality }: { quality: Quality | null | undefined }) {
  const { t } = useTranslation();
  if (!quality) return null;
  const numbers = t('quality.numbers', {
    mos: quality.mos.toFixed(1),
    loss: quality.lossPercent.toFixed(1),
    jitter: Math.round(quality.jitterMs),
    rtt: quality.rttMs === null ? '–' : Math.round(quality.rttMs),
  });
  return (
    <>
      <span
        className={`chip call__quality call__quality--${quality.grade}`}
        data-testid="call-quality"
        data-grade={quality.grade}
        title={numbers}
        aria-label={`${t(`quality.${quality.grade}`)} (${numbers})`}
      >
        {t(`quality.${quality.grade}`)}
      </span>
      {quality.breakingUp && (
        <p className="notice call__warning" role="alert" data-testid="call-breaking-up">
          {t('quality.breakingUp')}
        </p>
      )}
      {quality.mic !== 'ok' && (
        <p className="notice call__warning" role="alert" data-testid="call-mic-warning" data-mic={quality.mic}>
          {t(quality.mic === 'mutedSpeaking' ? 'quality.mutedSpeaking' : 'quality.micSilent')}
        </p>
      )}
    </>
  );
}
