import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { colleaguesWithSkills, isFree, searchColleagues, skillsForConcern } from '../../../src-main/shared/colleagues';
import { selectCallContext } from '../../store/selectors/callContext';
import { selectIsCallPending } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';

/** How many colleagues the form offers at once. */
const SUGGESTED = 5;

/** Hands the call on: at once (blind), or after talking to the target first (consult). */
export function TransferForm({ callId, onDone }: { callId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const pending = useAnlauf(selectIsCallPending(callId, 'transfer'));
  const transfer = useAnlauf((s) => s.transfer);
  const consult = useAnlauf((s) => s.consult);
  const trimmed = target.trim();
  const disabled = pending || trimmed === '';
  const colleagues = useAnlauf((s) => s.colleagues.entries);
  const concern = useAnlauf((s) => s.phone.calls.find((c) => c.id === callId)?.ivr.concern ?? null);
  const rules = useAnlauf((s) => s.settings.effective?.colleagues.concernSkills);
  // What the agent types finds colleagues by name, skill or language; before that, the skill the
  // caller's concern asks for suggests its specialists.
  const client = useAnlauf((s) => selectCallContext(callId)(s)?.client?.id ?? null);
  const skills = useMemo(() => skillsForConcern(concern, rules ?? []), [concern, rules]);
  const suggested = useMemo(() => {
    const found = trimmed === '' ? colleaguesWithSkills(colleagues, skills, client) : searchColleagues(colleagues, trimmed, client);
    return found.filter((c) => c.uri !== trimmed).slice(0, SUGGESTED);
  }, [colleagues, skills, trimmed, client]);

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
      {suggested.length > 0 && (
        <ul className="transfer-form__suggestions" data-testid="transfer-suggestions" aria-label={t('colleagues.suggested')}>
          {trimmed === '' && skills.length > 0 && (
            <li className="muted">{t('colleagues.forConcern', { concern: concern ?? '', skills: skills.join(', ') })}</li>
          )}
          {suggested.map((colleague) => (
            <li key={colleague.id}>
              <button
                type="button"
                className={`button button--small transfer-form__suggestion${isFree(colleague) ? ' transfer-form__suggestion--free' : ''}`}
                data-testid="transfer-suggestion"
                data-colleague-id={colleague.id}
                onClick={() => setTarget(colleague.uri)}
              >
                {colleague.name} · {t(`colleagues.presence.${colleague.presence}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
