import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../src-main/contract';
import { selectIsCallPending } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';
import { HangupButton } from './CallButtons';
import { CallParty } from './CallParty';
import { CallStatus, HoldStatus } from './CallStatus';

/** A call on hold behind the one the agent talks on (a consultation, or after a swap). */
export function HeldCall({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const pending = useAnlauf(selectIsCallPending(call.id, 'hold'));
  const resume = useAnlauf((s) => s.resume);
  const swap = useAnlauf((s) => s.swap);
  const settling = pending || call.hold !== 'held';
  return (
    <section
      className={`call call--held call--${call.hold}`}
      data-testid="held-call"
      data-call-id={call.id}
      data-state={call.state}
      data-hold={call.hold}
      aria-label={t('call.held')}
    >
      <div className="call__indicator call__indicator--held">
        <span className="call__pause" aria-hidden="true" />
        <HoldStatus hold={call.hold} />
      </div>
      <div className="call__body">
        <CallParty call={call} compact />
        <CallStatus call={call} />
      </div>
      <div className="call__actions">
        <button type="button" className="button" data-testid="swap" disabled={settling} onClick={() => void swap(call.id)}>
          {t('call.swap')}
        </button>
        <button type="button" className="button" data-testid="resume" disabled={settling} onClick={() => void resume(call.id)}>
          {t('call.resume')}
        </button>
        <HangupButton call={call} />
      </div>
    </section>
  );
}
