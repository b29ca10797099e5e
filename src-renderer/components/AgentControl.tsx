import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAnlauf } from '../store/react';

export function AgentControl() {
  const { t } = useTranslation();
  const { state, pending, setAgentState } = useAnlauf(
    useShallow((s) => ({ state: s.agent.state, pending: s.agent.pending, setAgentState: s.setAgentState })),
  );
  if (!state) return null;
  const next = state === 'ready' ? 'notReady' : 'ready';
  return (
    <div className="phone-bar__group agent" role="group" aria-label={t('agent.label')}>
      <span className="phone-bar__label">{t('agent.label')}</span>
      <span className={`agent__state agent__state--${state}`} data-testid="agent-state" data-state={state}>
        {t(`agent.state.${state}`)}
      </span>
      <button
        type="button"
        className="button button--small"
        data-testid="agent-toggle"
        disabled={pending}
        onClick={() => void setAgentState(next)}
      >
        {next === 'ready' ? t('agent.goReady') : t('agent.goNotReady')}
      </button>
    </div>
  );
}
