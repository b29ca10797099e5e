import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src-main/core/clock';
import { CrmLookup } from '../../src-main/core/customers/crm';
import { CrmCache } from '../../src-main/core/customers/crm-cache';
import { crmSettingsSchema, type CrmSettings } from '../../src-main/contract';
import { screenPop, type ScreenPopKeys, type ScreenPopResult } from '../../src-main/core/customers/screen-pop';
import { openDatabase } from '../../src-main/core/store/database';
import { CrmServer } from '../support/crm-server';
import { tempDir } from '../support/temp';

const HOUR = 3_600_000;

/** The system clock, shifted by hand so a cached answer can be "hours old". */
class ShiftedClock implements Clock {
  offset = 0;
  now = () => Date.now() + this.offset;
  setTimeout = systemClock.setTimeout;
  clearTimeout = systemClock.clearTimeout;
}

const mueller = {
  crmId: 'c-17',
  number: '4711',
  fullName: 'Erika Müller',
  mail: 'erika@example.org',
  address: { zip: '20095', town: 'Hamburg' },
  phones: ['+494030124477'],
};

let server: CrmServer;
let db: Database;
let file: string;
let clock: ShiftedClock;
let settings: CrmSettings;

function settingsFor(url: string, timeoutMs = 2_000): CrmSettings {
  return crmSettingsSchema.parse({
    byNumberUrl: `${url}/api/customers?phone={number}`,
    byCustomerNumberUrl: `${url}/api/customers/{customerNumber}`,
    auth: { header: 'Authorization', value: 'Bearer crm-token' },
    timeoutMs,
    mapping: {
      id: 'data.customers[].crmId',
      customerNumber: 'data.customers[].number',
      name: 'data.customers[].fullName',
      email: 'data.customers[].mail',
      postcode: 'data.customers[].address.zip',
      city: 'data.customers[].address.town',
      phones: 'data.customers[].phones[]',
    },
  });
}

async function pop(keys: ScreenPopKeys): Promise<{ results: ScreenPopResult[]; at: number[] }> {
  const crm = new CrmLookup({ settings: () => settings, defaultRegion: () => 'DE', clock });
  const cache = new CrmCache(db, clock);
  const started = Date.now();
  const results: ScreenPopResult[] = [];
  const at: number[] = [];
  for await (const result of screenPop(keys, { crm, cache, clock, region: 'DE' })) {
    results.push(result);
    at.push(Date.now() - started);
  }
  return { results, at };
}

beforeEach(async () => {
  server = new CrmServer();
  server.customers = [mueller];
  await server.start();
  file = path.join(tempDir(), 'anlauf.sqlite');
  db = openDatabase(file, { appVersion: 'test' });
  clock = new ShiftedClock();
  settings = settingsFor(server.url);
});

afterEach(async () => {
  db.close();
  await server.stop();
});

const caller = { number: '040 3012-4477' };

