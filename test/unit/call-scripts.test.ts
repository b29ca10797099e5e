import { describe, expect, it } from 'vitest';
import { settingsSchema, type CallView } from '../../src-main/contract';
import type { CallPurpose } from '../../src-main/core/calls/call-context-service';
import { CallScripts } from '../../src-main/core/calls/call-scripts';
import { silentLogger } from '../../src-main/core/log';
import type { CallFacts } from '../../src-main/core/scripts/script-sessions';

const call = (id: string, extra: Partial<CallView> = {}) =>
  ({ id, state: 'active', consultFor: null, remoteNumber: '+4930111', dialedNumber: '+4940999', direction: 'inbound', ivr: {}, ...extra }) as CallView;

const purpose = (campaignId: string | null): CallPurpose => ({
  clientId: 'acme',
  clientName: 'ACME',
  campaignId,
  campaignName: campaignId,
  customer: null,
  callListRecordId: null,
  callbackId: null,
  // As the call contexts choose it (call-language.test.ts): the winback campaign's English, else the client's German.
  language: campaignId === 'winback' ? { code: 'en', from: 'campaign' } : { code: 'de', from: 'client' },
});

function callScripts(purposes: Record<string, CallPurpose>, failRecord = false) {
  const settings = settingsSchema.parse({
    agent: { name: 'Jana' },
    clients: [
      {
        id: 'acme',
        name: 'ACME',
        greeting: 'Hallo',
        colour: '#336699',
        language: 'de',
        campaigns: [
          { id: 'winback', name: 'Winback', language: 'en' },
          { id: 'sales', name: 'Sales' },
        ],
      },
    ],
  });
  const started: { callId: string; campaignId: string; facts: CallFacts }[] = [];
  const recorded: string[] = [];
  const service = new CallScripts({
    settings: () => settings,
    scripts: {
      has: (id) => started.some((s) => s.callId === id),
      startForCall: (callId, campaignId, _clientId, facts) => started.push({ callId, campaignId, facts }),
      updateFacts: () => undefined,
      views: () => ({}),
    },
    callLog: {
      recordPurpose: (id) => {
        if (failRecord) throw new Error('disk full');
        recorded.push(id);
        return null;
      },
      get: () => null,
    },
    purposeOf: (id) => purposes[id] ?? null,
    currentCalls: () => [],
    wrapUp: { purposeOf: () => null, dispositionsFor: () => [] },
    logger: silentLogger,
  });
  return { service, started, recorded };
}

describe('CallScripts', () => {
  it("starts each new call's campaign script once, in the call's language, and records whom the call is for", () => {
    const { service, started, recorded } = callScripts({ a: purpose('winback'), b: purpose('sales'), c: purpose(null) });
    service.callsChanged([call('a'), call('b'), call('c'), call('x')]);
    service.callsChanged([call('a')]);
    expect(started.map((s) => [s.callId, s.campaignId, s.facts.language, s.facts.agentName])).toEqual([
      ['a', 'winback', 'en', 'Jana'],
      ['b', 'sales', 'de', 'Jana'],
    ]);
    expect(recorded).toEqual(['a', 'b', 'c']);
  });

  it('starts no script for a consultation or an ended call, and still starts one when the purpose cannot be saved', () => {
    const { service, started } = callScripts({ a: purpose('winback'), b: purpose('winback'), c: purpose('winback') }, true);
    service.callsChanged([call('a', { consultFor: 'x' }), call('b', { state: 'ended' }), call('c')]);
    expect(started.map((s) => s.callId)).toEqual(['c']);
  });
});
