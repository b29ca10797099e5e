import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAnlauf } from '../../store/react';

/** Who is signed in on a shared desk, with their way out; nothing on a personal desk. */
export function SignedInAgent() {
  const { t } = useTranslation();
  const { view, signOut } = useAnlauf(useShallow((s) => ({ view: s.signIn.view, signOut: s.signOut })));
  if (!view || view.mode !== 'agent' || view.status !== 'signedIn') return null;
  return (
    <div className="signed-in" data-testid="signed-in">
      <span className="signed-in__agent" title={t('signIn.signedInAs', { agentId: view.agentId ?? '' })} data-testid="signed-in-agent">
        <span className="visually-hidden">{t('signIn.agentIdLabel')} </span>
        {view.agentId}
      </span>
      <button type="button" className="button button--ghost button--small" data-testid="sign-out" onClick={() => void signOut()}>
        {t('signIn.signOut')}
      </button>
    </div>
  );
}
