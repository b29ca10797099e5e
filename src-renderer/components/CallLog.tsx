import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { selectIsSearching, selectShownHasMore, selectShownLoadingMore, selectShownRows } from '../store/selectors/callLog';
import { useAnlauf } from '../store/react';
import { CallDetails } from './callLog/CallDetails';
import { CallLogSearch } from './callLog/CallLogSearch';
import { CallLogTable } from './callLog/CallLogTable';

export function CallLog() {
  const { t } = useTranslation();
  const rows = useAnlauf(selectShownRows);
  const hasMore = useAnlauf(selectShownHasMore);
  const loadingMore = useAnlauf(selectShownLoadingMore);
  const searching = useAnlauf(selectIsSearching);
  const { total, liveLoaded, search, loadMoreLive, loadMoreResults, selectedId, openDetails } = useAnlauf(
    useShallow((s) => ({
      total: s.callLog.total,
      liveLoaded: s.callLog.loaded,
      search: s.callLogSearch,
      loadMoreLive: s.loadMoreCallLog,
      loadMoreResults: s.loadMoreSearchResults,
      selectedId: s.callDetails.id,
      openDetails: s.openCallDetails,
    })),
  );
  const loadMoreNow = useCallback(() => void (searching ? loadMoreResults() : loadMoreLive()), [searching, loadMoreResults, loadMoreLive]);
  const open = useCallback((id: string) => void openDetails(id), [openDetails]);

  let count: string | null = null;
  let emptyText: string | null = null;
  if (!searching) {
    if (liveLoaded) count = t('callLog.count', { shown: rows.length, total });
    if (liveLoaded) emptyText = t('callLog.empty');
  } else if (search.searching) {
    count = t('callLog.search.searching');
  } else if (search.loaded) {
    count = t(search.nextCursor !== null ? 'callLog.search.foundMore' : 'callLog.search.found', { count: rows.length });
    emptyText = t('callLog.search.noMatch');
  }

  return (
    <section className="panel calllog" aria-labelledby="calllog-title">
      <header className="panel__header">
        <h2 id="calllog-title">{t('callLog.title')}</h2>
        {count !== null && (
          <span className="muted" data-testid="calllog-count" data-mode={searching ? 'search' : 'live'} aria-live="polite">
            {count}
          </span>
        )}
      </header>
      <CallLogSearch />
      <div className="calllog__body" aria-busy={search.searching || undefined}>
        <CallLogTable
          rows={rows}
          hasMore={hasMore}
          loadingMore={loadingMore}
          loadMore={loadMoreNow}
          resetKey={searching ? JSON.stringify(search.query) : 'live'}
          selectedId={selectedId}
          onOpen={open}
          emptyText={emptyText}
        />
        <CallDetails />
      </div>
      {hasMore && (
        <div className="calllog__footer">
          <button type="button" className="button" data-testid="calllog-more" disabled={loadingMore} onClick={loadMoreNow}>
            {loadingMore ? t('callLog.loadingMore') : t('callLog.more')}
          </button>
        </div>
      )}
    </section>
  );
}
