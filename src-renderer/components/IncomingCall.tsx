import { useTranslation } from 'react-i18next';
import type { CallView } from '../../src-main/contract';
import { selectIsCallPending } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';
import { CallParty } from './CallParty';

export function IncomingCall({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const pending = useAnlauf(selectIsCallPending(call.id));
  const answer = useAnlauf((s) => s.answer);
  const reject = useAnlauf((s) => s.reject);
  return (
    <section className="call call--ringing" data-testid="incoming-call" data-call-id={call.id} aria-label={t('call.incoming')}>
      <div className="call__indicator" role="status">
        <span className="pulse" aria-hidden="true" />
        {t('call.incoming')}
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
