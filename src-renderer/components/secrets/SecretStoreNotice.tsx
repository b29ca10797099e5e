import { useTranslation } from 'react-i18next';
import { wordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';

/**
 * Said in the settings dialog, where an agent looks for what this desk remembers: without a
 * protected store on this computer, passwords last only until Anlauf closes.
 */
export function SecretStoreNotice() {
  const { t } = useTranslation();
  const notice = useAnlauf((s) => s.settings.secretsNotice);
  if (!notice) return null;
  return (
    <p className="muted field__hint" data-testid="settings-secrets-notice" data-key={notice.key}>
      {wordSaid(t, notice)}
    </p>
  );
}
