// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirectoryCustomer } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const jana = makeDirectoryCustomer({
  id: 'dir-7',
  name: 'Jana Berg',
  customerNumber: 'K-17',
  email: 'jana@example.org',
  postcode: '14467',
  city: 'Potsdam',
  phones: ['+49 30 1234567'],
  crm: {
    state: 'conflict',
    reason: null,
    at: 1_780_000_000_000,
    theirs: {
      crmId: 'c-1',
      customerNumber: 'K-17',
      name: 'Jana Berg-Schulz',
      email: 'jana@example.org',
      postcode: '10117',
      city: 'Berlin',
      phones: ['+49301234567'],
      etag: '"v2"',
    },
  },
});

async function openJana(customer = jana) {
  const view = await renderApp({ customers: [customer] });
  fireEvent.click(screen.getByTestId('tab-customers'));
  fireEvent.change(screen.getByTestId('customer-search-input'), { target: { value: 'Jana' } });
  fireEvent.click(await screen.findByTestId('customer-search-result'));
  await screen.findByTestId('customer-details-name');
  return view;
}

const row = (field: string) => {
  const tr = screen.getByTestId('customer-crm-versions').querySelector(`tr[data-field="${field}"]`) as HTMLElement;
  return [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent);
};

describe("a conflict with the client's CRM on the customer screen", () => {
  it('says the CRM has other details for the customer and shows its version beside ours, the differences marked', async () => {
    await openJana();
    const conflict = await screen.findByTestId('customer-crm-conflict');
    expect(within(conflict).getByRole('heading').textContent).toBe('The CRM has other details for Jana Berg:');
    expect(row('name')).toEqual(['Name', 'Jana Berg', 'Jana Berg-Schulz']);
    expect(row('postcode')).toEqual(['Postcode', '14467', '10117']);
    expect(row('city')).toEqual(['City', 'Potsdam', 'Berlin']);
    expect(row('email')).toEqual(['E-mail', 'jana@example.org', 'jana@example.org']);
    const differs = (field: string) => screen.getByTestId('customer-crm-versions').querySelector(`tr[data-field="${field}"]`)?.getAttribute('data-differs');
    expect([differs('name'), differs('city'), differs('email')]).toEqual(['true', 'true', 'false']);
    expect(screen.getByTestId('customer-crm-keep-theirs').textContent).toBe("Keep the CRM's");
    expect(screen.getByTestId('customer-crm-send-ours').textContent).toBe('Send ours again');
  });

  it("keeping the CRM's shows its details as the customer's, and the status sent", async () => {
    const { fake } = await openJana();
    fireEvent.click(await screen.findByTestId('customer-crm-keep-theirs'));
    await waitFor(() => expect(screen.getByTestId('customer-details-name').textContent).toBe('Jana Berg-Schulz'));
    expect(fake.api.customers.resolveConflict).toHaveBeenCalledWith({ id: 'dir-7', keep: 'theirs' });
    expect(screen.queryByTestId('customer-crm-conflict')).toBeNull();
    expect(screen.getByTestId('customer-crm-status').textContent).toBe('Sent to the CRM');
  });

  it('sending ours again keeps our details and shows the customer waiting for the CRM', async () => {
    const { fake } = await openJana();
    fireEvent.click(await screen.findByTestId('customer-crm-send-ours'));
    await waitFor(() => expect(screen.getByTestId('customer-crm-status').textContent).toBe('Waiting for the CRM'));
    expect(fake.api.customers.resolveConflict).toHaveBeenCalledWith({ id: 'dir-7', keep: 'ours' });
    expect(screen.getByTestId('customer-details-name').textContent).toBe('Jana Berg');
  });

  it("a refusal shows the CRM's reason", async () => {
    await openJana({
      ...jana,
      crm: {
        state: 'refused',
        reason: { key: 'crm.httpStatusSaid', params: { status: 422, excerpt: 'Postleitzahl passt nicht zum Ort' } },
        theirs: null,
        at: 0,
      },
    });
    expect(screen.getByTestId('customer-crm-status').textContent).toBe('Refused by the CRM: the CRM answered HTTP 422: Postleitzahl passt nicht zum Ort');
  });

  it('the agent corrects a customer from the customer screen', async () => {
    const { fake } = await openJana({ ...jana, crm: undefined });
    fireEvent.click(screen.getByTestId('customer-edit'));
    expect((screen.getByTestId('customer-form-name') as HTMLInputElement).value).toBe('Jana Berg');
    expect((screen.getByTestId('customer-form-city') as HTMLInputElement).value).toBe('Potsdam');
    fireEvent.change(screen.getByTestId('customer-form-city'), { target: { value: 'Berlin' } });
    fireEvent.change(screen.getByTestId('customer-form-salutation'), { target: { value: 'female' } });
    fireEvent.click(screen.getByTestId('customer-form-save'));
    await waitFor(() => expect(screen.queryByTestId('customer-form')).toBeNull());
    expect(fake.api.customers.update).toHaveBeenCalledWith({
      id: 'dir-7',
      name: 'Jana Berg',
      customerNumber: 'K-17',
      phones: ['+49 30 1234567'],
      email: 'jana@example.org',
      street: 'Hafenstraße 1',
      postcode: '14467',
      city: 'Berlin',
      salutation: 'female',
    });
    expect(screen.getByTestId('customer-details').textContent).toContain('14467 Berlin');
  });
});
