import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../src-main/contract';
import { formatDuration } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { talkSeconds } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';
import { ActiveCallButtons, type ActiveCallPanel } from './ActiveCallButtons';
import { CallParty } from './CallParty';
import { CallQuality } from './CallQuality';
import { CallStatus, HoldStatus } from './CallStatus';
import { Keypad } from './Keypad';
import { TransferForm } from './TransferForm';

/** The answered call in front: the one the agent talks on, or the only one, on hold. */
export function ActiveCall({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const [panel, setPanel] = useState<ActiveCallPanel>(null);
  // The transfer hotkey opens this call's form, as its button does (the form takes the focus).
  const transferAsked = useAnlauf((s) => (s.hotkeys.transferFor?.callId === call.id ? s.hotkeys.transferFor.n : null));
  useEffect(() => {
    if (transferAsked !== null) setPanel('transfer');
  }, [transferAsked]);
  const consult = call.consultFor !== null;
  const label = consult ? t('call.consultation') : t('call.active');
  return (
    <section
      className={`call call--active call--${call.hold}`}
      data-testid="active-call"
      data-call-id={call.id}
      data-state={call.state}
      data-hold={call.hold}
      aria-label={label}
    >
      <div className="call__indicator call__indicator--active">
        {label}
        <time className="call__timer" role="timer" data-testid="call-timer" aria-label={t('call.duration')}>
          {formatDuration(talkSeconds(call, now) ?? 0)}
        </time>
      </div>
      <div className="call__body">
        <CallParty call={call} />
        <div className="call__status-row" aria-live="polite">
          <HoldStatus hold={call.hold} />
          <CallStatus call={call} />
          <CallQuality quality={call.quality} />
        </div>
      </div>
      <ActiveCallButtons call={call} panel={panel} onPanel={setPanel} />
      {panel === 'keypad' && <Keypad callId={call.id} disabled={call.hold !== 'none'} />}
      {panel === 'transfer' && !consult && <TransferForm callId={call.id} onDone={() => setPanel(null)} />}
    </section>
  );
}
