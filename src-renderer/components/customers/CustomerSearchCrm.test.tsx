// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResponse, CustomerSearchRow } from '../../../src-main/contract';
import { makeDirectoryCustomer, makeSettings, makeSnapshot } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

type Answer = CommandResponse<'customers:searchCrm'>;

const erika = makeDirectoryCustomer({ id: 'dir-1', name: 'Erika Müller', customerNumber: 'K-4711' });
const jonas = makeDirectoryCustomer({ id: 'dir-2', name: 'Jonas Müller', customerNumber: null, phones: ['+49 40 30124477'] });
const row = (customer: typeof erika, sources: CustomerSearchRow['sources']): CustomerSearchRow => ({ ...customer, sources });
const peter: CustomerSearchRow = {
  ...makeDirectoryCustomer({ id: 'crm:c-3', name: 'Peter Müller', customerNumber: 'C-0003', source: 'crm' }),
  sources: ['crm'],
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function openSearch(searchUrl: string | null = 'https://crm.example.org/api/customers?q={query}') {
  const settings = makeSettings();
  const view = await renderApp({ customers: [erika, jonas], snapshot: makeSnapshot({ settings: { ...settings, crm: { ...settings.crm, searchUrl } } }) });
  fireEvent.click(screen.getByTestId('tab-customers'));
  return view;
}

const type = (value: string) => fireEvent.change(screen.getByTestId('customer-search-input'), { target: { value } });
/** Each row's name and source label, as the agent reads them. */
const shown = () =>
  screen
    .queryAllByTestId('customer-search-result')
    .map((item) => `${item.querySelector('strong')?.textContent} · ${item.querySelector('[data-testid="customer-search-source"]')?.textContent ?? '-'}`);

describe('the customer search with the CRM beside the directory', () => {
  it("shows this desk's rows at once, then the CRM's merged in, each labelled with where it came from", async () => {
    const { fake } = await openSearch();
    const crm = deferred<Answer>();
    fake.api.customers.searchCrm.mockImplementationOnce(() => crm.promise);
    type('Müller');
    await waitFor(() => expect(shown()).toEqual(['Erika Müller · This desk', 'Jonas Müller · This desk']));
    await waitFor(() => expect(fake.api.customers.searchCrm).toHaveBeenCalledWith({ query: 'Müller', limit: 20 }));
    expect(screen.getByTestId('customer-search-crm-asking').textContent).toBe('Asking the CRM…');
    await act(async () =>
      crm.resolve({
        customers: [row(erika, ['directory', 'crm']), row(jonas, ['directory', 'crm']), peter],
        crm: { asked: true, failure: null, superseded: false },
      }),
    );
    expect(shown()).toEqual(['Erika Müller · This desk + CRM', 'Jonas Müller · This desk + CRM', 'Peter Müller · CRM']);
    expect(screen.queryByTestId('customer-search-crm-asking')).toBeNull();
    // A customer only the CRM knows opens from the row itself: this desk has no record to fetch.
    fireEvent.click(screen.getAllByTestId('customer-search-result')[2]!);
    await waitFor(() => expect(screen.getByTestId('customer-details').textContent).toContain('Peter Müller'));
    expect(fake.api.customers.get).not.toHaveBeenCalled();
  });

  it('asks the CRM once typing pauses, never for fewer than 3 characters, and not at all without crm.searchUrl', async () => {
    const { fake } = await openSearch();
    type('Mü');
    await waitFor(() => expect(shown()).toEqual(['Erika Müller · This desk', 'Jonas Müller · This desk']));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.api.customers.searchCrm).not.toHaveBeenCalled();
    for (const text of ['Mül', 'Müll', 'Mülle', 'Müller']) {
      type(text);
      // Longer than the local search waits, shorter than the CRM search does.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await waitFor(() => expect(fake.api.customers.searchCrm).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.api.customers.searchCrm.mock.calls).toEqual([[{ query: 'Müller', limit: 20 }]]);

    unmountApp();
    const without = await openSearch(null);
    type('Müller');
    await waitFor(() => expect(shown()).toEqual(['Erika Müller · -', 'Jonas Müller · -']));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(without.fake.api.customers.searchCrm).not.toHaveBeenCalled();
  });

  it("keeps this desk's rows when the CRM fails, and says so", async () => {
    const { fake } = await openSearch();
    fake.api.customers.searchCrm.mockResolvedValueOnce({
      customers: [row(erika, ['directory']), row(jonas, ['directory'])],
      crm: { asked: true, failure: { key: 'crm.timeout', params: { duration: '5 s' } }, superseded: false },
    });
    type('Müller');
    const failure = await screen.findByTestId('customer-search-crm-failure');
    expect(failure.textContent).toBe("The CRM could not be searched (the CRM did not answer within 5 s). These are the results from this desk's directory.");
    expect(shown()).toEqual(['Erika Müller · This desk', 'Jonas Müller · This desk']);
  });

  it("shows only the latest query's CRM answer", async () => {
    const { fake } = await openSearch();
    const older = deferred<Answer>();
    const newer = deferred<Answer>();
    fake.api.customers.searchCrm.mockImplementationOnce(() => older.promise).mockImplementationOnce(() => newer.promise);
    type('Müller');
    await waitFor(() => expect(fake.api.customers.searchCrm).toHaveBeenCalledTimes(1));
    type('Peter');
    await waitFor(() => expect(fake.api.customers.searchCrm).toHaveBeenCalledTimes(2));
    await act(async () => newer.resolve({ customers: [peter], crm: { asked: true, failure: null, superseded: false } }));
    expect(shown()).toEqual(['Peter Müller · CRM']);
    await act(async () =>
      older.resolve({ customers: [row(erika, ['directory', 'crm']), row(jonas, ['directory'])], crm: { asked: true, failure: null, superseded: false } }),
    );
    expect(shown()).toEqual(['Peter Müller · CRM']);
  });
});
