import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectCanDial, selectIsDialing } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';

/** Places a call to a number or SIP address; Enter dials. */
export function DialBox() {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const canDial = useAnlauf(selectCanDial);
  const dialing = useAnlauf(selectIsDialing);
  const dial = useAnlauf((s) => s.dial);
  const trimmed = target.trim();

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
    </form>
  );
}
