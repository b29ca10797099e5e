import { useTranslation } from 'react-i18next';
import { wordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';

/**
 * The shared customer directory is read-only for this user, or could not be reached at start: said
 * where the agent searches and imports, for as long as it lasts (it cannot be dismissed: every
 * search and import is affected), so nobody takes "not found" for "not a customer".
 */
export function CustomerDirectoryNotice() {
  const { t } = useTranslation();
  const directory = useAnlauf((s) => s.customers.directory);
  if (!directory.notice) return null;
  return (
    <div className="notice notice--storage customer-directory-notice" role="status" data-testid="customer-directory-notice" data-access={directory.access}>
      <span className="notice__message">{wordSaid(t, directory.notice)}</span>
    </div>
  );
}

/** The same in the settings dialog, where the trainer or IT looks for how this desk is set up. */
export function CustomerDirectorySetting() {
  const { t } = useTranslation();
  const directory = useAnlauf((s) => s.customers.directory);
  if (!directory.notice) return null;
  return (
    <p className="muted field__hint" data-testid="settings-customer-directory" data-access={directory.access}>
      {wordSaid(t, directory.notice)}
    </p>
  );
}
