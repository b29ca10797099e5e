import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src-main/contract';
import { callLanguageFor, chooseCallLanguage } from '../../src-main/core/calls/call-language';
import fs from 'node:fs';
import path from 'node:path';
import { readInbound, type InviteLike } from '../../src-main/core/phone/sip/inbound';
import { loadScenario } from '../../src-main/core/training/scenario';
import { tempDir } from '../support/temp';
import { languageCode } from '../../src-main/shared/language-code';

const clients = settingsSchema.parse({
  clients: [
    {
      id: 'alpenfunk',
      name: 'Alpenfunk Mobil',
      greeting: 'Alpenfunk Mobil, grüß Gott.',
      colour: '#c8102e',
      language: 'de',
      campaigns: [
        { id: 'support', name: 'Support' },
        { id: 'roaming', name: 'Roaming hotline', language: 'en' },
      ],
    },
  ],
}).clients;

describe("a call's language", () => {
  it("is the IVR's, else the customer's, else the campaign's, else the client's", () => {
    const call = { clientId: 'alpenfunk', campaignId: 'roaming' };
    expect(callLanguageFor(clients, { ...call, ivr: 'tr', customer: 'de' })).toEqual({ code: 'tr', from: 'ivr' });
    expect(callLanguageFor(clients, { ...call, customer: 'de' })).toEqual({ code: 'de', from: 'customer' });
    expect(callLanguageFor(clients, call)).toEqual({ code: 'en', from: 'campaign' });
    expect(callLanguageFor(clients, { clientId: 'alpenfunk', campaignId: 'support' })).toEqual({ code: 'de', from: 'client' });
    expect(callLanguageFor(clients, { clientId: null, campaignId: null })).toBeNull();
  });

  it('passes over what is no language and takes the next source', () => {
    expect(chooseCallLanguage({ ivr: 'xx-yyy', customer: 'Englisch', client: 'de' })).toEqual({ code: 'en', from: 'customer' });
  });

  it('reads codes and the usual names in any case', () => {
    expect(['de', 'EN', 'de_at', 'de-AT', 'Deutsch', 'english', ' tr '].map(languageCode)).toEqual(['de', 'en', 'de-AT', 'de-AT', 'de', 'en', 'tr']);
    expect(['', 'deutsch-ish', 'e', 'german language', '12'].map(languageCode)).toEqual([null, null, null, null, null]);
  });
});

describe('the IVR language header on an INVITE', () => {
  const headers = {
    customerNumber: 'X-Customer-Number',
    concern: 'X-Concern',
    queue: 'X-Queue',
    client: 'X-Client',
    campaign: 'X-Campaign',
    language: 'X-Language',
  };
  const invite = (values: Record<string, string>): InviteLike => ({
    call_id: 'c1',
    from: { uri: { user: '+4930111' }, display_name: null },
    to: { uri: { user: '+4940800', host: 'pbx' } },
    ruri: { user: 'agent', host: 'pbx' },
    getHeader: (name) => values[name],
    getHeaders: (name) => (values[name] ? [values[name]] : []),
  });
  const parse = () => null;

  it('is read as a code', () => {
    const { info, problems } = readInbound(invite({ 'X-Language': 'en-gb' }), headers, null, parse);
    expect(info.ivr.language).toBe('en-GB');
    expect(problems).toEqual([]);
  });

  it('that is no language code is reported and left out; the rest of the IVR data stays', () => {
    const { info, problems } = readInbound(invite({ 'X-Language': 'klingon!', 'X-Client': 'ALP' }), headers, null, parse);
    expect(info.ivr).toEqual({ client: 'ALP' });
    expect(problems).toEqual(['X-Language "klingon!" is not a language code such as de, en or de-AT; ignored']);
  });
});

describe('the language of a training call', () => {
  it("is written in the scenario's IVR data and checked with its line", () => {
    const file = path.join(tempDir(), 'drill.yaml');
    fs.writeFileSync(file, 'name: Drill\ncalls:\n  - caller: "+49 89 1"\n    ivr: { language: EN }\n');
    expect(loadScenario(file).calls[0]?.ivr.language).toBe('en');
    fs.writeFileSync(file, 'name: Drill\ncalls:\n  - caller: "+49 89 1"\n    ivr:\n      language: english please\n');
    expect(() => loadScenario(file)).toThrow(/drill\.yaml:5: calls\[0\]\.ivr\.language: a language code such as de, en or de-AT/);
  });
});
