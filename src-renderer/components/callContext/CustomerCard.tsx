import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallContext, CallView, CustomerCard as Card, PopCustomer } from '../../../src-main/contract';
import { wordSaid } from '../../i18n/said';
import { formatAge } from '../../lib/format';
import { sameCustomer } from '../../store/selectors/callContext';
import { useAnlauf } from '../../store/react';
import { CustomerFacts } from '../customers/CustomerFacts';
import { CustomerForm } from '../customers/CustomerForm';

/** Who is calling, for the call in focus: looking, one customer, a pick list, or an unknown caller. */
export function CustomerCard({ call, context }: { call: CallView; context: CallContext | null }) {
  const { t } = useTranslation();
  const card = context?.customer ?? null;
  const looking = !card || card.state === 'looking';
  return (
    <section className="panel customer-card" aria-labelledby="customer-card-title" data-testid="customer-card" data-call-id={call.id} aria-busy={looking}>
      <header className="panel__header">
        <h2 id="customer-card-title">{t('customers.card.title')}</h2>
        {card && <SourceLine card={card} />}
      </header>
      <div className="customer-card__body">
        {card?.problem && (
          <p className="customer-card__problem" data-testid="customer-card-problem">
            {card.problemSaid ? wordSaid(t, card.problemSaid) : card.problem}
          </p>
        )}
        <CardBody call={call} context={context} />
        {looking && (card?.customers.length ?? 0) > 0 && (
          <p className="customer-card__looking customer-card__looking--small" role="status">
            <span className="spinner" aria-hidden="true" /> {t('customers.card.stillLooking')}
          </p>
        )}
      </div>
    </section>
  );
}

function CardBody({ call, context }: { call: CallView; context: CallContext | null }) {
  const { t } = useTranslation();
  const card = context?.customer ?? null;
  if (!card || (card.state === 'looking' && card.customers.length === 0 && !card.chosen)) {
    return (
      <p className="customer-card__looking" role="status" data-testid="customer-card-looking">
        <span className="spinner" aria-hidden="true" /> {t('customers.card.looking')}
      </p>
    );
  }
  const { chosen, customers } = card;
  if (customers.length > 1) {
    return (
      <>
        {chosen && <CustomerFacts customer={chosen} nameTestId="customer-card-name" />}
        <PickList callId={call.id} customers={customers} chosen={chosen} />
      </>
    );
  }
  if (chosen)
    return (
      <>
        <CustomerFacts customer={chosen} nameTestId="customer-card-name" />
        {chosen.id && !chosen.id.startsWith('crm:') && (card.source === 'directory' || card.source === 'none') && <CorrectCustomer id={chosen.id} />}
      </>
    );
  if (customers.length === 1 && customers[0]) return <CustomerFacts customer={customers[0]} nameTestId="customer-card-name" />;
  if (card.state === 'looking') return null;
  return <UnknownCaller call={call} clientId={context?.client?.id ?? null} />;
}

/** Several customers match the caller: the agent says which one is calling. */
function PickList({ callId, customers, chosen }: { callId: string; customers: PopCustomer[]; chosen: PopCustomer | null }) {
  const { t } = useTranslation();
  const picking = useAnlauf((s) => s.customers.picking !== null);
  const pick = useAnlauf((s) => s.pickCustomer);
  return (
    <div className="customer-pick">
      <p className="customer-pick__hint" id={`pick-${callId}`}>
        {chosen ? t('customers.card.pickOther', { count: customers.length }) : t('customers.card.pick', { count: customers.length })}
      </p>
      <ul className="customer-pick__list" data-testid="customer-pick-list" aria-labelledby={`pick-${callId}`}>
        {customers.map((customer, index) => {
          const isChosen = sameCustomer(customer, chosen);
          return (
            <li key={customer.id ?? `${customer.customerNumber}-${index}`}>
              <button
                type="button"
                className={`customer-pick__item${isChosen ? ' customer-pick__item--chosen' : ''}`}
                data-testid="customer-pick"
                data-customer-id={customer.id ?? undefined}
                data-chosen={isChosen || undefined}
                aria-pressed={isChosen}
                disabled={picking}
                onClick={() => void pick(callId, customer)}
              >
                <strong>{customer.name || t('customers.noName')}</strong>
                <span className="muted">
                  {[customer.customerNumber, [customer.postcode, customer.city].filter(Boolean).join(' ')].filter(Boolean).join(' · ')}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** No customer matches: search for them, or create them with the caller's number filled in. */
function UnknownCaller({ call, clientId }: { call: CallView; clientId: string | null }) {
  const { t } = useTranslation();
  const find = useAnlauf((s) => s.findCustomer);
  // The shared directory was not reached at start: "no customer" may only mean "not on this computer".
  const access = useAnlauf((s) => s.customers.directory.access);
  const [creating, setCreating] = useState(false);
  const number = /\d/.test(call.remoteNumber) ? call.remoteNumber : '';
  if (creating) {
    return <CustomerForm callId={call.id} phone={number} client={clientId} onDone={() => setCreating(false)} onCancel={() => setCreating(false)} />;
  }
  return (
    <div className="unknown-caller" data-testid="unknown-caller">
      <strong>{t('customers.card.unknown')}</strong>
      <p className="muted">{t('customers.card.unknownHint')}</p>
      {access === 'unreachable' && (
        <p className="muted" data-testid="unknown-caller-directory">
          {t('customers.card.directoryUnreachable')}
        </p>
      )}
      <div className="unknown-caller__actions">
        <button type="button" className="button button--small" data-testid="unknown-caller-search" onClick={() => void find(number)}>
          {t('customers.card.search')}
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="unknown-caller-create"
          disabled={access === 'readonly'}
          onClick={() => setCreating(true)}
        >
          {t('customers.card.create')}
        </button>
      </div>
    </div>
  );
}

/**
 * The caller's details are wrong: open them on the customer screen, where they are corrected (and
 * sent on to the CRM). Only for customers of the directory (found there, or created for an
 * unknown caller); a CRM's answer is corrected in the CRM.
 */
function CorrectCustomer({ id }: { id: string }) {
  const { t } = useTranslation();
  const showTab = useAnlauf((s) => s.showWorkspaceTab);
  const open = useAnlauf((s) => s.openCustomer);
  return (
    <button
      type="button"
      className="button button--ghost button--small customer-card__correct"
      data-testid="customer-card-correct"
      onClick={() => {
        showTab('customers');
        void open(id);
      }}
    >
      {t('customerSync.edit.open')}
    </button>
  );
}

/** Where the card's answer came from, the cache with its age in the agent's language. */
function SourceLine({ card }: { card: Card }) {
  const { t, i18n } = useTranslation();
  if (card.source === 'none') return null;
  const language = i18n.resolvedLanguage ?? i18n.language;
  const source =
    card.source === 'cache' && card.fetchedAt !== null
      ? t('customers.source.cacheAged', { age: formatAge(card.fetchedAt, language) })
      : t(`customers.source.${card.source}`);
  return (
    <span className="muted customer-card__source" data-testid="customer-card-source" data-source={card.source}>
      {t('customers.source.label', { source })}
    </span>
  );
}
