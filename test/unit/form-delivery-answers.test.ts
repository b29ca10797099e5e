import { describe, expect, it } from 'vitest';
import type { FormSubmission } from '../../src-main/contract';
import { refusalReason } from '../../src-main/core/forms/form-delivery';
import { mappedBody } from '../../src-main/core/clients/form-mapping';

describe("the client's reason for refusing a form", () => {
  it.each([
    ['{"message":"contract 4711 is already cancelled"}', 'contract 4711 is already cancelled'],
    ['{"error":"tariff unknown"}', 'tariff unknown'],
    ['{"error":{"message":"tariff unknown","code":17}}', 'tariff unknown'],
    ['{"errors":["iban: not accepted","since: in the future"]}', 'iban: not accepted; since: in the future'],
    ['{"errors":[{"field":"zip","message":"outside our grid"},{"path":"since","detail":"too old"}]}', 'zip: outside our grid; since: too old'],
    ['  Postcode\n  not served  ', 'Postcode not served'],
    ['{"status":422}', null],
    ['', null],
  ])('%s → %s', (body, reason) => {
    expect(refusalReason(body)).toBe(reason);
  });

  it('is cut to one readable line', () => {
    expect(refusalReason('x'.repeat(1000))).toHaveLength(300);
  });
});

describe("a form's body from the client's mapping", () => {
  const submission: FormSubmission = {
    id: 's-1',
    revision: 2,
    callId: 'c-1',
    formId: 'contract-change',
    formVersion: null,
    title: 'Contract change',
    kind: 'contractChange',
    clientId: 'stadtwerke-nord',
    language: 'de',
    agentId: null,
    submittedAt: Date.UTC(2026, 4, 12, 10),
    fields: [
      { id: 'kwh', label: 'Yearly use', type: 'number', value: 3500 },
      { id: 'green', label: 'Green power?', type: 'yesno', value: false },
      { id: 'rooms', label: 'Rooms', type: 'multiple', value: ['kitchen', 'cellar'] },
    ],
  };

  it('keeps values typed when a text is one placeholder, and writes them as text inside a longer one', () => {
    const body = mappedBody(
      { use: '{kwh}', green: '{green}', rooms: '{rooms}', note: 'Use {kwh} kWh in {rooms}', list: ['{submission.revision}', 'fixed', 7] },
      submission,
      'K-1',
    );
    expect(body).toEqual({ use: 3500, green: false, rooms: ['kitchen', 'cellar'], note: 'Use 3500 kWh in kitchen, cellar', list: [2, 'fixed', 7] });
  });

  it('sends a field that was not sent (hidden by its condition) as null, and empty inside a text', () => {
    expect(mappedBody({ iban: '{iban}', text: 'IBAN: {iban}.', who: '{agent.id}', customer: '{customer.customerNumber}' }, submission, 'K-1')).toEqual({
      iban: null,
      text: 'IBAN: .',
      who: null,
      customer: 'K-1',
    });
  });
});
