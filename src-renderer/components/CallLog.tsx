import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { formatDateTime, formatDuration, formatTime } from '../lib/format';
import { selectCallLogHasMore, selectCallLogRows, type CallLogRow } from '../store/selectors/callLog';
import { selectCanDial, selectIsDialing } from '../store/selectors/phone';
import { useAnlauf } from '../store/react';

export function CallLog() {
  const { t } = useTranslation();
  const rows = useAnlauf(selectCallLogRows);
  const hasMore = useAnlauf(selectCallLogHasMore);
  const { total, loaded, loadingMore, loadMore } = useAnlauf(
    useShallow((s) => ({
      total: s.callLog.total,
      loaded: s.callLog.loaded,
      loadingMore: s.callLog.loadingMore,
      loadMore: s.loadMoreCallLog,
    })),
  );
  return (
    <section className="panel calllog" aria-labelledby="calllog-title">
      <header className="panel__header">
        <h2 id="calllog-title">{t('callLog.title')}</h2>
        {loaded && (
          <span className="muted" data-testid="calllog-count">
            {t('callLog.count', { shown: rows.length, total })}
          </span>
        )}
      </header>
      <div className="calllog__scroll">
        <table className="calllog__table" data-testid="calllog">
          <thead>
            <tr>
              <th scope="col">{t('callLog.column.ringAt')}</th>
              <th scope="col">{t('callLog.column.direction')}</th>
              <th scope="col">{t('callLog.column.remoteNumber')}</th>
              <th scope="col">{t('callLog.column.client')}</th>
              <th scope="col">{t('callLog.column.campaign')}</th>
              <th scope="col">{t('callLog.column.answerAt')}</th>
              <th scope="col">{t('callLog.column.endAt')}</th>
              <th scope="col" className="num">{t('callLog.column.duration')}</th>
              <th scope="col">{t('callLog.column.endCause')}</th>
              <th scope="col">{t('callLog.column.line')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <CallLogTableRow key={row.id} row={row} />
            ))}
          </tbody>
        </table>
        {loaded && rows.length === 0 && <p className="calllog__empty muted">{t('callLog.empty')}</p>}
      </div>
      {hasMore && (
        <div className="calllog__footer">
          <button type="button" className="button" data-testid="calllog-more" disabled={loadingMore} onClick={() => void loadMore()}>
            {t('callLog.more')}
          </button>
        </div>
      )}
    </section>
  );
}

function CallLogTableRow({ row }: { row: CallLogRow }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const none = t('callLog.none');
  return (
    <tr data-testid="calllog-row" data-call-id={row.id} className={`calllog__row calllog__row--${row.result ?? 'unknown'}`}>
      <td data-col="ringAt" data-value={row.ringAt}>
        {formatDateTime(row.ringAt, language)}
      </td>
      <td data-col="direction" data-value={row.direction}>
        {t(`callLog.direction.${row.direction}`)}
      </td>
      <td data-col="remoteNumber">
        {row.dialTarget ? <DialNumber number={row.dialTarget} /> : <span className="calllog__number">{row.remoteNumber}</span>}
        {row.remoteName && <span className="calllog__name">{row.remoteName}</span>}
      </td>
      <td data-col="client">{row.client ?? none}</td>
      <td data-col="campaign">{row.campaign ?? none}</td>
      <td data-col="answerAt" data-value={row.answerAt ?? undefined}>
        {row.answerAt != null ? formatTime(row.answerAt, language) : none}
      </td>
      <td data-col="endAt" data-value={row.endAt ?? undefined}>
        {row.endAt != null ? formatTime(row.endAt, language) : none}
      </td>
      <td data-col="duration" className="num" data-value={row.durationMs ?? undefined}>
        {row.durationMs != null ? formatDuration(row.durationMs / 1000) : none}
      </td>
      <td data-col="endCause" data-value={row.result ?? undefined}>
        {row.result ? <span className={`result result--${row.result}`}>{t(`callLog.endCause.${row.result}`)}</span> : none}
        {row.result === 'transferred' && row.transferTarget && (
          <span className="calllog__transfer-target" data-testid="calllog-transfer-target">
            {' '}
            {t('callLog.transferTarget', { target: row.transferTarget })}
          </span>
        )}
      </td>
      <td data-col="line" data-value={row.line}>
        {row.isTraining && <span className="badge badge--training badge--small">{t('callLog.trainingMarker')}</span>}
      </td>
    </tr>
  );
}

/** Click-to-dial: the number itself is the button. */
function DialNumber({ number }: { number: string }) {
  const { t } = useTranslation();
  const canDial = useAnlauf(selectCanDial);
  const dialing = useAnlauf(selectIsDialing);
  const dial = useAnlauf((s) => s.dial);
  return (
    <button
      type="button"
      className="calllog__number calllog__dial"
      data-testid="calllog-dial"
      title={canDial ? t('callLog.dialNumber', { number }) : t('dial.unavailable')}
      disabled={!canDial || dialing}
      onClick={() => void dial(number)}
    >
      {number}
    </button>
  );
}