describe('the screen-pop against a real HTTP CRM', () => {
  it("shows the CRM's answer, mapped, and says it came from the CRM", async () => {
    const { results } = await pop(caller);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ source: 'crm', from: 'crm', problem: null, final: true });
    expect(results[0]?.customers).toEqual([
      { id: 'c-17', customerNumber: '4711', name: 'Erika Müller', email: 'erika@example.org', postcode: '20095', city: 'Hamburg', phones: ['+494030124477'] },
    ]);
    expect(server.requests).toEqual([{ url: '/api/customers?phone=%2B494030124477', auth: 'Bearer crm-token' }]);
  });

  it('looks up the IVR customer number first', async () => {
    const { results } = await pop({ customerNumber: '4711', number: '+49 30 999999' });
    expect(results[0]?.customers.map((c) => c.name)).toEqual(['Erika Müller']);
    expect(server.requests[0]?.url).toBe('/api/customers/4711');
  });

  it("slow CRM: the cached answer within 300 ms, then the CRM's update", async () => {
    clock.offset = -3 * HOUR;
    await pop(caller);
    clock.offset = 0;
    server.customers = [{ ...mueller, fullName: 'Erika Müller-Lüdenscheidt' }];
    await server.setMode({ kind: 'slow', ms: 900 });

    const { results, at } = await pop(caller);
    expect(results.map((r) => [r.source, r.final])).toEqual([
      ['cache', false],
      ['crm', true],
    ]);
    expect(at[0]).toBeLessThan(450);
    expect(at[1]).toBeGreaterThanOrEqual(850);
    expect(results[0]).toMatchObject({ from: 'cache (3 hours ago)', problem: 'The CRM has not answered yet; showing the answer from 3 hours ago.' });
    expect(results[0]?.customers[0]?.name).toBe('Erika Müller');
    expect(results[1]?.customers[0]?.name).toBe('Erika Müller-Lüdenscheidt');
  });

  it('CRM slower than its timeout: the cached answer stays, with the reason', async () => {
    clock.offset = -3 * HOUR;
    await pop(caller);
    clock.offset = 0;
    settings = settingsFor(server.url, 500);
    await server.setMode({ kind: 'slow', ms: 3_000 });

    const { results } = await pop(caller);
    expect(results.map((r) => r.source)).toEqual(['cache', 'cache']);
    expect(results[1]).toMatchObject({
      final: true,
      crmFailure: { kind: 'timeout' },
      problem: 'The CRM did not answer within 500 ms; showing the answer from 3 hours ago.',
    });
    // For people, the same as codes the UI words; the age is the card's own line, from `fetchedAt`.
    expect(results[0]?.problemSaid).toEqual({ key: 'customerCard.crmSlow', params: { showing: { key: 'customerCard.showingCache', params: {} } } });
    expect(results[1]?.problemSaid).toEqual({
      key: 'customerCard.crmFailed',
      params: { reason: { key: 'crm.timeout', params: { duration: '500 ms' } }, showing: { key: 'customerCard.showingCache', params: {} } },
    });
  });

  const failures = [
    { mode: { kind: 'down' } as const, kind: 'unreachable', problem: 'The CRM refused the connection' },
    { mode: { kind: 'garbage' } as const, kind: 'garbage', problem: 'The CRM sent an answer that is not JSON' },
    { mode: { kind: 'unauthorized' } as const, kind: 'unauthorized', problem: "The CRM refused the workstation's credentials (HTTP 401)" },
  ];

  for (const { mode, kind, problem } of failures) {
    it(`CRM ${mode.kind}: the cached answer, or plainly nothing, with the reason`, async () => {
      const nothing = await (async () => {
        await server.setMode(mode);
        return pop(caller);
      })();
      expect(nothing.results).toEqual([
        expect.objectContaining({
          source: 'none',
          from: 'nothing found',
          customers: [],
          final: true,
          crmFailure: expect.objectContaining({ kind }),
          problem: `${problem}; no other answer is available.`,
        }),
      ]);

      await server.setMode({ kind: 'ok' });
      clock.offset = -2 * HOUR;
      await pop(caller);
      clock.offset = 0;
      await server.setMode(mode);

      const { results, at } = await pop(caller);
      expect(results).toHaveLength(1);
      expect(at[0]).toBeLessThan(450);
      expect(results[0]).toMatchObject({
        source: 'cache',
        from: 'cache (2 hours ago)',
        final: true,
        problem: `${problem}; showing the answer from 2 hours ago.`,
      });
      expect(results[0]?.customers[0]?.name).toBe('Erika Müller');
    });
  }

  it('a wrong token is reported as unauthorized', async () => {
    settings = { ...settings, auth: { header: 'Authorization', value: 'Bearer wrong' } };
    const { results } = await pop(caller);
    expect(results[0]?.crmFailure).toEqual({
      kind: 'unauthorized',
      status: 401,
      message: "the CRM refused the workstation's credentials (HTTP 401)",
      said: { key: 'crm.badCredentials', params: { status: 401 } },
    });
  });

  it('the cache persists across a restart and works with the CRM down', async () => {
    await pop(caller);
    db.close();
    await server.setMode({ kind: 'down' });
    clock.offset = 5 * 60_000;
    db = openDatabase(file, { appVersion: 'test' });
    const { results } = await pop({ number: '+49 40 30124477' });
    expect(results).toEqual([
      expect.objectContaining({ source: 'cache', from: 'cache (5 minutes ago)', crmFailure: expect.objectContaining({ kind: 'unreachable' }) }),
    ]);
    expect(results[0]?.customers[0]?.customerNumber).toBe('4711');
  });

  it('prefers a match in the local directory over the cache while the CRM is down', async () => {
    await pop(caller);
    await server.setMode({ kind: 'down' });
    const crm = new CrmLookup({ settings: () => settings, defaultRegion: () => 'DE', clock });
    const directory = {
      findByCustomerNumber: () => [],
      findByNumber: (raw: string, region: string) =>
        raw === '040 3012-4477' && region === 'DE' ? [{ name: 'Erika Müller (Verzeichnis)', phones: ['+494030124477'] }] : [],
    };
    const results: ScreenPopResult[] = [];
    for await (const result of screenPop(caller, { crm, cache: new CrmCache(db, clock), directory, clock, region: 'DE' })) results.push(result);
    expect(results).toEqual([
      expect.objectContaining({ source: 'directory', problem: 'The CRM refused the connection; showing the local customer directory.' }),
    ]);
    expect(results[0]?.customers[0]).toEqual({
      id: null,
      customerNumber: null,
      name: 'Erika Müller (Verzeichnis)',
      email: null,
      postcode: null,
      city: null,
      phones: ['+494030124477'],
    });
  });
});

