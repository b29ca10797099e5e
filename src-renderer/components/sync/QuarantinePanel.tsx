import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { wordSaid } from '../../i18n/said';
import { formatDateTime } from '../../lib/format';
import { selectQuarantine } from '../../store/selectors/sync';
import { useAnlauf } from '../../store/react';

/** The records the backend refused for good: what they were, when, and why. */
export function QuarantinePanel({ count }: { count: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const { items, loading } = useAnlauf(selectQuarantine);
  const close = useAnlauf((s) => s.closeQuarantine);
  const load = useAnlauf((s) => s.loadQuarantine);
  const closeRef = useRef<HTMLButtonElement>(null);

  // More (or fewer) refused records while the panel is open: list them afresh.
  const shown = useRef(count);
  useEffect(() => {
    if (shown.current === count) return;
    shown.current = count;
    void load();
  }, [count, load]);

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  return (
    <div className="sync-quarantine" role="dialog" aria-labelledby="sync-quarantine-title" data-testid="sync-quarantine-panel" aria-busy={loading}>
      <header className="sync-quarantine__header">
        <h3 id="sync-quarantine-title">{t('sync.quarantine.title')}</h3>
        <button ref={closeRef} type="button" className="button button--ghost button--small" data-testid="sync-quarantine-close" onClick={close}>
          {t('sync.quarantine.close')}
        </button>
      </header>
      <p className="sync-quarantine__hint">{t('sync.quarantine.hint')}</p>
      {items.length === 0 ? (
        <p className="muted">{loading ? t('sync.quarantine.loading') : t('sync.quarantine.empty')}</p>
      ) : (
        <table className="sync-quarantine__table">
          <thead>
            <tr>
              <th scope="col">{t('sync.quarantine.recorded')}</th>
              <th scope="col">{t('sync.quarantine.record')}</th>
              <th scope="col">{t('sync.quarantine.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid="sync-quarantine-item" data-id={item.id}>
                <td data-col="createdAt" data-value={item.createdAt}>
                  {formatDateTime(item.createdAt, language)}
                </td>
                <td data-col="record">
                  <span className="sync-quarantine__topic">{item.topic}</span> <code>{item.entityId}</code>
                </td>
                <td data-col="reason">
                  {item.said ? wordSaid(t, item.said) : (item.reason ?? <span className="muted">{t('sync.quarantine.noReason')}</span>)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
