import { useTranslation } from 'react-i18next';
import { selectActiveCall, selectRingingCall } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';
import { ActiveCall } from './ActiveCall';
import { IncomingCall } from './IncomingCall';

/** The calls the agent can act on: the one being talked on and the one ringing (call waiting). */
export function CurrentCall() {
  const ringing = useAnlauf(selectRingingCall);
  const active = useAnlauf(selectActiveCall);
  if (!active && !ringing) return null;
  return (
    <div className="phone-bar__calls">
      {active && <ActiveCall key={active.id} call={active} />}
      {ringing && <IncomingCall key={ringing.id} call={ringing} />}
    </div>
  );
}

export function NoCallHint() {
  const { t } = useTranslation();
  const busy = useAnlauf((s) => selectActiveCall(s) !== undefined || selectRingingCall(s) !== undefined);
  return busy ? null : <span className="phone-bar__idle">{t('call.idle')}</span>;
}
