import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { CALL_DIRECTIONS, END_CAUSES } from '../../../src-main/shared/calls';
import { hasAnyFilter, SEARCH_TEXT_MAX, type CallLogFilters } from '../../store/callLogQuery';
import { selectClientOptions } from '../../store/selectors/callLog';
import { useAnlauf } from '../../store/react';

/** How long typing must pause before the text is searched. */
export const SEARCH_DEBOUNCE_MS = 200;

function isDirection(value: string): value is CallLogFilters['direction'] {
  return value === '' || (CALL_DIRECTIONS as readonly string[]).includes(value);
}

function isEndCause(value: string): value is CallLogFilters['endCause'] {
  return value === '' || (END_CAUSES as readonly string[]).includes(value);
}

/** The search box and filters above the call log. */
export function CallLogSearch() {
  const { t } = useTranslation();
  const { filters, setFilters, clear, loadClients, exportCallLog } = useAnlauf(
    useShallow((s) => ({
      filters: s.callLogSearch.filters,
      setFilters: s.setCallLogFilters,
      clear: s.clearCallLogFilters,
      loadClients: s.loadCallLogClients,
      exportCallLog: s.exportCallLog,
    })),
  );
  const [exporting, setExporting] = useState(false);
  const download = async (format: 'csv' | 'json') => {
    setExporting(true);
    try {
      const file = await exportCallLog(format);
      if (file) saveFile(file.filename, file.mimeType, file.content);
    } finally {
      setExporting(false);
    }
  };
  const clients = useAnlauf(selectClientOptions);
  // The box shows every key at once; the search follows once typing pauses.
  const [draft, setDraft] = useState(filters.text);

  useEffect(() => {
    if (draft === filters.text) return;
    const timer = setTimeout(() => void setFilters({ text: draft }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, filters.text, setFilters]);

  useEffect(() => {
    void loadClients();
  }, [loadClients]);

  return (
    <form className="calllog-search" role="search" aria-label={t('callLog.search.label')} onSubmit={(event) => event.preventDefault()}>
      <input
        type="search"
        className="calllog-search__text"
        data-testid="calllog-search"
        aria-label={t('callLog.search.label')}
        placeholder={t('callLog.search.placeholder')}
        maxLength={SEARCH_TEXT_MAX}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          // Enter searches at once rather than after the pause.
          if (event.key === 'Enter' && draft !== filters.text) void setFilters({ text: draft });
        }}
      />
      <label className="calllog-search__field">
        <span>{t('callLog.search.client')}</span>
        <select
          data-testid="calllog-filter-client"
          value={filters.client}
          onFocus={() => void loadClients()}
          onChange={(event) => void setFilters({ client: event.target.value })}
        >
          <option value="">{t('callLog.search.allClients')}</option>
          {clients.map((client) => (
            <option key={client} value={client}>
              {client}
            </option>
          ))}
        </select>
      </label>
      <label className="calllog-search__field">
        <span>{t('callLog.search.direction')}</span>
        <select
          data-testid="calllog-filter-direction"
          value={filters.direction}
          onChange={(event) => {
            const value = event.target.value;
            if (isDirection(value)) void setFilters({ direction: value });
          }}
        >
          <option value="">{t('callLog.search.allDirections')}</option>
          {CALL_DIRECTIONS.map((direction) => (
            <option key={direction} value={direction}>
              {t(`callLog.direction.${direction}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="calllog-search__field">
        <span>{t('callLog.search.result')}</span>
        <select
          data-testid="calllog-filter-result"
          value={filters.endCause}
          onChange={(event) => {
            const value = event.target.value;
            if (isEndCause(value)) void setFilters({ endCause: value });
          }}
        >
          <option value="">{t('callLog.search.allResults')}</option>
          {END_CAUSES.map((endCause) => (
            <option key={endCause} value={endCause}>
              {t(`callLog.endCause.${endCause}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="calllog-search__field">
        <span>{t('callLog.search.from')}</span>
        <input
          type="date"
          data-testid="calllog-filter-from"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(event) => void setFilters({ from: event.target.value })}
        />
      </label>
      <label className="calllog-search__field">
        <span>{t('callLog.search.to')}</span>
        <input
          type="date"
          data-testid="calllog-filter-to"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(event) => void setFilters({ to: event.target.value })}
        />
      </label>
      <button
        type="button"
        className="button button--small"
        data-testid="calllog-filter-clear"
        disabled={!hasAnyFilter(filters, draft)}
        onClick={() => {
          setDraft('');
          void clear();
        }}
      >
        {t('callLog.search.clear')}
      </button>
      <button type="button" className="button button--small" data-testid="calllog-export-csv" disabled={exporting} onClick={() => void download('csv')}>
        {t('callLog.export.csv')}
      </button>
      <button type="button" className="button button--small" data-testid="calllog-export-json" disabled={exporting} onClick={() => void download('json')}>
        {t('callLog.export.json')}
      </button>
    </form>
  );
}

/** Hands a file to the browser's (or Electron's) download: the agent chooses where it goes. */
function saveFile(filename: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
