import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../src-main/contract';
import { wordSaid } from '../i18n/said';
import { selectPolicyNotices } from '../store/selectors/policy';
import { useAnlauf } from '../store/react';

/**
 * IT's settings file could not be used as written (its last good version runs, the SIP account is
 * incomplete): the agent is the one who can tell IT, so it stays on screen until dismissed.
 */
export function SettingsFileNotice() {
  const notices = useAnlauf((s) => s.settings.fileNotices);
  return <ItNotice notices={notices} testId="settings-file-notice" />;
}

/** The same for machine policy: a policy source refused or unreadable, which only IT can fix. */
export function PolicyNotice() {
  const notices = useAnlauf(selectPolicyNotices);
  return <ItNotice notices={notices} testId="policy-notice" />;
}

/** Main's notices for IT, worded in the agent's language; dismissed until they change. */
function ItNotice({ notices, testId }: { notices: Message[]; testId: string }) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const shown = JSON.stringify(notices);
  if (notices.length === 0 || dismissed === shown) return null;
  return (
    <div className="notice notice--storage" role="alert" data-testid={testId}>
      <span className="notice__message">
        {notices.map((notice) => (
          <span key={notice.key} data-key={notice.key}>
            {wordSaid(t, notice)}{' '}
          </span>
        ))}
      </span>
      <button type="button" className="button button--ghost button--small" data-testid={`${testId}-dismiss`} onClick={() => setDismissed(shown)}>
        {t('notice.dismiss')}
      </button>
    </div>
  );
}
