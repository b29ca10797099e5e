import { useTranslation } from 'react-i18next';
import { selectStorageNotice } from '../store/selectors/sync';
import { useAnlauf } from '../store/react';

/** Main found the call log unreadable at start, kept it aside and began a new one: the agent must know. */
export function StorageNotice() {
  const { t } = useTranslation();
  const file = useAnlauf(selectStorageNotice);
  const dismiss = useAnlauf((s) => s.dismissStorageNotice);
  if (!file) return null;
  return (
    <div className="notice notice--storage" role="alert" data-testid="storage-notice" data-file={file}>
      <span className="notice__message">{t('storage.setAside', { file })}</span>
      <button type="button" className="button button--ghost button--small" data-testid="storage-notice-dismiss" onClick={dismiss}>
        {t('storage.dismiss')}
      </button>
    </div>
  );
}
