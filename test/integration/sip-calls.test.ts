import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { Workstation } from '../../src-main/core/workstation';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { createWrtcMediaEnd, waitFor } from '../support/wrtc-media';
import { agentSip, startWorkstationAgent, type TestAgent } from '../support/workstation-agent';

let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin' });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

const agents: TestAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
});

async function startAgent(sip: Record<string, unknown> = {}): Promise<TestAgent> {
  const agent = await startWorkstationAgent({ sip: { ...agentSip(kamailio), ...sip } });
  agents.push(agent);
  return agent;
}

const IVR_HEADERS = [
  'X-Customer-Number: K-100234',
  'X-Concern: Stromausfall melden',
  'X-Queue: stoerung',
  'X-Client: Stadtwerke Nord',
  'X-Campaign: Störungsannahme',
];

async function ringing(ws: Workstation): Promise<CallView> {
  await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
  return ws.snapshot().calls.find((c) => c.state === 'ringing')!;
}

describe('inbound calls on the SIP line, through a real Kamailio, with real audio', () => {
  it('rings with the IVR data and the asserted caller; answered, audio flows both ways; the caller hangs up', async () => {
    const { ws, media } = await startAgent();
    const farCall = customer.call(kamailio.uri('agent7'), {
      extraHeaders: [
        ...IVR_HEADERS,
        'P-Asserted-Identity: "Erika Mustermann" <sip:+494030124477@anlauf.test>',
        'Diversion: <sip:+4940800100@anlauf.test>;reason=unconditional',
      ],
    });
    const call = await ringing(ws);
    expect(call).toMatchObject({
      line: 'sip',
      direction: 'inbound',
      remoteNumber: '+494030124477',
      remoteName: 'Erika Mustermann',
      dialedNumber: '+4940800100',
      client: 'Stadtwerke Nord',
      campaign: 'Störungsannahme',
      ivr: { customerNumber: 'K-100234', concern: 'Stromausfall melden', queue: 'stoerung', client: 'Stadtwerke Nord', campaign: 'Störungsannahme' },
    });

    await ws.phone.answer(call.id);
    await farCall.waitForState('confirmed');
    await waitFor('the call active in the snapshot', () => ws.snapshot().calls[0]?.state === 'active');
    await farCall.audio.waitForAudio(50);
    const heardBefore = media.audible();
    await waitFor('the agent hears the customer', () => media.audible() > heardBefore + 50);

    await farCall.hangup();
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    expect(ws.callLog.get(call.id)).toMatchObject({ line: 'sip', endCause: 'completed', endedBy: 'remote', client: 'Stadtwerke Nord' });
    const entry = ws.callLog.get(call.id)!;
    expect(entry.answerAt).not.toBeNull();
    expect(entry.endAt! - entry.answerAt!).toBeGreaterThan(0);
    await waitFor('the real peer closed', () => media.end.peerCount === 0);
  });

  it('prepares the media while it rings: the caller gets a 183 with an inactive answer and connects ICE and DTLS, then a 200 OK with audio both ways', async () => {
    const { ws, media } = await startAgent({ prepareMediaWhileRinging: true });
    const farCall = customer.call(kamailio.uri('agent7'));
    const call = await ringing(ws);
    // The caller's JsSIP applies the 183's SDP: its peer connection reaches the agent's before the answer.
    await waitFor('the caller connected (ICE + DTLS) while it rings', () => farCall.session.connection?.connectionState === 'connected', 5000);
    expect(farCall.remoteDirections).toEqual(['inactive']);
    expect(farCall.state).toBe('progress');
    expect(media.audible()).toBe(0);
    expect(farCall.audio.loudFrames).toBe(0);

    const before = media.requests.length;
    await ws.phone.answer(call.id);
    await farCall.waitForState('confirmed');
    // One request to the media end after the click (and the track switched on), no new peer.
    // (The call's quality readings, pc.stats once a second, are no part of answering.)
    expect(
      media.requests
        .slice(before)
        .filter((r) => r.op === 'getUserMedia' || (r.op.startsWith('pc.') && r.op !== 'pc.stats') || r.op.startsWith('track.'))
        .map((r) => r.op),
    ).toEqual(['track.setEnabled', 'pc.answer']);
    expect(farCall.remoteDirections).toEqual(['inactive', 'sendrecv']);
    await farCall.audio.waitForAudio(50);
    const heardBefore = media.audible();
    await waitFor('the agent hears the customer', () => media.audible() > heardBefore + 50);
    await farCall.hangup();
    await waitFor('the real peer closed', () => media.end.peerCount === 0);
    expect(ws.media.liveTracks()).toHaveLength(0);
  });

  it('drops what it prepared when the media end goes away while the call rings, and answers on the new one as without', async () => {
    const agent = await startAgent({ prepareMediaWhileRinging: true });
    const farCall = customer.call(kamailio.uri('agent7'));
    const call = await ringing(agent.ws);
    await waitFor('the caller connected (ICE + DTLS) while it rings', () => farCall.session.connection?.connectionState === 'connected', 5000);
    agent.media.close(); // a page reload
    const next = createWrtcMediaEnd(660);
    agent.ws.media.attach(next.channel);
    try {
      await waitFor('nothing prepared left in main', () => agent.ws.media.openPeers === 0 && agent.ws.media.liveTracks().length === 0);
      await agent.ws.phone.answer(call.id);
      await farCall.waitForState('confirmed');
      expect(next.requests.map((r) => r.op).filter((op) => op === 'getUserMedia' || op === 'pc.create' || op === 'pc.answer')).toEqual([
        'getUserMedia',
        'pc.create',
      ]);
      await farCall.audio.waitForAudio(50);
      await waitFor('the agent hears the customer', () => next.audible() > 50);
      await farCall.hangup();
      await waitFor('the real peer closed', () => next.end.peerCount === 0);
    } finally {
      next.close();
    }
  });

  it('logs a call the caller gave up on while it rang as missed', async () => {
    const { ws, media } = await startAgent({ prepareMediaWhileRinging: true });
    const farCall = customer.call(kamailio.uri('agent7'), { extraHeaders: IVR_HEADERS });
    const call = await ringing(ws);
    await farCall.hangup();
    await waitFor('the call gone', () => ws.snapshot().calls.length === 0);
    expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'missed', endedBy: 'remote', answerAt: null });
    // What was prepared while it rang is gone with it: no peer, no open microphone.
    await waitFor('the real peer closed', () => media.end.peerCount === 0);
    expect(ws.media.openPeers).toBe(0);
    expect(ws.media.liveTracks()).toHaveLength(0);
  });

  it('rejects with 486 by default and 603 when configured; the log says rejected by the agent', async () => {
    for (const [code, reason] of [
      [486, 'Busy Here'],
      [603, 'Decline'],
    ] as const) {
      const { ws } = await startAgent(code === 603 ? { rejectCode: 603 } : {});
      const farCall = customer.call(kamailio.uri('agent7'));
      const call = await ringing(ws);
      await ws.phone.reject(call.id);
      const end = await farCall.waitForEnd();
      expect(end).toMatchObject({ statusCode: code });
      expect(end.reasonPhrase ?? reason).toBe(reason);
      expect(ws.callLog.get(call.id)).toMatchObject({ endCause: 'rejected', endedBy: 'agent' });
      await ws.stop();
      agents.length = 0;
    }
  });

  it('declines inbound calls with 486 while the agent is not ready and during wrap-up, without ringing', async () => {
    const { ws, media } = await startAgent({ prepareMediaWhileRinging: true });
    const rang = new Set<string>();
    ws.onState((s) => s.calls.filter((c) => c.state === 'ringing').forEach((c) => rang.add(c.id)));
    ws.agent.setState('notReady', 'break');
    const first = await customer.call(kamailio.uri('agent7'), { extraHeaders: IVR_HEADERS }).waitForEnd();
    expect(first).toMatchObject({ statusCode: 486 });

    ws.agent.setState('ready');
    const farCall = customer.call(kamailio.uri('agent7'));
    const call = await ringing(ws);
    await ws.phone.answer(call.id);
    await farCall.waitForState('confirmed');
    await ws.phone.hangup(call.id);
    await farCall.waitForEnd();
    await waitFor('wrap-up', () => ws.snapshot().agent.state === 'wrapUp');
    const during = await customer.call(kamailio.uri('agent7')).waitForEnd();
    expect(during).toMatchObject({ statusCode: 486 });
    ws.wrapUp.recordDisposition(call.id, { code: 'solved' });
    expect(ws.snapshot().agent.state).toBe('ready');

    expect([...rang]).toEqual([call.id]);
    // The declined calls never opened the microphone: one getUserMedia, for the call that rang.
    expect(media.requests.filter((r) => r.op === 'getUserMedia')).toHaveLength(1);
    const declined = ws.callLog.list({ limit: 10 }).filter((e) => e.id !== call.id);
    expect(declined).toHaveLength(2);
    for (const entry of declined) expect(entry).toMatchObject({ endCause: 'rejected', endedBy: 'system' });
    expect(declined.find((e) => e.ivr.customerNumber === 'K-100234')).toBeDefined();
  });

  it('logs and ignores a malformed or oversized IVR header; the call still rings', async () => {
    const { ws, logs } = await startAgent();
    const farCall = customer.call(kamailio.uri('agent7'), {
      extraHeaders: [`X-Concern: ${'x'.repeat(500)}`, 'X-Client: Stadtwerke Nord', 'P-Asserted-Identity: <<<not a uri'],
    });
    const call = await ringing(ws);
    expect(call.ivr).toEqual({ client: 'Stadtwerke Nord' });
    expect(call.remoteNumber).toBe('customer');
    const warnings = logs.filter((l) => l.message === 'incoming call header ignored').map((l) => String(l.fields?.problem));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('X-Concern is empty, longer than 200 characters'),
        expect.stringContaining('P-Asserted-Identity cannot be read'),
      ]),
    );
    await farCall.hangup();
  });
});
