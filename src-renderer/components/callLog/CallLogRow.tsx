import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dispositionLabel } from '../../lib/dispositions';
import { formatDateTime, formatDuration, formatTime } from '../../lib/format';
import type { CallLogRow } from '../../store/selectors/callLog';
import { selectCanDial, selectIsDialing } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';

type Props = {
  row: CallLogRow;
  /** Position in the list (for `aria-rowindex`; the header is row 1). */
  index: number;
  height: number;
  selected: boolean;
  onOpen: (id: string) => void;
};

/** Clicks on a control inside the row (click-to-dial) are that control's, not the row's. */
const fromControl = (event: MouseEvent | KeyboardEvent) => event.target instanceof Element && event.target.closest('button, a, input, select') !== null;

export const CallLogTableRow = memo(function CallLogTableRow({ row, index, height, selected, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const none = t('callLog.none');
  return (
    <tr
      data-testid="calllog-row"
      data-call-id={row.id}
      data-selected={selected || undefined}
      aria-rowindex={index + 2}
      tabIndex={0}
      title={t('callLog.openDetails')}
      style={{ height }}
      className={`calllog__row calllog__row--${row.result ?? 'unknown'}${selected ? ' calllog__row--selected' : ''}`}
      onClick={(event) => {
        if (!fromControl(event)) onOpen(row.id);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !fromControl(event)) {
          event.preventDefault();
          onOpen(row.id);
        }
      }}
    >
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
      <td data-col="disposition" data-value={row.disposition ?? undefined} title={row.note ?? undefined}>
        {row.disposition !== null && row.dispositionLabel !== null
          ? dispositionLabel(t, { code: row.disposition, label: row.dispositionLabel })
          : (row.dispositionLabel ?? row.disposition ?? none)}
      </td>
      <td data-col="line" data-value={row.line}>
        {row.isTraining && <span className="badge badge--training badge--small">{t('callLog.trainingMarker')}</span>}
      </td>
    </tr>
  );
});

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
