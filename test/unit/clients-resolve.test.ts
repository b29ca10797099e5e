import { describe, expect, it } from 'vitest';
import { clientListSchema, type ClientSettings } from '../../src-main/contract';
import { clientsConflicts } from '../../src-main/core/clients/clients-settings';
import { normalizeNumber } from '../../src-main/core/clients/numbers';
import { findCampaign, greetingFor, resolveContext } from '../../src-main/core/clients/resolve';

const clients: ClientSettings[] = clientListSchema.parse([
  {
    id: 'nord',
    name: 'Stadtwerke Nord',
    greeting: 'Stadtwerke Nord, Kundenservice, mein Name ist {agent}.',
    colour: '#0a5c36',
    dialedNumbers: ['+49 40 800 100'],
    ivrCodes: ['SWN'],
    campaigns: [
      { id: 'strom', name: 'Strom', ivrCodes: ['STROM'], script: 'Zählerstand erfragen', dispositions: ['Zählerstand', 'Umzug'] },
      { id: 'gas', name: 'Gas', ivrCodes: ['GAS', 'gas-neu'], script: null, dispositions: ['Abschlag'] },
    ],
  },
  {
    id: 'sued',
    name: 'Energie Süd',
    greeting: 'Energie Süd, {agent}, guten Tag.',
    colour: '#aa3300',
    logo: 'data:image/png;base64,AAAA',
    dialedNumbers: ['089 / 555 20-0', '0800 1234567'],
    ivrCodes: ['ES'],
    campaigns: [{ id: 'service', name: 'Service', script: 'Begrüßen', dispositions: ['Erledigt'] }],
  },
  { id: 'west', name: 'Wasser West', greeting: 'Wasser West, {agent}.', colour: '#123456', ivrCodes: ['WW'] },
]);

const resolve = (dialedNumber: string | null, ivr: { client?: string; campaign?: string } = {}) => resolveContext({ dialedNumber, ivr }, clients, 'DE');

describe('which company a call is for', () => {
  it('finds the client by its dialed number in any notation', () => {
    for (const dialed of ['040 800100', '+49 40 800 100', '0049 40 800100', '+4940800100', 'sip:+4940800100@pbx.example;user=phone', 'tel:040-800100']) {
      const context = resolve(dialed);
      expect(context.client?.id, dialed).toBe('nord');
      expect(context.how).toBe('dialed');
      expect(context.problem).toBeNull();
    }
    expect(resolve('+49 89 555200').client?.id).toBe('sued');
    expect(resolve('0800 123 4567').client?.id).toBe('sued');
  });

  it('finds the client by the IVR code, case and spaces aside, and the IVR code wins over the dialed number', () => {
    expect(resolve(null, { client: 'ES' })).toMatchObject({
      client: { id: 'sued', name: 'Energie Süd', colour: '#aa3300', logo: 'data:image/png;base64,AAAA' },
      how: 'ivr',
    });
    expect(resolve(null, { client: ' swn ' }).client?.id).toBe('nord');
    const both = resolve('040 800100', { client: 'ES' });
    expect(both.client?.id).toBe('sued');
    expect(both.how).toBe('ivr');
    expect(both.note).toContain('the IVR decides');
    expect(resolve('040 800100', { client: 'SWN' }).note).toBeNull();
  });

  it('falls back to the dialed number when the IVR code is unknown, and says so', () => {
    const context = resolve('040 800100', { client: 'XYZ' });
    expect(context.client?.id).toBe('nord');
    expect(context.how).toBe('dialed');
    expect(context.note).toContain('"XYZ" is not configured');
    expect(context.noteSaid).toEqual([{ key: 'context.ivrClientUnknown', params: { code: 'XYZ' } }]);
  });

  it('says plainly when the company cannot be determined', () => {
    expect(resolve('+49 30 1234567', { client: 'X' })).toEqual({
      client: null,
      campaign: null,
      how: 'none',
      problem: 'The company for this call is not known (dialed +49 30 1234567, IVR client "X").',
      problemSaid: { key: 'context.companyUnknown', params: { dialed: '+49 30 1234567', ivr: 'X' } },
      note: null,
    });
    expect(resolve(null).problem).toBe('The company for this call is not known (no dialed number, no IVR client).');
    expect(resolve('030 1234567').problem).toBe('The company for this call is not known (dialed +49 30 1234567, no IVR client).');
    expect(resolve(null, { client: 'X' }).problem).toBe('The company for this call is not known (no dialed number, IVR client "X").');
    expect(resolve(null).problemSaid).toEqual({ key: 'context.companyUnknownNeither', params: {} });
  });

  it('is silent on a workstation with no clients configured', () => {
    expect(resolveContext({ dialedNumber: '040 800100', ivr: { client: 'SWN' } }, [], 'DE')).toEqual({
      client: null,
      campaign: null,
      how: 'none',
      problem: null,
      note: null,
    });
  });

  it('takes the campaign from the IVR campaign code within the client', () => {
    expect(resolve(null, { client: 'SWN', campaign: 'STROM' }).campaign).toEqual({
      id: 'strom',
      name: 'Strom',
      script: 'Zählerstand erfragen',
      dispositions: ['Zählerstand', 'Umzug'],
    });
    expect(resolve('040 800100', { campaign: 'Gas-Neu' }).campaign?.id).toBe('gas');
  });

  it("takes the client's only campaign, else none", () => {
    expect(resolve(null, { client: 'ES' }).campaign?.id).toBe('service');
    expect(resolve(null, { client: 'ES', campaign: 'STROM' })).toMatchObject({
      campaign: { id: 'service' },
      note: expect.stringContaining('"STROM" is not a campaign of "Energie Süd"'),
    });
    expect(resolve(null, { client: 'SWN' }).campaign).toBeNull();
    expect(resolve(null, { client: 'SWN', campaign: 'NOPE' })).toMatchObject({ campaign: null, note: expect.stringContaining('"NOPE"') });
    expect(resolve(null, { client: 'WW' }).campaign).toBeNull();
  });

  it("puts the agent's name into the greeting", () => {
    const client = resolve(null, { client: 'SWN' }).client;
    expect(client && greetingFor(client, 'Jana')).toBe('Stadtwerke Nord, Kundenservice, mein Name ist Jana.');
  });
});

