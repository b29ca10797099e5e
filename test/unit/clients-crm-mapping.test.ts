import { describe, expect, it } from 'vitest';
import { CrmLookup, fill, mapCustomers, type HttpGet } from '../../src-main/core/customers/crm';
import { crmMappingSchema, crmSettingsSchema } from '../../src-main/contract';
import { ManualClock } from '../support/manual-clock';

describe('the CRM field mapping', () => {
  it('maps a nested list, with single fields and several phone paths', () => {
    const mapping = crmMappingSchema.parse({
      id: 'result.items[].id',
      customerNumber: 'result.items[].no',
      name: 'result.items[].person.name',
      email: null,
      postcode: 'result.items[].zip',
      city: null,
      phones: ['result.items[].phone', 'result.items[].mobiles[]'],
    });
    const json = { result: { items: [{ id: 5, no: 'K-1', person: { name: ' Max ' }, zip: 20095, phone: '040 1', mobiles: ['0171 2', null] }] } };
    expect(mapCustomers(json, mapping)).toEqual({
      ok: true,
      customers: [{ id: '5', customerNumber: 'K-1', name: 'Max', email: null, postcode: '20095', city: null, phones: ['040 1', '0171 2'] }],
    });
    expect(mapCustomers({ result: { items: [] } }, mapping)).toEqual({ ok: true, customers: [] });
  });

  it('maps a top-level list and a single customer object', () => {
    expect(
      mapCustomers(
        [{ name: 'A' }],
        crmMappingSchema.parse({ id: null, customerNumber: null, name: '[].name', email: null, postcode: null, city: null, phones: '[].tel[]' }),
      ),
    ).toMatchObject({
      ok: true,
      customers: [{ name: 'A', phones: [] }],
    });
    const single = crmMappingSchema.parse({
      id: 'customer.id',
      customerNumber: null,
      name: 'customer.name',
      email: null,
      postcode: null,
      city: null,
      phones: 'customer.phone',
    });
    expect(mapCustomers({ customer: { id: 'x', name: 'B', phone: '+49' } }, single)).toMatchObject({
      ok: true,
      customers: [{ id: 'x', name: 'B', phones: ['+49'] }],
    });
  });

  it('reports answers that do not fit', () => {
    const mapping = crmMappingSchema.parse({});
    expect(mapCustomers({ nope: 1 }, mapping)).toEqual({ ok: false, error: 'no list at "customers"' });
    expect(mapCustomers({ customers: [{ name: 'A' }, { id: 1 }] }, mapping)).toEqual({ ok: false, error: 'no name at "customers[1].name"' });
  });

  it('refuses paths from different lists', () => {
    expect(crmMappingSchema.safeParse({ name: 'a[].name', email: 'b[].email' }).success).toBe(false);
    expect(crmMappingSchema.safeParse({ name: 'a..b' }).success).toBe(false);
  });
});

describe('the CRM lookup', () => {
  const settings = crmSettingsSchema.parse({
    byNumberUrl: 'https://crm.example/c?phone={number}&x={query}',
    byCustomerNumberUrl: 'https://crm.example/c/{customerNumber}',
    searchUrl: 'https://crm.example/s?q={query}',
    numberFormat: 'national',
    auth: { header: 'X-Api-Key', value: 'k' },
  });

  it('fills URL templates with encoded values', () => {
    expect(fill('https://x/{customerNumber}?q={query}', { customerNumber: 'A.1 2', query: 'ä&b/..' })).toEqual({
      ok: true,
      url: 'https://x/A.1%202?q=%C3%A4%26b%2F..',
    });
  });

  it('refuses values that would leave their path segment, in any encoding', () => {
    const template = 'https://x/c/{customerNumber}/profile?q={query}';
    expect(fill(template, { customerNumber: 'A/1' })).toEqual({ ok: false, problem: '"A/1" contains a path separator' });
    expect(fill(template, { customerNumber: '%2E%2e' })).toEqual({ ok: false, problem: '"%2E%2e" is a path step' });
    expect(fill(template, { customerNumber: '1', query: 'a\u0000' })).toEqual({ ok: false, problem: '"a\\u0000" contains control characters' });
  });

  it('chooses the URL by what is known, keys the cache by the normalized number, and sends the auth header', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const get: HttpGet = async (url, init) => {
      seen.push({ url, headers: init.headers });
      return { status: 200, text: async () => '{"customers":[]}' };
    };
    const crm = new CrmLookup({ settings: () => settings, defaultRegion: () => 'DE', get, clock: new ManualClock() });
    expect(crm.request({ number: '+49 40 800 100' })).toEqual({ key: 'number:+4940800100', url: 'https://crm.example/c?phone=040800100&x=' });
    expect(crm.request({ number: '040 800100', customerNumber: '77' })?.key).toBe('customerNumber:77');
    expect(crm.request({ query: 'Müller' })?.url).toBe('https://crm.example/s?q=M%C3%BCller');
    expect(crm.request({})).toBeNull();
    expect(await crm.lookup({ number: '040 800100' })).toMatchObject({ ok: true, customers: [], key: 'number:+4940800100' });
    expect(seen[0]?.headers['X-Api-Key']).toBe('k');
    expect(await crm.lookup({})).toMatchObject({ ok: false, failure: { kind: 'not-configured' } });
  });

  it('types each failure', async () => {
    const answer = (status: number, body = '') =>
      new CrmLookup({ settings: () => settings, defaultRegion: () => 'DE', clock: new ManualClock(), get: async () => ({ status, text: async () => body }) });
    expect(await answer(403).lookup({ customerNumber: '1' })).toMatchObject({ ok: false, failure: { kind: 'unauthorized', status: 403 } });
    expect(await answer(500, 'boom\n').lookup({ customerNumber: '1' })).toMatchObject({
      ok: false,
      failure: { kind: 'http', status: 500, message: 'the CRM answered HTTP 500: boom' },
    });
    // For people, the same as a code: the CRM's own words stay a parameter.
    expect(await answer(500, 'boom\n').lookup({ customerNumber: '1' })).toMatchObject({
      failure: { said: { key: 'crm.httpStatusSaid', params: { status: 500, excerpt: 'boom' } } },
    });
    expect(await answer(502).lookup({ customerNumber: '1' })).toMatchObject({
      failure: { message: 'the CRM answered HTTP 502', said: { key: 'crm.httpStatus', params: { status: 502 } } },
    });
    expect(await answer(404).lookup({ customerNumber: '1' })).toMatchObject({ ok: true, customers: [] });
    expect(await answer(200, '{"x":1}').lookup({ customerNumber: '1' })).toMatchObject({ ok: false, failure: { kind: 'garbage' } });
    const thrower = (error: unknown) =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what fetch may reject with is the thing under test
      new CrmLookup({ settings: () => settings, defaultRegion: () => 'DE', clock: new ManualClock(), get: async () => Promise.reject(error) });
    expect(await thrower(Object.assign(new Error('x'), { name: 'TimeoutError' })).lookup({ customerNumber: '1' })).toMatchObject({
      failure: { kind: 'timeout', message: 'the CRM did not answer within 5 s', said: { key: 'crm.timeout', params: { duration: '5 s' } } },
    });
    expect(await thrower(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } })).lookup({ customerNumber: '1' })).toMatchObject({
      failure: { kind: 'unreachable' },
    });
  });
});
