import { useTranslation } from 'react-i18next';
import { selectNotice } from '../store/selectors/app';
import { useAnlauf } from '../store/react';

export function Notice() {
  const { t } = useTranslation();
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
      <span className="notice__message">{notice.level === 'info' ? notice.message : t('notice.failed', { message: notice.message })}</span>
      <button type="button" className="button button--ghost button--small" data-testid="notice-dismiss" onClick={dismiss}>
        {t('notice.dismiss')}
      </button>
    </div>
  );
}
