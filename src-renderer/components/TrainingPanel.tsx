import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { selectIsTrainingLine } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';

export function TrainingPanel() {
  const { t } = useTranslation();
  const isTraining = useAnlauf(selectIsTrainingLine);
  const { view, pending, simulateCall, startScenario, stopScenario } = useAnlauf(
    useShallow((s) => ({
      view: s.training.view,
      pending: s.training.pending,
      simulateCall: s.simulateCall,
      startScenario: s.startScenario,
      stopScenario: s.stopScenario,
    })),
  );
  if (!isTraining || !view) return null;
  return (
    <section className="panel training" aria-labelledby="training-title">
      <header className="panel__header">
        <h2 id="training-title">{t('training.title')}</h2>
        <span className="badge badge--training">{t('line.trainingBadge')}</span>
      </header>
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
    </section>
  );
}
