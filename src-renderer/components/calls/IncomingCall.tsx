import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../src-main/contract';
import { selectIsCallPending } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';
import { CallParty } from './CallParty';

/** A ringing call; `waiting` while the agent is already on a call (answering holds that one). */
export function IncomingCall({ call, waiting }: { call: CallView; waiting: boolean }) {
  const { t } = useTranslation();
  const pending = useAnlauf(selectIsCallPending(call.id, 'lifecycle'));
  const answer = useAnlauf((s) => s.answer);
  const reject = useAnlauf((s) => s.reject);
  const label = waiting ? t('call.waiting') : t('call.incoming');
  // The company's colour on the card, so the agent sees whom the call is for before answering.
  const colour = useAnlauf((s) => s.callContext.contexts[call.id]?.client?.colour ?? null);
  return (
    <section
      className={`call call--ringing${waiting ? ' call--waiting' : ''}`}
      data-testid="incoming-call"
      data-call-id={call.id}
      data-state={call.state}
      data-waiting={waiting}
      aria-label={label}
      style={colour ? ({ '--call-client-colour': colour } as CSSProperties) : undefined}
    >
      <div className="call__indicator" role="status">
        <span className="pulse" aria-hidden="true" />
        {label}
      </div>
      <CallParty call={call} showDetails />
      <div className="call__actions">
        <button type="button" className="button button--answer" data-testid="answer" disabled={pending} onClick={() => void answer(call.id)}>
          {t('call.answer')}
        </button>
        <button type="button" className="button button--danger" data-testid="reject" disabled={pending} onClick={() => void reject(call.id)}>
          {t('call.reject')}
        </button>
      </div>
    </section>
  );
}
