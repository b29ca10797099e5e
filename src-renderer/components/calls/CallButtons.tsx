import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../src-main/contract';
import { selectIsCallPending } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';

/** Hold, or Resume once held; both wait while main is still putting the call on or off hold. */
export function HoldButton({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const pending = useAnlauf(selectIsCallPending(call.id, 'hold'));
  const hold = useAnlauf((s) => s.hold);
  const resume = useAnlauf((s) => s.resume);
  const onHold = call.hold === 'held' || call.hold === 'resuming';
  const settling = call.hold === 'holding' || call.hold === 'resuming';
  return onHold ? (
    <button type="button" className="button" data-testid="resume" disabled={pending || settling} onClick={() => void resume(call.id)}>
      {t('call.resume')}
    </button>
  ) : (
    <button type="button" className="button" data-testid="hold" disabled={pending || settling} onClick={() => void hold(call.id)}>
      {t('call.hold')}
    </button>
  );
}

/** A toggle whose pressed state is main's: it flips only when the snapshot says so. */
export function MuteButton({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const pending = useAnlauf(selectIsCallPending(call.id, 'mute'));
  const mute = useAnlauf((s) => s.mute);
  return (
    <button
      type="button"
      className={`button${call.muted ? ' button--pressed' : ''}`}
      data-testid="mute"
      aria-pressed={call.muted}
      disabled={pending}
      onClick={() => void mute(call.id, !call.muted)}
    >
      {t('call.mute')}
    </button>
  );
}

export function HangupButton({ call, label }: { call: CallView; label?: string }) {
  const { t } = useTranslation();
  const pending = useAnlauf(selectIsCallPending(call.id, 'lifecycle'));
  const hangup = useAnlauf((s) => s.hangup);
  return (
    <button type="button" className="button button--danger" data-testid="hangup" disabled={pending} onClick={() => void hangup(call.id)}>
      {label ?? t('call.hangup')}
    </button>
  );
}

/** Attended transfer, step 2: connects the consulted person with the held caller. */
export function CompleteTransferButton({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const pending = useAnlauf(selectIsCallPending(call.id, 'transfer'));
  const completeTransfer = useAnlauf((s) => s.completeTransfer);
  return (
    <button
      type="button"
      className="button button--answer"
      data-testid="transfer-complete"
      disabled={pending || call.transfer?.state === 'trying'}
      onClick={() => void completeTransfer(call.id)}
    >
      {t('call.completeTransfer')}
    </button>
  );
}