describe('the clients table', () => {
  const base = { name: 'A', greeting: 'Hallo {agent}', colour: '#000000' };

  it('fills defaults', () => {
    expect(clientListSchema.parse(undefined)).toEqual([]);
    expect(clientListSchema.parse([{ id: 'a', ...base }])).toEqual([
      { id: 'a', ...base, logo: null, dialedNumbers: [], ivrCodes: [], language: null, campaigns: [] },
    ]);
  });

  it('refuses bad colours, ids and numbers', () => {
    expect(clientListSchema.safeParse([{ id: 'a', ...base, colour: 'red' }]).success).toBe(false);
    expect(clientListSchema.safeParse([{ id: 'a b', ...base }]).success).toBe(false);
    expect(clientListSchema.safeParse([{ id: 'a', ...base, dialedNumbers: ['call me'] }]).success).toBe(false);
    expect(clientListSchema.safeParse([{ id: 'a', ...base, extra: 1 }]).success).toBe(false);
  });

  it('refuses duplicate ids and codes or numbers claimed by two clients, naming both', () => {
    const messages = (value: unknown) => {
      // As the settings service checks the table: its schema, then its conflicts.
      const result = clientListSchema.safeParse(value);
      return result.success ? clientsConflicts(result.data, null).map((problem) => problem.message) : result.error.issues.map((issue) => issue.message);
    };
    expect(
      messages([
        { id: 'a', ...base },
        { id: 'A', ...base },
      ]),
    ).toEqual([expect.stringContaining('The client id "A" is used twice')]);
    expect(
      messages([
        { id: 'a', ...base, ivrCodes: ['X'] },
        { id: 'b', ...base, ivrCodes: ['x'] },
      ]),
    ).toEqual(['The IVR client code "x" is claimed by both "a" and "b".']);
    expect(
      messages([
        { id: 'a', ...base, dialedNumbers: ['+49 40 800 100'] },
        { id: 'b', ...base, dialedNumbers: ['0049 40 800100'] },
      ]),
    ).toEqual(['The dialed number 0049 40 800100 is claimed by both "a" (as +49 40 800 100) and "b".']);
    expect(
      messages([
        {
          id: 'a',
          ...base,
          campaigns: [
            { id: 'c', name: 'C', ivrCodes: ['K'] },
            { id: 'd', name: 'D', ivrCodes: ['k'] },
            { id: 'c', name: 'C2' },
          ],
        },
      ]),
    ).toEqual(['The IVR campaign code "k" is claimed by both campaigns "c" and "d" of "a".', 'The campaign id "c" is used twice in "a".']);
  });

  it('finds national and international notations of one number with the default country', () => {
    const table = clientListSchema.parse([
      { id: 'a', ...base, dialedNumbers: ['+49 40 800 100'] },
      { id: 'b', ...base, dialedNumbers: ['040 800100'] },
    ]);
    expect(clientsConflicts(table, 'DE').map((p) => p.message)).toEqual(['The dialed number 040 800100 is claimed by both "a" (as +49 40 800 100) and "b".']);
    expect(clientsConflicts(table, 'AT')).toEqual([]);
  });

  it('normalizes numbers to E.164, or digits when they cannot be placed', () => {
    expect(normalizeNumber('040 800100', 'DE')).toBe('+4940800100');
    expect(normalizeNumber('040 800100', null)).toBe('040800100');
    expect(normalizeNumber('sip:0049-40-800100@pbx', null)).toBe('+4940800100');
  });
});

