import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectCanDial, selectDialLink, selectIsDialing } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';

const WAITING = { line: 'dial.link.waitingLine', media: 'dial.link.waitingMedia', call: 'dial.link.waitingCall' } as const;

/**
 * Places a call to a number or SIP address; Enter dials. A tel:/sip: link from the OS fills the
 * box and focuses it once main says the line can dial and the agent's call and wrap-up are over —
 * it never dials by itself: the agent confirms with Enter or "Call".
 */
export function DialBox() {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const canDial = useAnlauf(selectCanDial);
  const dialing = useAnlauf(selectIsDialing);
  const dial = useAnlauf((s) => s.dial);
  const link = useAnlauf(selectDialLink);
  const linkDone = useAnlauf((s) => s.linkDone);
  const input = useRef<HTMLInputElement>(null);
  const trimmed = target.trim();

  // Each link once, by id: a later snapshot may repeat it before main has forgotten it, and must
  // not overwrite what the agent typed since.
  const readyId = link?.state === 'ready' ? link.id : null;
  const readyTarget = link?.state === 'ready' ? link.target : '';
  const filled = useRef<string | null>(null);
  useEffect(() => {
    if (readyId === null || filled.current === readyId) return;
    filled.current = readyId;
    setTarget(readyTarget);
    input.current?.focus();
    void linkDone(readyId);
  }, [readyId, readyTarget, linkDone]);

  const submit = async () => {
    if (!canDial || dialing || trimmed === '') return;
    if (await dial(trimmed)) setTarget('');
  };

  return (
    <form
      className="phone-bar__group dial-box"
      aria-label={t('dial.label')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="phone-bar__label" htmlFor="dial-input">
        {t('dial.label')}
      </label>
      <div className="dial-box__row" title={canDial ? undefined : t('dial.unavailable')}>
        <input
          id="dial-input"
          ref={input}
          type="text"
          inputMode="tel"
          autoComplete="off"
          data-testid="dial-input"
          placeholder={t('dial.placeholder')}
          value={target}
          maxLength={200}
          disabled={!canDial}
          onChange={(event) => setTarget(event.target.value)}
        />
        <button type="submit" className="button button--answer button--small" data-testid="dial-call" disabled={!canDial || dialing || trimmed === ''}>
          {t('dial.call')}
        </button>
      </div>
      {link?.state === 'waiting' && (
        <p className="dial-box__link" role="status" data-testid="dial-link-waiting" data-waiting-for={link.waitingFor ?? undefined}>
          {t(WAITING[link.waitingFor ?? 'line'], { target: link.target })}
        </p>
      )}
      {/* A link held for the end of a call may wait long: the agent can let it go. */}
      {link?.state === 'waiting' && link.waitingFor === 'call' && (
        <button type="button" className="button button--ghost button--small" data-testid="dial-link-discard" onClick={() => void linkDone(link.id)}>
          {t('dial.link.discard')}
        </button>
      )}
    </form>
  );
}
