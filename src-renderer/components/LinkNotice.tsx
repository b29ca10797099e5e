import { useTranslation } from 'react-i18next';
import { selectDialLink } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';

/** A tel:/sip: link waited in vain for the line: the agent must know it was not put in the dial box. */
export function LinkNotice() {
  const { t } = useTranslation();
  const link = useAnlauf(selectDialLink);
  const linkDone = useAnlauf((s) => s.linkDone);
  if (link?.state !== 'failed') return null;
  const message = link.waitingFor === 'media' ? 'dial.link.failedMedia' : 'dial.link.failedLine';
  return (
    <div className="notice" role="alert" data-testid="link-notice" data-waiting-for={link.waitingFor ?? undefined}>
      <span className="notice__message">{t(message, { target: link.target, seconds: link.waitSeconds })}</span>
      <button type="button" className="button button--ghost button--small" data-testid="link-notice-dismiss" onClick={() => void linkDone(link.id)}>
        {t('dial.link.dismiss')}
      </button>
    </div>
  );
}
