import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnlauf } from '../../store/react';

/** Reasons offered for skipping a record; the agent may type another. */
const SKIP_REASONS = ['wrongNumber', 'doNotCall', 'duplicate'] as const;

/** Preview dialing: the next record of the list, to read before dialling it or skipping it. */
export function PreviewCard() {
  const { t } = useTranslation();
  const preview = useAnlauf((s) => s.callLists.preview);
  const pending = useAnlauf((s) => s.callLists.previewPending);
  const dial = useAnlauf((s) => s.previewDial);
  const skip = useAnlauf((s) => s.previewSkip);
  const stop = useAnlauf((s) => s.previewStop);
  const [reason, setReason] = useState('');
  const titleId = useId();
  const reasonsId = useId();
  if (!preview) return null;
  const record = preview.record;
  const onCall = preview.callId !== null;

  const submitSkip = async (event: FormEvent) => {
    event.preventDefault();
    const text = reason.trim();
    if (!text || !record) return;
    if (await skip(text)) setReason('');
  };

  return (
    <section className="panel preview-card" aria-labelledby={titleId} data-testid="preview-card" data-list-id={preview.listId}>
      <header className="panel__header">
        <h2 id={titleId}>{t('preview.title', { list: preview.listName })}</h2>
        <span className="muted" data-testid="preview-remaining">
          {t('preview.remaining', { count: preview.remaining })}
        </span>
        <button type="button" className="button button--small" data-testid="preview-stop" disabled={pending} onClick={() => void stop()}>
          {t('preview.stop')}
        </button>
      </header>
      {record ? (
        <div className="preview-card__body" data-testid="preview-record" data-record-id={record.id}>
          <dl className="preview-card__record">
            <div>
              <dt>{t('preview.name')}</dt>
              <dd data-testid="preview-name">{record.name ?? t('preview.noName')}</dd>
            </div>
            <div>
              <dt>{t('preview.number')}</dt>
              <dd data-testid="preview-number">{record.number}</dd>
            </div>
            {record.customerNumber && (
              <div>
                <dt>{t('preview.customerNumber')}</dt>
                <dd>{record.customerNumber}</dd>
              </div>
            )}
            {Object.entries(record.fields).map(([field, value]) => (
              <div key={field}>
                <dt>{field}</dt>
                <dd>{value}</dd>
              </div>
            ))}
            <div>
              <dt>{t('preview.row')}</dt>
              <dd>{t('preview.rowAttempts', { row: record.row, count: record.attempts })}</dd>
            </div>
          </dl>
          <div className="preview-card__actions">
            <button type="button" className="button button--answer" data-testid="preview-dial" disabled={pending || onCall} onClick={() => void dial()}>
              {t('preview.dial', { number: record.number })}
            </button>
            <form className="preview-card__skip" onSubmit={(event) => void submitSkip(event)}>
              <label className="field">
                <span className="field__label">{t('preview.skipReason')}</span>
                <input
                  type="text"
                  list={reasonsId}
                  data-testid="preview-skip-reason"
                  maxLength={200}
                  placeholder={t('preview.skipPlaceholder')}
                  value={reason}
                  disabled={pending || onCall}
                  onChange={(event) => setReason(event.target.value)}
                />
                <datalist id={reasonsId}>
                  {SKIP_REASONS.map((key) => (
                    <option key={key} value={t(`preview.reason.${key}`)} />
                  ))}
                </datalist>
              </label>
              <div className="preview-card__reasons" role="group" aria-label={t('preview.skipReason')}>
                {SKIP_REASONS.map((key) => (
                  <button
                    key={key}
                    type="button"
                    className="chip preview-card__reason"
                    disabled={pending || onCall}
                    onClick={() => setReason(t(`preview.reason.${key}`))}
                  >
                    {t(`preview.reason.${key}`)}
                  </button>
                ))}
              </div>
              <button type="submit" className="button" data-testid="preview-skip" disabled={pending || onCall || reason.trim() === ''}>
                {t('preview.skip')}
              </button>
            </form>
          </div>
          {onCall && <p className="muted">{t('preview.onCall')}</p>}
        </div>
      ) : (
        <p className="preview-card__done muted" data-testid="preview-empty">
          {t('preview.empty')}
        </p>
      )}
    </section>
  );
}
