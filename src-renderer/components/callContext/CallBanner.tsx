import { useTranslation } from 'react-i18next';
import type { CallContext, CallView } from '../../../src-main/contract';
import { wordSaid } from '../../i18n/said';
import { BannerTopics } from './CallTopics';

/**
 * Across the top of the workspace: for whom the call in focus is and what to say. With a problem
 * (clients are configured but this call's company is unknown) it warns instead of greeting, so the
 * agent never greets in the wrong company's name.
 */
export function CallBanner({ call, context }: { call: CallView; context: CallContext | null }) {
  const { t } = useTranslation();
  if (!context || (!context.client && !context.problem && !context.greeting && !context.campaign)) return null;
  const { client, greeting, campaign } = context;
  // Worded in the agent's language; a host without `…Said` sends the English only.
  const problem = context.problemSaid ? wordSaid(t, context.problemSaid) : context.problem;
  const note = context.noteSaid ? context.noteSaid.map((said) => wordSaid(t, said)).join(' ') : context.note;
  const ringing = call.state === 'ringing';
  return (
    <section
      className={`call-banner${problem ? ' call-banner--problem' : ''}`}
      data-testid="call-banner"
      data-call-id={call.id}
      data-client-id={client?.id ?? undefined}
      data-colour={client?.colour ?? undefined}
      aria-label={t('context.banner')}
    >
      <div className="call-banner__client" data-testid="call-banner-client">
        {client?.logo && <img className="call-banner__logo" src={client.logo} alt="" />}
        <div>
          <span className="call-banner__for">{ringing ? t('context.ringingFor') : t('context.callFor')}</span>
          <strong className="call-banner__name" data-testid="call-banner-name">
            {client ? client.name : t('context.unknownCompany')}
          </strong>
        </div>
      </div>
      <div className="call-banner__main">
        {problem ? (
          <div className="call-banner__problem" role="alert" data-testid="client-problem">
            <strong>{t('context.problemTitle')}</strong>
            <span>{problem}</span>
          </div>
        ) : (
          greeting && (
            <p className="call-banner__greeting" data-testid="call-greeting">
              <span className="call-banner__say">{t('context.say')}</span> <q>{greeting}</q>
            </p>
          )
        )}
        {note && (
          <p className="call-banner__note" data-testid="client-note">
            {note}
          </p>
        )}
        <BannerTopics call={call} context={context} />
      </div>
      {campaign && (
        <div className="call-banner__campaign" data-testid="call-campaign">
          <span className="call-banner__for">{t('context.campaignFor')}</span>
          <strong>{campaign.name}</strong>
          {context.language && (
            <span className="chip call-banner__language" data-testid="call-language" title={t(`demo.languageFrom.${context.language.from}`)}>
              {t('demo.callLanguage', { language: context.language.code.toUpperCase() })}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
