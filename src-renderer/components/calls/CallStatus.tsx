import { useTranslation } from 'react-i18next';
import type { CallView, HoldState } from '../../../src-main/contract';
import { selectCallById } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';

const holdText = { holding: 'call.holding', held: 'call.held', resuming: 'call.resuming' } as const;

/** "On hold" only once main says the far end knows; the steps before and after say so. */
export function HoldStatus({ hold }: { hold: HoldState }) {
  const { t } = useTranslation();
  if (hold === 'none') return null;
  return (
    <span className={`call__hold call__hold--${hold}`} data-testid="call-hold-status" data-hold={hold}>
      {t(holdText[hold])}
    </span>
  );
}

/** What else is going on with a call: the consultation it belongs to, mute, a transfer. */
export function CallStatus({ call }: { call: CallView }) {
  const { t } = useTranslation();
  if (!call.consultFor && !call.muted && !call.transfer && !call.reconnecting) return null;
  return (
    <div className="call__status" role="status">
      {call.reconnecting && (
        <span className="chip chip--warn" data-testid="call-reconnecting">
          {t('call.reconnecting')}
        </span>
      )}
      {call.consultFor && <ConsultLabel consultFor={call.consultFor} />}
      {call.muted && (
        <span className="chip chip--warn" data-testid="call-muted">
          {t('call.muted')}
        </span>
      )}
      {call.transfer && <TransferStatus transfer={call.transfer} />}
    </div>
  );
}

function ConsultLabel({ consultFor }: { consultFor: string }) {
  const { t } = useTranslation();
  const original = useAnlauf(selectCallById(consultFor));
  const party = original ? (original.remoteName ?? original.remoteNumber) : null;
  return (
    <span className="call__consult" data-testid="call-consult-for" data-consult-for={consultFor}>
      {party ? t('call.consultFor', { party }) : t('call.consultation')}
    </span>
  );
}

function TransferStatus({ transfer }: { transfer: NonNullable<CallView['transfer']> }) {
  const { t } = useTranslation();
  const { target, detail } = transfer;
  let text: string;
  if (transfer.state === 'trying') text = t('call.transferring', { target });
  else if (detail) text = t('call.transferFailed', { target, detail });
  else text = t('call.transferFailedPlain', { target });
  return (
    <span
      className={`call__transfer call__transfer--${transfer.state}`}
      data-testid="call-transfer-status"
      data-state={transfer.state}
      data-kind={transfer.kind}
    >
      {text}
    </span>
  );
}
