import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallbackView } from '../../../src-main/contract';
import { formatClock } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useAnlauf } from '../../store/react';
import { isCallbackDue, selectCallbacks, sortedCallbacks } from '../../store/selectors/work';

/** The callbacks agreed with customers, soonest first; those due now stand out. */
export function CallbacksPanel() {
  const { t } = useTranslation();
  const list = useAnlauf(selectCallbacks);
  const callbacks = useMemo(() => sortedCallbacks(list), [list]);
  const now = useNow(15_000);
  return (
    <section className="panel callbacks" aria-labelledby="callbacks-title" data-testid="callbacks">
      <header className="callbacks__header">
        <h2 id="callbacks-title">{t('callbacks.title')}</h2>
        <span className="muted">{t('callbacks.count', { count: callbacks.length })}</span>
      </header>
      {callbacks.length === 0 ? (
        <p className="muted callbacks__empty" data-testid="callbacks-empty">
          {t('callbacks.empty')}
        </p>
      ) : (
        <ul className="callbacks__list">
          {callbacks.map((callback) => (
            <CallbackItem key={callback.id} callback={callback} due={isCallbackDue(callback, now)} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CallbackItem({ callback, due, now }: { callback: CallbackView; due: boolean; now: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const pending = useAnlauf((s) => s.callbacks.pending);
  const dial = useAnlauf((s) => s.dialCallback);
  const cancel = useAnlauf((s) => s.cancelCallback);
  const dialed = callback.state === 'dialed';
  const busy = pending !== null;
  const whom = callback.customerName ?? callback.number;
  const forWhat = [callback.client?.name, callback.campaign?.name].filter(Boolean).join(' · ');
  return (
    <li
      className={`callback${due ? ' callback--due' : ''}${dialed ? ' callback--dialed' : ''}`}
      data-testid="callback-item"
      data-callback-id={callback.id}
      data-due={due || undefined}
      data-state={callback.state}
    >
      <div className="callback__when">
        <time dateTime={new Date(callback.dueAt).toISOString()} data-testid="callback-due-at">
          {formatClock(callback.dueAt, language, now)}
        </time>
        {due && <span className="chip chip--warn">{t('callbacks.due')}</span>}
        {dialed && <span className="chip chip--on">{t('callbacks.dialed')}</span>}
      </div>
      <div className="callback__who">
        <strong>{whom}</strong>
        <span className="callback__number">{callback.number}</span>
        {callback.customerNumber && <span className="muted">{t('callbacks.customerNumber', { number: callback.customerNumber })}</span>}
        {forWhat && <span className="muted callback__for">{forWhat}</span>}
        {callback.note && <p className="callback__note">{callback.note}</p>}
      </div>
      <div className="callback__actions">
        <button
          type="button"
          className="button button--primary button--small"
          data-testid="callback-dial"
          disabled={busy || dialed}
          aria-label={t('callbacks.dialLabel', { whom })}
          onClick={() => void dial(callback.id)}
        >
          {t('callbacks.dial')}
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="callback-cancel"
          disabled={busy || dialed}
          aria-label={t('callbacks.cancelLabel', { whom })}
          onClick={() => void cancel(callback.id)}
        >
          {t('callbacks.cancel')}
        </button>
      </div>
    </li>
  );
}

/** In the phone bar: how many callbacks are due now; it opens the list. */
export function CallbacksDueBadge() {
  const { t } = useTranslation();
  const list = useAnlauf(selectCallbacks);
  const show = useAnlauf((s) => s.showWorkspaceTab);
  const now = useNow(15_000, list.length > 0);
  const due = list.filter((callback) => isCallbackDue(callback, now)).length;
  if (due === 0) return null;
  return (
    <span className="callbacks-badge" role="alert" data-testid="callbacks-due-badge" data-count={due}>
      <button type="button" className="callbacks-badge__button" onClick={() => show('callbacks')}>
        {t('callbacks.dueBadge', { count: due })}
      </button>
    </span>
  );
}
