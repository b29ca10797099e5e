import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CustomerSearchRow } from '../../../src-main/contract';
import { wordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';
import { CustomerDetails } from './CustomerDetails';
import { CustomerDirectoryNotice } from './CustomerDirectoryNotice';
import { CustomerForm } from './CustomerForm';
import { CustomerImport } from './CustomerImport';

/** How long typing must pause before the directory is searched (it answers fast). */
export const CUSTOMER_SEARCH_DEBOUNCE_MS = 150;

/** Where a row came from, as its label names it. */
function sourceOf(row: CustomerSearchRow): 'directory' | 'crm' | 'both' {
  const here = row.sources.includes('directory');
  const crm = row.sources.includes('crm');
  return here && crm ? 'both' : crm ? 'crm' : 'directory';
}

/** The local customer directory: search as you type, open a customer, create one. */
export function CustomerSearch() {
  const { t } = useTranslation();
  const { text, query, results, searching, askingCrm, crmFailure, crmSearch, loaded, openId, readOnly, setText, search, open } = useAnlauf(
    useShallow((s) => ({
      text: s.customers.text,
      query: s.customers.query,
      results: s.customers.results,
      searching: s.customers.searching,
      askingCrm: s.customers.askingCrm,
      crmFailure: s.customers.crmFailure,
      crmSearch: Boolean(s.settings.effective?.crm.searchUrl),
      loaded: s.customers.loaded,
      openId: s.customers.details.id,
      readOnly: s.customers.directory.access === 'readonly',
      setText: s.setCustomerSearchText,
      search: s.searchCustomers,
      open: s.openCustomer,
    })),
  );
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    if (text.trim() === query) return;
    const timer = setTimeout(() => void search(text), CUSTOMER_SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, search]);

  let count: string | null = null;
  if (searching) count = t('customers.search.searching');
  else if (loaded && query) count = t('customers.search.found', { count: results.length });

  return (
    <section className="panel customer-search" aria-labelledby="customer-search-title" data-testid="customer-search">
      <header className="panel__header">
        <h2 id="customer-search-title">{t('customers.search.title')}</h2>
        {count !== null && (
          <span className="muted" data-testid="customer-search-count" aria-live="polite">
            {count}
          </span>
        )}
      </header>
      <CustomerDirectoryNotice />
      <CustomerImport />
      <form className="customer-search__bar" role="search" aria-label={t('customers.search.label')} onSubmit={(event) => event.preventDefault()}>
        <input
          type="search"
          className="customer-search__text"
          data-testid="customer-search-input"
          aria-label={t('customers.search.label')}
          placeholder={t('customers.search.placeholder')}
          maxLength={200}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && text.trim() !== query) void search(text);
          }}
        />
        <button
          type="button"
          className="button button--small"
          data-testid="customer-new"
          aria-expanded={creating}
          disabled={readOnly}
          onClick={() => setCreating((shown) => !shown)}
        >
          {t('customers.search.new')}
        </button>
      </form>
      {creating && (
        <CustomerForm
          onCancel={() => setCreating(false)}
          onDone={(customer) => {
            setCreating(false);
            void open(customer.id);
          }}
        />
      )}
      {crmFailure && (
        <p className="customer-search__crm-failure" role="status" data-testid="customer-search-crm-failure">
          {t('customers.search.crmFailed', { reason: wordSaid(t, crmFailure) })}
        </p>
      )}
      {askingCrm && (
        <p className="customer-search__crm-asking muted" data-testid="customer-search-crm-asking" aria-live="polite">
          {t('customers.search.askingCrm')}
        </p>
      )}
      <div className={`customer-search__body${openId !== null ? ' customer-search__body--details' : ''}`} aria-busy={searching || undefined}>
        <ul className="customer-search__results">
          {results.map((customer) => (
            <li key={customer.id}>
              <button
                type="button"
                className={`customer-search__result${customer.id === openId ? ' customer-search__result--open' : ''}`}
                data-testid="customer-search-result"
                data-customer-id={customer.id}
                aria-current={customer.id === openId || undefined}
                onClick={() => void open(customer.id)}
              >
                <strong>{customer.name || t('customers.noName')}</strong>
                <span>{customer.customerNumber}</span>
                <span className="muted">{customer.phones[0]}</span>
                <span className="muted">{[customer.postcode, customer.city].filter(Boolean).join(' ')}</span>
                {crmSearch && (
                  <span className={`customer-search__source customer-search__source--${sourceOf(customer)}`} data-testid="customer-search-source">
                    {t(`customers.search.source.${sourceOf(customer)}`)}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
        {!query && <p className="customer-search__empty muted">{t('customers.search.hint')}</p>}
        {query && loaded && !searching && results.length === 0 && (
          <p className="customer-search__empty muted" data-testid="customer-search-empty">
            {t('customers.search.noMatch')}
          </p>
        )}
        <CustomerDetails />
      </div>
    </section>
  );
}
