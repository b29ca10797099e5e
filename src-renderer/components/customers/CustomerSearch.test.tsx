// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryCustomer } from '../../../src-main/contract';
import { makeCall, makeContext, makeCustomerCard, makeDirectoryCustomer, makeLogEntry, makeSnapshot, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const erika = makeDirectoryCustomer();
const hans = makeDirectoryCustomer({
  id: 'dir-2',
  name: 'Hans Meier',
  customerNumber: 'K-2002',
  email: 'hans@example.org',
  postcode: '24103',
  city: 'Kiel',
  phones: ['+49 431 998877'],
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function openSearch(options: Parameters<typeof renderApp>[0] = {}) {
  const view = await renderApp({ customers: [erika, hans], ...options });
  fireEvent.click(screen.getByTestId('tab-customers'));
  expect(screen.queryByTestId('calllog-search')).toBeNull();
  return view;
}

const type = (value: string) => fireEvent.change(screen.getByTestId('customer-search-input'), { target: { value } });
const resultNames = () => screen.queryAllByTestId('customer-search-result').map((item) => item.querySelector('strong')?.textContent);

describe('customer search', () => {
  it('searches as the agent types, by name, customer number, e-mail or postcode', async () => {
    const { fake } = await openSearch();
    expect(screen.getByTestId('tab-customers').getAttribute('aria-selected')).toBe('true');
    type('Meier');
    await waitFor(() => expect(resultNames()).toEqual(['Hans Meier']));
    expect(fake.api.customers.search).toHaveBeenCalledTimes(1);
    expect(fake.api.customers.search).toHaveBeenLastCalledWith({ query: 'Meier', limit: 20 });
    expect(screen.getByTestId('customer-search-count').textContent).toBe('1 customer found');

    for (const [query, name] of [
      ['K-1001', 'Erika Mustermann'],
      ['hans@example', 'Hans Meier'],
      ['24103', 'Hans Meier'],
    ] as const) {
      type(query);
      await waitFor(() => expect(resultNames()).toEqual([name]));
    }
    type('Nobody');
    expect(await screen.findByTestId('customer-search-empty')).toBeTruthy();
  });

  it('drops an answer that arrives after the agent typed on', async () => {
    const { fake } = await openSearch();
    const slow = deferred<{ customers: DirectoryCustomer[] }>();
    const fast = deferred<{ customers: DirectoryCustomer[] }>();
    fake.api.customers.search.mockImplementationOnce(() => slow.promise).mockImplementationOnce(() => fast.promise);

    type('Mus');
    await waitFor(() => expect(fake.api.customers.search).toHaveBeenCalledWith({ query: 'Mus', limit: 20 }));
    type('Meier');
    await waitFor(() => expect(fake.api.customers.search).toHaveBeenCalledWith({ query: 'Meier', limit: 20 }));

    await act(async () => fast.resolve({ customers: [hans] }));
    expect(resultNames()).toEqual(['Hans Meier']);
    await act(async () => slow.resolve({ customers: [erika] }));
    expect(resultNames()).toEqual(['Hans Meier']);
    expect((screen.getByTestId('customer-search-input') as HTMLInputElement).value).toBe('Meier');
  });

  it('opens a customer with their recent calls, and makes them the caller of the live call', async () => {
    const log = [
      makeLogEntry({ id: 'l1', customerNumber: 'K-2002', customerName: 'Hans Meier', ringAt: T0, client: 'Hanse Energie' }),
      makeLogEntry({ id: 'l2', customerNumber: 'K-1001', ringAt: T0 + 1 }),
      makeLogEntry({ id: 'l3', customerNumber: 'K-2002', ringAt: T0 + 60_000, answerAt: null, endAt: T0 + 90_000, endCause: 'missed' }),
    ];
    const { fake } = await openSearch({ log });
    act(
      () =>
        void fake.emitState({
          calls: [makeCall({ id: 'live', state: 'active', answerAt: T0, remoteNumber: '+49431998877' })],
          contexts: { live: makeContext({ customer: makeCustomerCard({ customers: [], source: 'none' }) }) },
        }),
    );
    type('Meier');
    fireEvent.click(await screen.findByTestId('customer-search-result'));

    const details = await screen.findByTestId('customer-details');
    expect(fake.api.customers.get).toHaveBeenCalledWith({ id: 'dir-2' });
    expect(within(details).getByTestId('customer-details-name').textContent).toBe('Hans Meier');
    expect(details.textContent).toContain('24103 Kiel');
    await waitFor(() => expect(within(details).getByTestId('customer-recent-calls').querySelectorAll('li')).toHaveLength(2));
    const calls = within(details).getByTestId('customer-recent-calls');
    expect(calls.textContent).toContain('Missed');
    expect(calls.textContent).toContain('Completed');
    expect(calls.textContent).toContain('02:00');

    fireEvent.click(within(details).getByTestId('customer-assign'));
    expect(fake.api.customers.pick).toHaveBeenCalledWith({
      callId: 'live',
      customer: {
        id: 'dir-2',
        customerNumber: 'K-2002',
        name: 'Hans Meier',
        email: 'hans@example.org',
        postcode: '24103',
        city: 'Kiel',
        phones: ['+49 431 998877'],
      },
    });
    await waitFor(() => expect(screen.getByTestId('customer-card-name').textContent).toBe('Hans Meier'));
    expect(screen.queryByTestId('customer-assign')).toBeNull();
    expect(within(details).getByTestId('customer-assigned').textContent).toContain('+49431998877');
  });

  it('offers no "this is the caller" without a call', async () => {
    await openSearch();
    type('Meier');
    fireEvent.click(await screen.findByTestId('customer-search-result'));
    await screen.findByTestId('customer-details');
    expect(screen.queryByTestId('customer-assign')).toBeNull();
  });

  it('makes room for the details beside the list, and gives it back when they close', async () => {
    await openSearch();
    type('Meier');
    const result = await screen.findByTestId('customer-search-result');
    const body = result.closest('.customer-search__body');
    expect(body?.classList.contains('customer-search__body--details')).toBe(false);
    fireEvent.click(result);
    await screen.findByTestId('customer-details');
    expect(body?.classList.contains('customer-search__body--details')).toBe(true);
    fireEvent.click(screen.getByTestId('customer-details-close'));
    await waitFor(() => expect(screen.queryByTestId('customer-details')).toBeNull());
    expect(body?.classList.contains('customer-search__body--details')).toBe(false);
  });

  it('creates a new customer and opens them', async () => {
    const { fake } = await openSearch();
    fireEvent.click(screen.getByTestId('customer-new'));
    fireEvent.change(screen.getByTestId('customer-form-name'), { target: { value: 'Jana Neu' } });
    fireEvent.change(screen.getByTestId('customer-form-email'), { target: { value: 'jana@example.org' } });
    fireEvent.click(screen.getByTestId('customer-form-save'));
    expect(fake.api.customers.create).toHaveBeenCalledWith({
      name: 'Jana Neu',
      customerNumber: null,
      phones: [],
      email: 'jana@example.org',
      street: null,
      postcode: null,
      city: null,
    });
    expect((await screen.findByTestId('customer-details-name')).textContent).toBe('Jana Neu');
    expect(screen.queryByTestId('customer-form')).toBeNull();
  });

  it("shows main's refusal and keeps the form", async () => {
    const { fake } = await openSearch();
    fake.api.customers.create.mockRejectedValueOnce(new Error('The customer number K-1001 is taken.'));
    fireEvent.click(screen.getByTestId('customer-new'));
    fireEvent.change(screen.getByTestId('customer-form-name'), { target: { value: 'Jana Neu' } });
    fireEvent.click(screen.getByTestId('customer-form-save'));
    expect((await screen.findByTestId('notice')).textContent).toContain('The customer number K-1001 is taken.');
    expect(screen.getByTestId('customer-form')).toBeTruthy();
  });
});

describe('customer import', () => {
  it("sends the chosen file, follows main's progress with a bar, and reports the rejected rows with their row numbers", async () => {
    const { fake } = await openSearch();
    const answer = deferred<Awaited<ReturnType<typeof fake.api.customers.import>>>();
    fake.api.customers.import.mockImplementationOnce(() => answer.promise);
    const file = new File(['Kundennummer;Name;Telefon\nK-1;Jürgen;030 123\n'], 'kunden.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByTestId('customer-import-file'), { target: { files: [file] } });
    await waitFor(() => expect(fake.api.customers.import).toHaveBeenCalledTimes(1));
    const request = fake.api.customers.import.mock.calls[0]![0];
    expect(fake.uploaded(request.uploadId)).toMatchObject({ purpose: 'customers', fileName: 'kunden.csv' });
    expect(Buffer.from(fake.uploaded(request.uploadId).bytes).toString('utf8')).toContain('K-1;Jürgen;030 123');
    expect(screen.getByTestId('customer-import-button').hasAttribute('disabled')).toBe(true);

    act(() => void fake.emitState({ customerImport: { fileName: 'kunden.csv', bytesRead: 500, totalBytes: 1000, rows: 40, imported: 38, rejected: 2 } }));
    const bar = within(screen.getByTestId('customer-import-progress')).getByRole('progressbar');
    expect(bar.getAttribute('value')).toBe('500');
    expect(bar.getAttribute('max')).toBe('1000');
    expect(screen.getByTestId('customer-import-progress').textContent).toContain('40 rows read, 38 imported, 2 rejected');

    act(() => void fake.emitState({ customerImport: null }));
    await act(async () =>
      answer.resolve({
        imported: 38,
        rejectedCount: 2,
        rejected: [
          { row: 7, reason: 'no name, customer number or phone' },
          { row: 12, reason: '"abc" is not a phone number' },
        ],
        encoding: 'windows-1252',
        delimiter: ';',
        columns: [
          { column: 'Kundennummer', field: 'customerNumber' },
          { column: 'Tel. privat', field: 'phone' },
          { column: 'Tarif', field: null },
        ],
      }),
    );
    const result = screen.getByTestId('customer-import-result');
    expect(result.textContent).toContain('Imported 38 customers from kunden.csv (windows-1252, delimiter ;).');
    expect(screen.getAllByTestId('customer-import-rejected').map((row) => row.textContent)).toEqual([
      'Row 7: no name, customer number or phone',
      'Row 12: "abc" is not a phone number',
    ]);
    expect(screen.queryByTestId('customer-import-progress')).toBeNull();
    expect(screen.getByTestId('customer-import-columns').textContent).toBe(
      'Columns: Kundennummer → Customer no., Tel. privat → Phone, Tarif → (kept as extra data)',
    );
  });

  it("words the rejected rows in the agent's language, and keeps the file's own values as they came", async () => {
    const snapshot = makeSnapshot();
    const { fake } = await openSearch({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    fake.api.customers.import.mockResolvedValueOnce({
      imported: 1,
      rejectedCount: 2,
      rejected: [
        { row: 3, reason: 'no name and no customer number', said: { key: 'customerImport.noName', params: {} } },
        {
          row: 4,
          reason: 'unparsable phone number "kaputt" in column "Telefon"',
          said: { key: 'customerImport.badPhone', params: { number: 'kaputt', column: 'Telefon' } },
        },
      ],
      encoding: 'utf-8',
      delimiter: ';',
      columns: [],
    });
    const file = new File(['Name;Telefon\n;\nA;kaputt\nB;030 1234567\n'], 'kunden.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByTestId('customer-import-file'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getAllByTestId('customer-import-rejected')).toHaveLength(2));
    const rows = screen.getAllByTestId('customer-import-rejected').map((row) => row.textContent ?? '');
    expect(rows[0]).toContain('kein Name und keine Kundennummer');
    expect(rows[1]).toContain('Telefonnummer „kaputt“ in Spalte „Telefon“ ist nicht lesbar');
    expect(rows.join(' ')).not.toMatch(/unparsable|no name/);
  });
});
