import { useTranslation } from 'react-i18next';
import type { CallView } from '../../src-main/contract';
import { formatDuration } from '../lib/format';
import { useNow } from '../lib/useNow';
import { selectCallDuration, selectIsCallPending } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';
import { CallParty } from './CallParty';

export function ActiveCall({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const seconds = useAnlauf(selectCallDuration(now)) ?? 0;
  const pending = useAnlauf(selectIsCallPending(call.id));
  const hangup = useAnlauf((s) => s.hangup);
  return (
    <section className="call call--active" data-testid="active-call" data-call-id={call.id} aria-label={t('call.active')}>
      <div className="call__indicator call__indicator--active">
        {t('call.active')}
        <time className="call__timer" data-testid="call-timer" aria-label={t('call.duration')}>
          {formatDuration(seconds)}
        </time>
      </div>
      <CallParty call={call} />
      <div className="call__actions">
        <button type="button" className="button button--danger" data-testid="hangup" disabled={pending} onClick={() => void hangup(call.id)}>
          {t('call.hangup')}
        </button>
      </div>
    </section>
  );
}
