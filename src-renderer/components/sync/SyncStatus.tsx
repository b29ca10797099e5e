import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { wordSaid } from '../../i18n/said';
import { formatClock } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { selectQuarantine, selectSyncRunning, selectSyncView, syncStatusText, type SyncStatusText } from '../../store/selectors/sync';
import { useAnlauf } from '../../store/react';
import { QuarantinePanel } from './QuarantinePanel';

/** How the call log's delivery stands, always in view in the phone bar. */
export function SyncStatus() {
  const { t, i18n } = useTranslation();
  const view = useAnlauf(selectSyncView);
  const running = useAnlauf(selectSyncRunning);
  const quarantine = useAnlauf(selectQuarantine);
  const syncNow = useAnlauf((s) => s.syncNow);
  const openQuarantine = useAnlauf((s) => s.openQuarantine);
  const closeQuarantine = useAnlauf((s) => s.closeQuarantine);
  // "since 14:03" gains its date once midnight has passed.
  const now = useNow(60_000, view !== null && view.state !== 'disabled');
  if (!view) return null;

  const language = i18n.resolvedLanguage ?? i18n.language;
  const clock = (ms: number) => formatClock(ms, language, now);
  const title = view.state !== 'disabled' && view.lastSuccessAt !== null ? t('sync.lastSuccess', { time: clock(view.lastSuccessAt) }) : undefined;

  return (
    <div className="phone-bar__group phone-bar__sync sync" role="group" aria-label={t('sync.label')}>
      <span className="phone-bar__label">{t('sync.label')}</span>
      <div className="sync__row">
        <span
          className={`sync__status status-dot status-dot--sync-${view.state}`}
          data-testid="sync-status"
          data-state={view.state}
          title={title}
          role="status"
        >
          {statusText(t, syncStatusText({ ...view, error: view.said ? wordSaid(t, view.said) : view.error }), clock, () => wordSaid(t, view.headline))}
        </span>
        {view.state !== 'disabled' && (
          <button type="button" className="button button--small" data-testid="sync-now" disabled={running} aria-busy={running} onClick={() => void syncNow()}>
            {running ? t('sync.running') : t('sync.now')}
          </button>
        )}
      </div>
      {view.quarantined > 0 && (
        <button
          type="button"
          className="sync__quarantined"
          data-testid="sync-quarantined"
          data-count={view.quarantined}
          aria-expanded={quarantine.open}
          onClick={() => void (quarantine.open ? closeQuarantine() : openQuarantine())}
        >
          {t('sync.quarantined', { count: view.quarantined })}
        </button>
      )}
      {quarantine.open && <QuarantinePanel count={view.quarantined} />}
    </div>
  );
}

function statusText(t: TFunction, text: SyncStatusText, clock: (ms: number) => string, headline: () => string): string {
  switch (text.key) {
    case 'unreached':
      return headline();
    case 'disabled':
      return t('sync.disabled');
    case 'synced':
      return t('sync.synced');
    case 'waiting':
      return t('sync.waiting', { count: text.count, time: clock(text.since) });
    case 'waitingPlain':
      return t('sync.waitingPlain', { count: text.count });
    case 'failing':
      return t('sync.failing', { time: clock(text.since), error: text.error });
    case 'failingSince':
      return t('sync.failingSince', { time: clock(text.since) });
    case 'failingError':
      return t('sync.failingError', { error: text.error });
    case 'failingPlain':
      return t('sync.failingPlain');
  }
}
