import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CallLogEntry } from '../../../src-main/contract';
import { formatDateTime, formatDuration } from '../../lib/format';
import { selectFocusCall, sameCustomer, selectFocusContext, toPopCustomer } from '../../store/selectors/callContext';
import { toCallLogRow } from '../../store/selectors/callLog';
import { useAnlauf } from '../../store/react';
import { CustomerFacts } from './CustomerFacts';
import { CustomerForm } from './CustomerForm';
import { CustomerCrmLine } from './CustomerCrm';

/** One customer of the directory, their recent calls, and "this is the caller" while a call is live. */
export function CustomerDetails() {
  const { t } = useTranslation();
  const { id, customer, recentCalls, loading, close, readOnly } = useAnlauf(
    useShallow((s) => ({ ...s.customers.details, close: s.closeCustomer, readOnly: s.customers.directory.access === 'readonly' })),
  );
  const closeRef = useRef<HTMLButtonElement>(null);
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [id]);
  // Corrected while they are the caller of the call in focus: the call's card shows the correction too.
  const focusCall = useAnlauf(selectFocusCall);
  const focusContext = useAnlauf(selectFocusContext);
  const callerCallId = focusCall && id !== null && focusContext?.customer.chosen?.id === id ? focusCall.id : undefined;
  useEffect(() => {
    if (id !== null) closeRef.current?.focus();
  }, [id]);
  useEffect(() => {
    if (id === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, close]);
  if (id === null) return null;
  return (
    <aside
      className="call-details customer-details"
      role="dialog"
      aria-labelledby="customer-details-title"
      data-testid="customer-details"
      data-customer-id={id}
      aria-busy={loading}
    >
      <header className="call-details__header">
        <h3 id="customer-details-title">{t('customers.details.title')}</h3>
        <button ref={closeRef} type="button" className="button button--ghost button--small" data-testid="customer-details-close" onClick={close}>
          {t('customers.details.close')}
        </button>
      </header>
      {customer ? (
        <div className="call-details__body">
          {editing ? (
            <CustomerForm customer={customer} callId={callerCallId} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
          ) : (
            <>
              <CustomerFacts customer={customer} nameTestId="customer-details-name" />
              {!readOnly && !id.startsWith('crm:') && (
                <button type="button" className="button button--small" data-testid="customer-edit" onClick={() => setEditing(true)}>
                  {t('customerSync.edit.open')}
                </button>
              )}
            </>
          )}
          <CustomerCrmLine customer={customer} />
          {customer.notes && <p className="customer-details__notes">{customer.notes}</p>}
          <AssignToCall />
          <section className="call-details__section">
            <h4>{t('customers.details.recentCalls')}</h4>
            {loading ? <p className="muted call-details__none">{t('customers.details.loading')}</p> : <RecentCalls calls={recentCalls} />}
          </section>
        </div>
      ) : (
        <p className="call-details__loading muted">{t('customers.details.loading')}</p>
      )}
    </aside>
  );
}

/** While a call is live: make the open customer the caller of the call in focus. */
function AssignToCall() {
  const { t } = useTranslation();
  const call = useAnlauf(selectFocusCall);
  const context = useAnlauf(selectFocusContext);
  const { customer, picking, pick } = useAnlauf(
    useShallow((s) => ({ customer: s.customers.details.customer, picking: s.customers.picking, pick: s.pickCustomer })),
  );
  if (!call || !customer) return null;
  const asCaller = toPopCustomer(customer);
  if (sameCustomer(asCaller, context?.customer.chosen ?? null)) {
    return (
      <p className="customer-details__assigned" data-testid="customer-assigned">
        {t('customers.details.isCaller', { number: call.remoteNumber })}
      </p>
    );
  }
  return (
    <button
      type="button"
      className="button button--primary button--small customer-details__assign"
      data-testid="customer-assign"
      disabled={picking !== null}
      onClick={() => void pick(call.id, asCaller)}
    >
      {t('customers.details.assign', { number: call.remoteNumber })}
    </button>
  );
}

function RecentCalls({ calls }: { calls: CallLogEntry[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  if (calls.length === 0) {
    return (
      <p className="muted call-details__none" data-testid="customer-recent-calls">
        {t('customers.details.noCalls')}
      </p>
    );
  }
  return (
    <ul className="customer-details__calls" data-testid="customer-recent-calls">
      {calls.map((entry) => {
        const row = toCallLogRow(entry);
        return (
          <li key={entry.id} data-call-id={entry.id}>
            <span>{formatDateTime(entry.ringAt, language)}</span>
            <span>{t(`callLog.direction.${entry.direction}`)}</span>
            {row.result && <span className={`result result--${row.result}`}>{t(`callLog.endCause.${row.result}`)}</span>}
            {row.durationMs !== null && <span className="num">{formatDuration(row.durationMs / 1000)}</span>}
            {entry.client && <span className="muted">{entry.client}</span>}
          </li>
        );
      })}
    </ul>
  );
}
