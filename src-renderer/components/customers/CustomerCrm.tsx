import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CrmCustomerVersion, DirectoryCustomer } from '../../../src-main/contract';
import { wordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';
import { selectFocusCall, selectFocusContext, toPopCustomer } from '../../store/selectors/callContext';

/** How often an open customer waiting for the CRM is read again. */
const WAITING_REFRESH_MS = 3_000;

/**
 * Where this desk's last change of the customer stands with the client's CRM: sent, waiting (and
 * why), refused (with the CRM's reason), or a conflict, with the CRM's version beside ours and the
 * agent's two answers.
 */
export function CustomerCrmLine({ customer }: { customer: DirectoryCustomer }) {
  const { t } = useTranslation();
  const refresh = useAnlauf((s) => s.refreshCustomer);
  const status = customer.crm;
  const state = status?.state;
  useEffect(() => {
    if (state !== 'waiting') return;
    const timer = setInterval(() => void refresh(), WAITING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [state, refresh]);
  if (!status) return null;
  if (status.state === 'conflict') return <CrmConflict customer={customer} theirs={status.theirs} />;
  return (
    <p className={`customer-crm customer-crm--${status.state}`} data-testid="customer-crm-status" data-state={status.state} role="status">
      {t(`customerSync.state.${status.state}`)}
      {status.reason && <span className="customer-crm__reason">: {wordSaid(t, status.reason)}</span>}
    </p>
  );
}

const COMPARED = ['name', 'customerNumber', 'phones', 'email', 'postcode', 'city'] as const;

function CrmConflict({ customer, theirs }: { customer: DirectoryCustomer; theirs: CrmCustomerVersion | null }) {
  const { t } = useTranslation();
  const { saving, resolveConflict, pick } = useAnlauf(
    useShallow((s) => ({ saving: s.customers.saving, resolveConflict: s.resolveCustomerConflict, pick: s.pickCustomer })),
  );
  const call = useAnlauf(selectFocusCall);
  const context = useAnlauf(selectFocusContext);
  // The caller of the call in focus takes the CRM's details on the call's card as well.
  const resolve = async (id: string, keep: 'theirs' | 'ours') => {
    const resolved = await resolveConflict(id, keep);
    if (resolved && keep === 'theirs' && call && context?.customer.chosen?.id === id) await pick(call.id, toPopCustomer(resolved));
  };
  const name = customer.name ?? customer.customerNumber ?? t('customers.noName');
  const value = (who: DirectoryCustomer | CrmCustomerVersion | null, field: (typeof COMPARED)[number]) => {
    if (!who) return '';
    const v = who[field];
    return Array.isArray(v) ? v.join(', ') : (v ?? '');
  };
  return (
    <section className="customer-crm customer-crm--conflict" data-testid="customer-crm-conflict" role="alert" aria-labelledby="customer-crm-conflict-title">
      <h4 id="customer-crm-conflict-title">{t('customerSync.conflict.title', { name })}</h4>
      {theirs ? (
        <table className="customer-crm__versions" data-testid="customer-crm-versions">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{t('customerSync.conflict.ours')}</th>
              <th scope="col">{t('customerSync.conflict.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {COMPARED.map((field) => {
              const ours = value(customer, field);
              const crm = value(theirs, field);
              return (
                <tr key={field} data-field={field} className={ours !== crm ? 'customer-crm__differs' : undefined} data-differs={ours !== crm}>
                  <th scope="row">{t(`customers.field.${field}`)}</th>
                  <td>{ours}</td>
                  <td>{crm}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="customer-crm-theirs-unknown">
          {t('customerSync.conflict.theirsUnknown')}
        </p>
      )}
      <div className="customer-crm__actions">
        {theirs && (
          <button
            type="button"
            className="button button--primary button--small"
            data-testid="customer-crm-keep-theirs"
            disabled={saving}
            onClick={() => void resolve(customer.id, 'theirs')}
          >
            {t('customerSync.conflict.keepTheirs')}
          </button>
        )}
        <button
          type="button"
          className="button button--small"
          data-testid="customer-crm-send-ours"
          disabled={saving}
          onClick={() => void resolve(customer.id, 'ours')}
        >
          {t('customerSync.conflict.sendOurs')}
        </button>
      </div>
    </section>
  );
}
