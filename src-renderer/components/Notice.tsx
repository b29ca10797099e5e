import { useTranslation } from 'react-i18next';
import { selectNotice } from '../store/selectors/app';
import { useAnlauf } from '../store/react';
import { useWordSaid } from '../i18n/said';

export function Notice() {
  const { t } = useTranslation();
  const wordSaid = useWordSaid();
  const notice = useAnlauf(selectNotice);
  const dismiss = useAnlauf((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div
      className={notice.level === 'info' ? 'notice notice--info' : 'notice'}
      role="alert"
      data-testid="notice"
      data-level={notice.level}
      data-call-id={notice.callId ?? undefined}
      key={notice.id}
    >
      <span className="notice__message">{notice.level === 'info' ? wordSaid(notice) : t('notice.failed', { message: wordSaid(notice) })}</span>
      <button type="button" className="button button--ghost button--small" data-testid="notice-dismiss" onClick={dismiss}>
        {t('notice.dismiss')}
      </button>
    </div>
  );
}
