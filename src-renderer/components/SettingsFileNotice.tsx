import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wordSaid } from '../i18n/said';
import { useAnlauf } from '../store/react';

/**
 * IT's settings file could not be used as written (its last good version runs, the SIP account is
 * incomplete): the agent is the one who can tell IT, so it stays on screen until dismissed.
 */
export function SettingsFileNotice() {
  const { t } = useTranslation();
  const notices = useAnlauf((s) => s.settings.fileNotices);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const shown = JSON.stringify(notices);
  if (notices.length === 0 || dismissed === shown) return null;
  return (
    <div className="notice notice--storage" role="alert" data-testid="settings-file-notice">
      <span className="notice__message">
        {notices.map((notice) => (
          <span key={notice.key} data-key={notice.key}>
            {wordSaid(t, notice)}{' '}
          </span>
        ))}
      </span>
      <button type="button" className="button button--ghost button--small" data-testid="settings-file-notice-dismiss" onClick={() => setDismissed(shown)}>
        {t('notice.dismiss')}
      </button>
    </div>
  );
}