describe('a campaign without its own codes', () => {
  it("shows the workstation's disposition set, the one its wrap-up offers", () => {
    const [withOwn] = clientListSchema.parse([
      {
        id: 'ost',
        name: 'Netz Ost',
        greeting: 'Netz Ost.',
        colour: '#000000',
        ivrCodes: ['NO'],
        campaigns: [
          { id: 'info', name: 'Info', ivrCodes: ['info'] },
          { id: 'hotline', name: 'Hotline', ivrCodes: ['hotline'], dispositions: ['fixed'] },
        ],
      },
    ]);
    const defaults = ['solved', { code: 'no-contact', label: 'No contact', children: ['busy'] }];
    const context = (campaign: string) => resolveContext({ dialedNumber: null, ivr: { client: 'NO', campaign } }, [withOwn!], 'DE', defaults);
    expect(context('info').campaign?.dispositions).toEqual(['Solved', 'No contact › Busy']);
    expect(context('hotline').campaign?.dispositions).toEqual(['Fixed']);
  });
});

describe('finding a campaign by its ids', () => {
  it('takes the client given, else the one client that runs a campaign of that id', () => {
    expect(findCampaign(clients, 'nord', 'gas')).toMatchObject({ client: { id: 'nord' }, campaign: { id: 'gas' } });
    expect(findCampaign(clients, null, 'service')).toMatchObject({ client: { id: 'sued' }, campaign: { name: 'Service' } });
    expect(findCampaign(clients, 'sued', 'gas')).toEqual({ client: expect.objectContaining({ id: 'sued' }), campaign: undefined });
    const twice = [...clients, { ...clients[2]!, id: 'west2', campaigns: clients[1]!.campaigns }];
    expect(findCampaign(twice, null, 'service')).toEqual({ client: undefined, campaign: undefined });
  });
});

describe("a queue's call", () => {
  const support: { name: string; client: string | null; campaign: string | null } = { name: 'Support', client: 'nord', campaign: 'gas' };
  const viaQueue = (ivr: { client?: string; campaign?: string } = {}, dialed: string | null = 'support', queue: typeof support | null = support) =>
    resolveContext({ dialedNumber: dialed, ivr, queue }, clients, 'DE');

  it("is for the queue's client and campaign, not the first or only one", () => {
    const context = viaQueue();
    expect(context).toMatchObject({ how: 'queue', problem: null, note: null });
    expect(context.client?.id).toBe('nord');
    expect(context.campaign).toMatchObject({ id: 'gas', dispositions: ['Abschlag'] });
  });

  it("wins over the dialed number: the queue's address names no line", () => {
    expect(viaQueue({}, '0800 1234567').client?.id).toBe('nord');
  });

  it("yields to the IVR's client code, with a note naming both", () => {
    const context = viaQueue({ client: 'ES' });
    expect(context).toMatchObject({ how: 'ivr', client: expect.objectContaining({ id: 'sued' }), campaign: expect.objectContaining({ id: 'service' }) });
    expect(context.noteSaid).toEqual([{ key: 'context.ivrQueueDisagree', params: { ivr: 'Energie Süd', queue: 'Support', client: 'Stadtwerke Nord' } }]);
  });

  it("takes the IVR's campaign of the queue's client, and the queue's campaign when the IVR's code is unknown", () => {
    expect(viaQueue({ campaign: 'STROM' }).campaign?.id).toBe('strom');
    const unknown = viaQueue({ campaign: 'WASSER' });
    expect(unknown.campaign?.id).toBe('gas');
    expect(unknown.noteSaid).toEqual([{ key: 'context.ivrCampaignUnknown', params: { code: 'WASSER', client: 'Stadtwerke Nord' } }]);
  });

  it("takes the queue's client when the IVR's client code is not configured, and says so", () => {
    const context = viaQueue({ client: 'XX' });
    expect(context).toMatchObject({ how: 'queue', client: expect.objectContaining({ id: 'nord' }) });
    expect(context.noteSaid).toEqual([{ key: 'context.ivrClientUnknownQueue', params: { code: 'XX', queue: 'Support' } }]);
  });

  it('leaves a queue without a client to the dialed number, as a direct call', () => {
    expect(viaQueue({}, '0800 1234567', { name: 'Overflow', client: null, campaign: null })).toMatchObject({
      how: 'dialed',
      client: expect.objectContaining({ id: 'sued' }),
    });
  });
});
