import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectIsCallPending } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';

/** Hands the call on: at once (blind), or after talking to the target first (consult). */
export function TransferForm({ callId, onDone }: { callId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const pending = useAnlauf(selectIsCallPending(callId, 'transfer'));
  const transfer = useAnlauf((s) => s.transfer);
  const consult = useAnlauf((s) => s.consult);
  const trimmed = target.trim();
  const disabled = pending || trimmed === '';

  const run = async (command: (callId: string, target: string) => Promise<boolean>) => {
    if (await command(callId, trimmed)) onDone();
  };

  return (
    <div className="transfer-form" data-testid="transfer-form" role="group" aria-label={t('call.transfer')}>
      <label className="transfer-form__field">
        <span className="phone-bar__label">{t('call.transferTarget')}</span>
        <input
          type="text"
          inputMode="tel"
          autoComplete="off"
          autoFocus
          data-testid="transfer-target"
          placeholder={t('call.transferTargetPlaceholder')}
          value={target}
          maxLength={200}
          onChange={(event) => setTarget(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone();
          }}
        />
      </label>
      <button type="button" className="button" data-testid="transfer-blind" disabled={disabled} onClick={() => void run(transfer)}>
        {t('call.transferBlind')}
      </button>
      <button type="button" className="button" data-testid="transfer-consult" disabled={disabled} onClick={() => void run(consult)}>
        {t('call.transferConsult')}
      </button>
    </div>
  );
}
