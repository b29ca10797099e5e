import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { FigureState } from '../../../src-main/contract';
import { formatDuration, formatElapsed } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { liveStateSeconds, selectOwnFigures } from '../../store/selectors/figures';
import { useAnlauf } from '../../store/react';

const STATES: readonly FigureState[] = ['ready', 'notReady', 'onCall', 'wrapUp'];

/**
 * The agent's own figures for today: calls, average talk and wrap-up time, time in each state.
 * The state the agent is in counts on every second; the rest changes with main's snapshots.
 */
export function OwnFiguresPanel() {
  const { t } = useTranslation();
  const { figures, state } = useAnlauf(useShallow((s) => ({ figures: selectOwnFigures(s), state: s.agent.state })));
  const now = useNow(1000, figures !== null);
  if (!figures) return null;
  const seconds = liveStateSeconds(figures, state, now);
  const average = (value: number | null) => (value === null ? '–' : formatDuration(value));
  return (
    <section className="panel figures" aria-labelledby="figures-title" data-testid="own-figures">
      <header className="panel__header">
        <h2 id="figures-title">{t('figures.title')}</h2>
      </header>
      <dl className="figures__list">
        <div className="figures__item" data-figure="calls">
          <dt>{t('figures.calls')}</dt>
          <dd>{figures.calls}</dd>
        </div>
        <div className="figures__item" data-figure="averageTalk">
          <dt>{t('figures.averageTalk')}</dt>
          <dd>{average(figures.averageTalkSeconds)}</dd>
        </div>
        <div className="figures__item" data-figure="averageWrapUp">
          <dt>{t('figures.averageWrapUp')}</dt>
          <dd>{average(figures.averageWrapUpSeconds)}</dd>
        </div>
        {STATES.map((figureState) => (
          <div key={figureState} className="figures__item" data-figure={figureState} data-current={figureState === state || undefined}>
            <dt>{t(`agent.state.${figureState}`)}</dt>
            <dd>
              <time>{formatElapsed(seconds[figureState])}</time>
            </dd>
          </div>
        ))}
        {/* Only where the queue adapter provides them: no number is better than a made-up nought. */}
        {figures.callsWaiting !== undefined && (
          <div className="figures__item" data-figure="callsWaiting">
            <dt>{t('figures.callsWaiting')}</dt>
            <dd>{figures.callsWaiting}</dd>
          </div>
        )}
        {figures.oldestWaitSeconds !== undefined && (
          <div className="figures__item" data-figure="oldestWait">
            <dt>{t('figures.oldestWait')}</dt>
            <dd>{formatElapsed(figures.oldestWaitSeconds)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
