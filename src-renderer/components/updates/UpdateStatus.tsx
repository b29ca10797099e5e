import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { wordSaid } from '../../i18n/said';
import { formatClock } from '../../lib/format';
import { selectUpdates, updateStatusText, type UpdateStatusText } from '../../store/selectors/updates';
import { useAnlauf } from '../../store/react';

/** One line in the settings dialog: whether this desk is up to date, and when a ready update installs. */
export function UpdateStatus() {
  const { t, i18n } = useTranslation();
  const view = useAnlauf(selectUpdates);
  if (!view) return null;
  const language = i18n.resolvedLanguage ?? i18n.language;
  return (
    <p className="muted dialog__meta" data-testid="update-status" data-state={view.state} role="status">
      {statusText(t, updateStatusText(view), (ms) => formatClock(ms, language))}
    </p>
  );
}

function statusText(t: TFunction, status: UpdateStatusText, clock: (ms: number) => string): string {
  switch (status.key) {
    case 'upToDate':
      return t('updates.upToDate', { time: clock(status.at) });
    case 'restarting':
      return t('updates.restarting', { version: status.version, time: clock(status.at) });
    case 'failed':
      return status.error ? t('updates.failed', { error: wordSaid(t, status.error) }) : t('updates.failedPlain');
    case 'notForThisDesk':
      return t('updates.notForThisDesk', { latest: status.latest });
    case 'heldByPin':
      return t('updates.heldByPin', { latest: status.latest, pinned: status.pinned });
    case 'downloading':
    case 'installing':
    case 'readyAfterCall':
    case 'readyAfterWrapUp':
    case 'readyAfterDelivery':
      return t(`updates.${status.key}`, { version: status.version });
    default:
      return t(`updates.${status.key}`);
  }
}