describe('values from outside never steer the credentialed CRM request elsewhere', () => {
  // `..` would turn /api/customers/{customerNumber}/profile into /api/profile, with the token.
  const HOSTILE = [
    '..',
    '.',
    '%2e%2e',
    '%2E.',
    '%252e%252e',
    '．．',
    '../admin',
    '..%2fadmin',
    '%zz%2F..',
    '4711/../../admin',
    'a\\b',
    'a%5cb',
    '4711\u0000',
    '4711%00',
    'K\r\nX-Injected: 1',
  ];

  for (const customerNumber of HOSTILE) {
    it(`an IVR customer number ${JSON.stringify(customerNumber)} is not sent, and the agent is told why`, async () => {
      settings = { ...settings, byCustomerNumberUrl: `${server.url}/api/customers/{customerNumber}/profile` };
      const { results } = await pop({ customerNumber, number: '+49 30 999999' });
      expect(server.requests).toEqual([]);
      expect(results).toEqual([expect.objectContaining({ final: true, crmFailure: expect.objectContaining({ kind: 'refused' }) })]);
      expect(results[0]?.problem).toMatch(
        /^The customer number from the IVR was not sent to the CRM: .* (is a path step|contains a path separator|contains control characters); /,
      );
    });
  }

  it('ordinary customer numbers, with dots, dashes and spaces, are still looked up', async () => {
    for (const customerNumber of ['4711', 'K.17', 'K-17 a', '...x', 'ä.ö']) {
      const answer = await new CrmLookup({ settings: () => settings, defaultRegion: () => 'DE', clock }).lookup({ customerNumber });
      expect(answer.ok, customerNumber).toBe(true);
    }
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/customers/4711',
      '/api/customers/K.17',
      '/api/customers/K-17%20a',
      '/api/customers/...x',
      '/api/customers/%C3%A4.%C3%B6',
    ]);
  });

  it('in the query string, a search may contain slashes and dots: they are encoded and stay in the query', async () => {
    settings = { ...settings, searchUrl: `${server.url}/api/customers?q={query}` };
    const answer = await new CrmLookup({ settings: () => settings, defaultRegion: () => 'DE', clock }).lookup({ query: 'AC/DC ../..' });
    expect(answer.ok).toBe(true);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/customers?q=AC%2FDC%20..%2F..']);
  });

  for (const auth of [
    { header: 'Authorization', value: 'Bearer crm-token' },
    { header: 'X-Api-Key', value: 'crm-key' },
  ]) {
    it(`a redirect is not followed: the ${auth.header} header never reaches another server`, async () => {
      const elsewhere = new CrmServer();
      await elsewhere.start();
      try {
        settings = { ...settings, auth };
        await server.setMode({ kind: 'redirect', to: `${elsewhere.url}/api/customers/4711` });
        const { results } = await pop({ customerNumber: '4711' });
        expect(server.requests).toHaveLength(1);
        expect(elsewhere.headers).toEqual([]);
        expect(results[0]).toMatchObject({ final: true, crmFailure: { kind: 'redirect', status: 302 } });
        expect(results[0]?.problem).toMatch(/^The CRM answered with a redirect \(HTTP 302\), which the workstation does not follow/);
      } finally {
        await elsewhere.stop();
      }
    });
  }
});
