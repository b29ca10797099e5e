// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLogEntry, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const withForms = makeLogEntry({
  id: 'log-9',
  forms: [
    {
      id: 'sub-1',
      formId: 'fault-report',
      title: 'Fault report',
      revision: 1,
      status: 'sent',
      detail: null,
      submittedAt: T0 + 120_000,
      sentAt: T0 + 121_000,
      fields: [
        { label: 'What is not working?', text: 'No power' },
        { label: 'IBAN', text: 'DE89 •••• •••• •••• •••• 00' },
        { label: 'Anything else', text: '' },
      ],
    },
    {
      id: 'sub-2',
      formId: 'contract-change',
      title: 'Contract change',
      revision: 2,
      status: 'refused',
      detail: { key: 'formDelivery.refused', params: { status: 422, reason: 'zip: postcode outside our grid' } },
      submittedAt: T0 + 130_000,
      sentAt: null,
      fields: [{ label: 'New tariff', text: 'Basis' }],
    },
  ],
});

describe('call details: the forms', () => {
  it('shows each form with its status, the refusal reason, and the fields with bank details masked', async () => {
    await renderApp({ log: [withForms] });
    fireEvent.click(await screen.findByTestId('calllog-row'));
    const [sent, refused] = within(screen.getByTestId('calldetails-forms')).getAllByTestId('calldetails-form');
    expect(sent?.querySelector('h5')?.textContent).toBe('Fault report — sent');
    expect([...sent!.querySelectorAll('dd')].map((dd) => dd.textContent)).toEqual(['No power', 'DE89 •••• •••• •••• •••• 00']);
    expect(refused?.querySelector('h5')?.textContent).toBe('Contract change — refused (corrected, revision 2)');
    expect(within(refused!).getByTestId('calldetails-form-detail').textContent).toBe('Refused (HTTP 422): zip: postcode outside our grid');
  });

  it('has no forms section for a call without forms', async () => {
    await renderApp({ log: [makeLogEntry()] });
    fireEvent.click(await screen.findByTestId('calllog-row'));
    expect(screen.queryByTestId('calldetails-forms')).toBeNull();
  });
});
