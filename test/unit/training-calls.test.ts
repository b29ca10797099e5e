import { describe, expect, it } from 'vitest';
import { TrainingCalls, type TrainingCallsDeps } from '../../src-main/core/training/training-calls';
import type { TrainingCallSpec } from '../../src-main/core/training/training-line';

const scenarioCall: TrainingCallSpec = {
  remoteNumber: '+4930111',
  remoteName: 'Scenario',
  dialedNumber: '+4940999',
  ivr: { client: 'acme' },
  ringMs: 20000,
  talkMs: null,
};

function calls(agent: ReturnType<TrainingCallsDeps['agent']> = { declining: false, state: 'ready' }, placeFails = false) {
  const placed: TrainingCallSpec[] = [];
  const expected: unknown[] = [];
  const service = new TrainingCalls({
    agent: () => agent,
    nextCall: () => scenarioCall,
    place: (spec) => {
      if (placeFails) throw new Error('line busy');
      placed.push(spec);
      return 'line-1';
    },
    expectInbound: (preset) => expected.push(preset),
    callIdFor: (lineCallId) => (lineCallId === 'line-1' ? 'call-1' : null),
  });
  return { service, placed, expected };
}

describe('TrainingCalls', () => {
  it("places the scenario's next call with the fields given, and returns the phone's id for it", () => {
    const { service, placed, expected } = calls();
    expect(service.placeTrainingCall({ remoteName: 'Given', remoteNumber: undefined })).toBe('call-1');
    expect(placed).toEqual([{ ...scenarioCall, remoteName: 'Given' }]);
    expect(expected).toEqual([null]);
  });

  it("rehearses a script's campaign without the scenario's IVR codes, and clears the expectation even when placing fails", () => {
    const { service, placed, expected } = calls();
    service.placeTrainingCall({ rehearse: { client: 'acme', campaign: 'winback' } });
    expect(placed[0]?.ivr).toEqual({});
    expect(expected).toEqual([{ clientId: 'acme', campaignId: 'winback', customer: null }, null]);
    const failing = calls(undefined, true);
    expect(() => failing.service.placeTrainingCall({ rehearse: { client: null, campaign: 'x' } })).toThrow('line busy');
    expect(failing.expected.at(-1)).toBeNull();
  });

  it('refuses while the agent declines calls, saying why', () => {
    expect(() => calls({ declining: true, state: 'wrapUp' }).service.placeTrainingCall({})).toThrow(
      'Calls are declined while you are in wrap-up: give the last call its disposition first.',
    );
    expect(() => calls({ declining: true, state: 'offline' }).service.placeTrainingCall({})).toThrow('while you are offline: set yourself ready first.');
  });
});
