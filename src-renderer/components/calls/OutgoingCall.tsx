import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../src-main/contract';
import { HangupButton } from './CallButtons';
import { CallParty } from './CallParty';
import { CallStatus } from './CallStatus';

/** A call the agent placed that nobody has answered yet (also a consultation being dialed). */
export function OutgoingCall({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const consult = call.consultFor !== null;
  return (
    <section className="call call--dialing" data-testid="outgoing-call" data-call-id={call.id} data-state={call.state} aria-label={t('call.outgoing')}>
      <div className="call__indicator call__indicator--dialing" role="status">
        <span className="pulse pulse--outgoing" aria-hidden="true" />
        {t('call.outgoing')}
      </div>
      <div className="call__body">
        <CallParty call={call} compact />
        <CallStatus call={call} />
      </div>
      <div className="call__actions">
        <HangupButton call={call} label={consult ? t('call.cancelConsult') : undefined} />
      </div>
    </section>
  );
}
