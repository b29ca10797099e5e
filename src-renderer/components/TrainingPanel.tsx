import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { selectIsTrainingLine, selectLine } from '../store/selectors/phone';
import { selectTrainingView } from '../store/selectors/app';
import { useAnlauf } from '../store/react';

/**
 * The training line's controls. On the training line they are the agent's work; beside a phone
 * line they are a rehearsal, folded away until asked for.
 */
export function TrainingPanel() {
  const { t } = useTranslation();
  const hasLine = useAnlauf((s) => selectLine(s) !== null);
  const isTraining = useAnlauf(selectIsTrainingLine);
  const view = useAnlauf(selectTrainingView);
  const [expanded, setExpanded] = useState(false);
  const bodyId = useId();
  if (!hasLine || !view) return null;
  if (isTraining) {
    return (
      <section className="panel training" aria-labelledby="training-title">
        <header className="panel__header">
          <h2 id="training-title">{t('training.title')}</h2>
          <span className="badge badge--training">{t('line.trainingBadge')}</span>
          {view.demo && (
            <span className="muted training__demo" data-testid="demo-note" title={t('demo.hint')}>
              {t('demo.note')}
            </span>
          )}
        </header>
        <TrainingControls />
      </section>
    );
  }
  return (
    <section className="panel training training--rehearsal" aria-labelledby="training-title">
      <header className="panel__header">
        <h2 id="training-title">
          <button
            type="button"
            className="training__toggle"
            data-testid="training-toggle"
            aria-expanded={expanded}
            aria-controls={bodyId}
            onClick={() => setExpanded((open) => !open)}
          >
            <span className="training__chevron" aria-hidden="true">
              {expanded ? '▾' : '▸'}
            </span>
            {t('training.rehearsal')}
          </button>
        </h2>
        <span className="muted">{t('training.rehearsalHint')}</span>
      </header>
      <div id={bodyId} hidden={!expanded}>
        {expanded && <TrainingControls />}
      </div>
    </section>
  );
}

function TrainingControls() {
  const { t } = useTranslation();
  const { view, pending, simulateCall, startScenario, stopScenario } = useAnlauf(
    useShallow((s) => ({
      view: s.training.view,
      pending: s.training.pending,
      simulateCall: s.simulateCall,
      startScenario: s.startScenario,
      stopScenario: s.stopScenario,
    })),
  );
  if (!view) return null;
  return (
    <div className="training__body">
      <button type="button" className="button button--primary" data-testid="simulate-call" disabled={pending} onClick={() => void simulateCall()}>
        {t('training.simulate')}
      </button>
      <div className="training__scenario">
        <div className="training__scenario-name">
          <span className="muted">{t('training.scenario')}</span>
          <strong data-testid="scenario-name">{view.scenarioName}</strong>
          <span className={`chip ${view.running ? 'chip--on' : ''}`} data-testid="scenario-state">
            {view.running ? t('training.running') : t('training.stopped')}
          </span>
        </div>
        <div className="training__progress">
          <span className="muted">{t('training.progress')}</span>
          <strong data-testid="scenario-progress">
            {view.placed} / {view.scenarioCalls}
          </strong>
          <progress max={Math.max(1, view.scenarioCalls)} value={Math.min(view.placed, view.scenarioCalls)} aria-label={t('training.progress')} />
        </div>
        <div className="training__controls">
          <button type="button" className="button" data-testid="scenario-start" disabled={pending || view.running} onClick={() => void startScenario()}>
            {t('training.start')}
          </button>
          <button type="button" className="button" data-testid="scenario-stop" disabled={pending || !view.running} onClick={() => void stopScenario()}>
            {t('training.stop')}
          </button>
        </div>
      </div>
    </div>
  );
}
