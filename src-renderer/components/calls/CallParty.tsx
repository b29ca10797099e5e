import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../src-main/contract';
import { selectIsTrainingLine } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';

/** Who is on the other end, for whom, and (before answering) what the IVR learned. */
export function CallParty({ call, showDetails = false, compact = false }: { call: CallView; showDetails?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  // On a phone line, a call from the training line is a rehearsal and must look like one.
  const rehearsal = useAnlauf((s) => call.line === 'training' && !selectIsTrainingLine(s));
  // The company as main resolved it (name and colour) before the raw IVR value.
  const resolved = useAnlauf((s) => s.callContext.contexts[call.id]?.client ?? null);
  const unresolved = useAnlauf((s) => s.callContext.contexts[call.id]?.problem != null);
  const client = resolved?.name ?? (unresolved ? null : (call.client ?? call.ivr.client ?? null));
  const concern = call.ivr.concern;
  return (
    <div className="call__party">
      <div className="call__caller">
        <span className="call__number" data-testid="call-remote-number">
          {call.remoteNumber}
        </span>
        {call.remoteName && <span className="call__name">{call.remoteName}</span>}
        {rehearsal && (
          <span className="badge badge--training badge--small" data-testid="call-rehearsal">
            {t('call.rehearsal')}
          </span>
        )}
      </div>
      {!compact && (
        <dl className="call__facts">
          {call.queue && (
            <div>
              <dt>{t('call.queue')}</dt>
              <dd data-testid="call-queue">{call.queue.name}</dd>
            </div>
          )}
          <div>
            <dt>{t('call.client')}</dt>
            <dd data-testid="call-client" className={client ? 'call__client' : unresolved ? 'call__client call__client--problem' : 'muted'}>
              {resolved && <span className="call__client-swatch" style={{ background: resolved.colour }} aria-hidden="true" />}
              {client ?? t('call.unknownClient')}
            </dd>
          </div>
          {showDetails && call.dialedNumber && (
            <div>
              <dt>{t('call.dialed')}</dt>
              <dd data-testid="call-dialed-number">{call.dialedNumber}</dd>
            </div>
          )}
          {showDetails && concern && (
            <div>
              <dt>{t('call.concern')}</dt>
              <dd data-testid="call-concern" title={concern}>
                {concern}
              </dd>
            </div>
          )}
          {!showDetails && call.campaign && (
            <div>
              <dt>{t('call.campaign')}</dt>
              <dd>{call.campaign}</dd>
            </div>
          )}
        </dl>
      )}
    </div>
  );
}
