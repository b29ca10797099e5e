import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src-main/contract';
import { crmBody, crmVersion, effectiveWriteMapping, type CrmCustomer } from '../../src-main/core/customers/crm-writer';

const lea: CrmCustomer = {
  customerNumber: 'K-17',
  name: 'Lea Frei',
  email: null,
  postcode: '10115',
  city: 'Berlin',
  street: 'Hafenstraße 1',
  salutation: 'female',
  phones: ['+49305551234', '+491701234567'],
  created: true,
};

describe('the body a customer is written to the CRM with', () => {
  it("without crm.writeMapping: the lookup mapping's paths without their list part, nested where they have dots", () => {
    const crm = settingsSchema.parse({
      crm: {
        mapping: {
          id: 'data.customers[].crmId',
          customerNumber: 'data.customers[].number',
          name: 'data.customers[].fullName',
          email: 'data.customers[].mail',
          postcode: 'data.customers[].address.zip',
          city: 'data.customers[].address.town',
          phones: 'data.customers[].phones[]',
        },
      },
    }).crm;
    const mapping = effectiveWriteMapping(crm);
    expect(mapping).toMatchObject({ id: 'crmId', customerNumber: 'number', name: 'fullName', postcode: 'address.zip', phones: 'phones', street: null });
    expect(crmBody(lea, mapping)).toEqual({
      number: 'K-17',
      fullName: 'Lea Frei',
      mail: null,
      address: { zip: '10115', town: 'Berlin' },
      phones: ['+49305551234', '+491701234567'],
    });
    // The defaults of `crm.mapping` (customers[].name, …) give the plain field names.
    expect(crmBody(lea, effectiveWriteMapping(settingsSchema.parse({}).crm))).toEqual({
      customerNumber: 'K-17',
      name: 'Lea Frei',
      email: null,
      postcode: '10115',
      city: 'Berlin',
      phones: ['+49305551234', '+491701234567'],
    });
  });

  it('one path per number: the first number, the second; a field without a path is not sent', () => {
    const crm = settingsSchema.parse({
      crm: { writeMapping: { name: 'name', street: 'addr.street', salutation: 'gender', phones: ['phone', 'mobile', 'fax'] } },
    }).crm;
    expect(crmBody(lea, effectiveWriteMapping(crm))).toEqual({
      name: 'Lea Frei',
      addr: { street: 'Hafenstraße 1' },
      gender: 'female',
      phone: '+49305551234',
      mobile: '+491701234567',
      fax: null,
    });
  });

  it("reads the CRM's version back through the same paths, with its ETag", () => {
    const crm = settingsSchema.parse({ crm: { writeMapping: { id: 'id', name: 'fullName', postcode: 'address.zip', phones: ['phone', 'mobile'] } } }).crm;
    const json = { id: 'c-9', fullName: 'Lea Frei-Hansen', address: { zip: '10117' }, phone: '+49305551234', mobile: null };
    expect(crmVersion(json, effectiveWriteMapping(crm), '"v4"')).toEqual({
      crmId: 'c-9',
      customerNumber: null,
      name: 'Lea Frei-Hansen',
      email: null,
      postcode: '10117',
      city: null,
      phones: ['+49305551234'],
      etag: '"v4"',
    });
    expect(crmVersion({ error: 'nope' }, effectiveWriteMapping(crm), null)).toBeNull();
  });
});
