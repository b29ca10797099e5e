import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useWordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';

/**
 * The sign-in form of a shared desk, shown instead of the workstation while nobody is signed in.
 * Neither field offers to remember or fill anything: the next person at this desk is another
 * agent, and a saved ID or password would be theirs to see (or to use).
 */
export function SignInScreen() {
  const { t } = useTranslation();
  const wordSaid = useWordSaid();
  const { view, submitting, failure, submit } = useAnlauf(
    useShallow((s) => ({ view: s.signIn.view, submitting: s.signIn.submitting, failure: s.signIn.failure, submit: s.submitSignIn })),
  );
  const [agentId, setAgentId] = useState('');
  const [password, setPassword] = useState('');
  const [staySignedIn, setStaySignedIn] = useState(false);
  const idField = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const ids = useId();
  const pending = submitting || view?.status === 'signingIn';
  const error = view?.error ? wordSaid({ message: '', said: view.error }) : failure ? wordSaid(failure) : null;

  useEffect(() => idField.current?.focus(), []);
  // After a refusal the agent (and a screen reader) lands on the reason, not on an empty field.
  useEffect(() => {
    if (error && !pending) errorRef.current?.focus();
  }, [error, pending]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const signedIn = await submit({ agentId: agentId.trim(), password, staySignedIn: staySignedIn && (view?.staySignedInOffered ?? false) });
    // A refused password is typed again; the ID stays so a typo in it can be seen.
    if (!signedIn) setPassword('');
  };

  return (
    <main className="sign-in" data-testid="sign-in">
      <form className="sign-in__card" aria-labelledby={`${ids}-title`} onSubmit={(event) => void onSubmit(event)} noValidate>
        <h1 className="sign-in__brand">{t('app.title')}</h1>
        <h2 id={`${ids}-title`} className="sign-in__title">
          {t('signIn.title')}
        </h2>
        {error && (
          <p ref={errorRef} className="sign-in__error" role="alert" tabIndex={-1} data-testid="sign-in-error">
            {error}
          </p>
        )}
        {/* A number clicked in the CRM before signing in is not lost: the agent is told where it goes. */}
        {view?.heldLink && (
          <p className="sign-in__held-link" role="status" data-testid="sign-in-held-link">
            {t('signIn.heldLink', { target: view.heldLink })}
          </p>
        )}
        <label className="field">
          <span className="field__label">{t('signIn.agentId')}</span>
          <input
            ref={idField}
            name="agentId"
            data-testid="sign-in-agent-id"
            value={agentId}
            onChange={(event) => setAgentId(event.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            required
            disabled={pending}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('signIn.password')}</span>
          <input
            type="password"
            name="password"
            data-testid="sign-in-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="off"
            required
            disabled={pending}
          />
        </label>
        {view?.staySignedInOffered && (
          <label className="sign-in__stay">
            <input
              type="checkbox"
              data-testid="sign-in-stay"
              checked={staySignedIn}
              onChange={(event) => setStaySignedIn(event.target.checked)}
              disabled={pending}
            />
            <span>{t('signIn.staySignedIn')}</span>
          </label>
        )}
        <button type="submit" className="button button--primary sign-in__submit" data-testid="sign-in-submit" disabled={pending} aria-busy={pending}>
          {pending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
