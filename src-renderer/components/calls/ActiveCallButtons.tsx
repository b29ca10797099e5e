import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../src-main/contract';
import { CompleteTransferButton, HangupButton, HoldButton, MuteButton } from './CallButtons';

/** The panel open under the active call's buttons. */
export type ActiveCallPanel = 'keypad' | 'transfer' | null;

/** The active call's buttons; a consultation swaps Transfer for Complete transfer. */
export function ActiveCallButtons({ call, panel, onPanel }: { call: CallView; panel: ActiveCallPanel; onPanel: (panel: ActiveCallPanel) => void }) {
  const { t } = useTranslation();
  const consult = call.consultFor !== null;
  const toggle = (which: Exclude<ActiveCallPanel, null>) => onPanel(panel === which ? null : which);
  return (
    <div className="call__actions">
      {consult && <CompleteTransferButton call={call} />}
      <HoldButton call={call} />
      <MuteButton call={call} />
      <button
        type="button"
        className="button"
        data-testid="keypad-open"
        aria-expanded={panel === 'keypad'}
        disabled={call.hold !== 'none'}
        onClick={() => toggle('keypad')}
      >
        {t('call.keypad')}
      </button>
      {!consult && (
        <button
          type="button"
          className="button"
          data-testid="transfer-open"
          aria-expanded={panel === 'transfer'}
          disabled={call.transfer?.state === 'trying'}
          onClick={() => toggle('transfer')}
        >
          {t('call.transfer')}
        </button>
      )}
      <HangupButton call={call} label={consult ? t('call.cancelConsult') : undefined} />
    </div>
  );
}
