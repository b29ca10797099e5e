import { useTranslation } from 'react-i18next';
import { selectDialLink } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';

/**
 * A tel:/sip: link that did not go into the dial box — it waited in vain for the line, or it was
 * refused (another SIP domain, a blocked number): the agent must know, and why.
 */
export function LinkNotice() {
  const { t } = useTranslation();
  const link = useAnlauf(selectDialLink);
  const linkDone = useAnlauf((s) => s.linkDone);
  if (link?.state !== 'failed' && link?.state !== 'refused') return null;
  const message =
    link.state === 'refused'
      ? t(link.refusal?.reason === 'domain' ? 'dial.link.refusedDomain' : 'dial.link.refusedBlocked', {
          target: link.target,
          domain: link.refusal?.detail,
          prefix: link.refusal?.detail,
        })
      : t(link.waitingFor === 'media' ? 'dial.link.failedMedia' : 'dial.link.failedLine', { target: link.target, seconds: link.waitSeconds });
  return (
    <div className="notice" role="alert" data-testid="link-notice" data-waiting-for={link.waitingFor ?? undefined} data-refused={link.refusal?.reason}>
      <span className="notice__message">{message}</span>
      <button type="button" className="button button--ghost button--small" data-testid="link-notice-dismiss" onClick={() => void linkDone(link.id)}>
        {t('dial.link.dismiss')}
      </button>
    </div>
  );
}
