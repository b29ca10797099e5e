import { describe, expect, it } from 'vitest';
import { classifyOrIvr } from '../../src-main/core/calls/classify-call';
import { silentLogger } from '../../src-main/core/log';

const call = { direction: 'inbound' as const, dialedNumber: '+4940999', ivr: { client: 'ivr-client', campaign: 'ivr-campaign' }, calledAddresses: [] };

describe('classifyOrIvr', () => {
  it("gives the contexts' answer", () => {
    expect(classifyOrIvr(() => ({ client: 'acme', campaign: null, queue: null }), silentLogger)(call)).toEqual({ client: 'acme', campaign: null, queue: null });
  });

  it('falls back to what the IVR said when the contexts fail', () => {
    const failing = classifyOrIvr(() => {
      throw new Error('bad settings');
    }, silentLogger);
    expect(failing(call)).toEqual({ client: 'ivr-client', campaign: 'ivr-campaign', queue: null });
    expect(failing({ ...call, ivr: {} })).toEqual({ client: null, campaign: null, queue: null });
  });
});
