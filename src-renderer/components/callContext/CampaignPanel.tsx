import { useTranslation } from 'react-i18next';
import type { CallContext } from '../../../src-main/contract';
import { ScriptText } from './ScriptText';

/**
 * The campaign's script to follow, and the wrap-up codes this campaign uses (shown, not chosen
 * here). With a loaded call script walked beside it (`guided`), a campaign without script text
 * shows only its codes, rather than claiming it has no script.
 */
export function CampaignPanel({ campaign, guided = false }: { campaign: NonNullable<CallContext['campaign']>; guided?: boolean }) {
  const { t } = useTranslation();
  const showScript = campaign.script !== null || !guided;
  return (
    <section className="panel campaign" aria-labelledby="campaign-title" data-testid="campaign-panel" data-campaign-id={campaign.id}>
      <header className="panel__header">
        <h2 id="campaign-title">{showScript ? t('context.script', { campaign: campaign.name }) : t('context.campaign', { campaign: campaign.name })}</h2>
      </header>
      {showScript && (
        <div className="campaign__script" data-testid="campaign-script">
          {campaign.script ? <ScriptText text={campaign.script} /> : <p className="muted">{t('context.noScript')}</p>}
        </div>
      )}
      {campaign.dispositions.length > 0 && (
        <div className="campaign__dispositions">
          <h3 id="disposition-title">{t('context.dispositions')}</h3>
          <ul className="campaign__disposition-list" data-testid="disposition-set" aria-labelledby="disposition-title">
            {campaign.dispositions.map((disposition) => (
              <li key={disposition}>{disposition}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
