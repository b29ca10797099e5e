import { describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import type { CallPurpose } from '../../src-main/core/calls/call-context-service';
import { CallLifecycle } from '../../src-main/core/calls/call-lifecycle';
import { makeCallView } from '../support/call-view';

function purpose(campaignId: string): CallPurpose {
  return {
    clientId: 'acme',
    clientName: 'Acme',
    campaignId,
    campaignName: campaignId,
    customer: null,
    callListRecordId: null,
    callbackId: null,
    language: null,
  };
}

/**
 * Each service reduced to what the order depends on, keeping the real rules: the call contexts
 * learn a new call's purpose and drop an ended call's; the wrap-up opens for an ended call with
 * the purpose it knows by then; every step writes what it saw into `seen`.
 */
function world(calls: CallView[], known: Record<string, CallPurpose> = {}) {
  const seen: string[] = [];
  const purposes = new Map(Object.entries(known));
  const wrapUps = new Map<string, CallPurpose | null>();
  const remembered = new Map<string, CallPurpose>();
  const wrapUp = {
    callsChanged(list: readonly CallView[], purposeOf: (id: string) => CallPurpose | null) {
      seen.push('wrapUp');
      for (const call of list) {
        const p = purposeOf(call.id) ?? remembered.get(call.id) ?? null;
        if (p) remembered.set(call.id, p);
        if (call.state === 'ended' && !wrapUps.has(call.id)) wrapUps.set(call.id, p);
      }
    },
    get waiting() {
      return wrapUps.size > 0;
    },
  };
  const lifecycle = new CallLifecycle({
    phone: { currentCalls: () => calls, hasCall: () => calls.some((c) => c.state !== 'ended') },
    wrapUp,
    contexts: {
      callsChanged(list) {
        seen.push('contexts');
        for (const call of list) {
          if (call.state === 'ended') purposes.delete(call.id);
          else if (!purposes.has(call.id)) purposes.set(call.id, purpose(`campaign-of-${call.id}`));
        }
      },
      purposeOf: (id) => purposes.get(id) ?? null,
    },
    scripts: {
      callsChanged: (list) => seen.push(`scripts:${list.map((c) => purposes.get(c.id)?.campaignId ?? 'none').join(',')}`),
    },
    agent: { activity: (onCall, wrap) => seen.push(`agent:${onCall}:${wrap}`) },
    shiftCheck: { busyChanged: (busy) => seen.push(`shiftCheck:${busy}`) },
    audio: { callsChanged: () => seen.push('audio') },
    headsets: { callsChanged: () => seen.push('headsets') },
    stateChanged: () => seen.push('state'),
    scenario: { availabilityChanged: () => seen.push('scenario') },
    links: { check: () => seen.push(`links:${wrapUp.waiting}`) },
  });
  return { lifecycle, seen, wrapUps, remembered };
}

describe('CallLifecycle', () => {
  it('gives an ended call its wrap-up with the purpose the call contexts drop at the same change', () => {
    const { lifecycle, wrapUps } = world([makeCallView({ id: 'c1', state: 'ended' })], { c1: purpose('survey') });
    lifecycle.callsChanged();
    expect(wrapUps.get('c1')?.campaignId).toBe('survey');
  });

  it("lets the wrap-up and the script learn a new call's purpose at the change that brings the call", () => {
    const { lifecycle, remembered, seen } = world([makeCallView({ id: 'c2', state: 'ringing' })]);
    lifecycle.callsChanged();
    expect(remembered.get('c2')?.campaignId).toBe('campaign-of-c2');
    expect(seen).toContain('scripts:campaign-of-c2');
  });

  it('lets a waiting link and the agent see the wrap-up that the call’s end opened', () => {
    const { lifecycle, seen } = world([makeCallView({ id: 'c1', state: 'ended' })], { c1: purpose('survey') });
    lifecycle.callsChanged();
    expect(seen).toContain('links:true');
    expect(seen).toContain('agent:true:true');
    expect(seen).toContain('shiftCheck:true');
  });

  it('runs the steps of a call change in one order, the link last', () => {
    const { lifecycle, seen } = world([makeCallView({ id: 'c1', state: 'active' })], { c1: purpose('survey') });
    lifecycle.callsChanged();
    expect(seen).toEqual([
      'wrapUp',
      'contexts',
      'wrapUp',
      'scripts:survey',
      'agent:true:false',
      'shiftCheck:true',
      'audio',
      'headsets',
      'state',
      'scenario',
      'links:false',
    ]);
  });

  it('after a wrap-up changed, sets the agent state before a waiting link is looked at', () => {
    const { lifecycle, seen } = world([makeCallView({ id: 'c1', state: 'ringing' })]);
    lifecycle.wrapUpChanged();
    expect(seen).toEqual(['agent:false:false', 'state', 'links:false']);
  });
});
