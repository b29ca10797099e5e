import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// Everything an agent does on a call, on the SIP line through a real Kamailio with real audio:
// the customer and the colleague are JsSIP user agents with @roamhq/wrtc.

let kamailio: Kamailio;
let customer: FarEnd;
let colleague: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
  colleague = await FarEnd.start({ kamailio, user: 'colleague', toneHz: 880 });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await colleague?.stop();
  await kamailio?.stop();
});

let ws: Workstation;
let media: WrtcMediaEnd;
afterEach(async () => {
  for (const far of [customer, colleague]) for (const call of far.calls) call.terminateQuietly();
  await ws?.stop();
  media?.close();
});

async function startAgent(): Promise<void> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
  ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  media = createWrtcMediaEnd(660);
  ws.media.attach(media.channel);
  await ws.start();
  await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);
}

const calls = (): CallView[] => ws.snapshot().calls;
const callById = (id: string) => calls().find((c) => c.id === id);

/** The customer calls the agent, the agent answers, audio flows; returns both ends. */
async function connectedInbound(from: FarEnd = customer): Promise<{ callId: string; far: FarCall }> {
  const known = new Set(calls().map((c) => c.id));
  const far = from.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: Stadtwerke Nord'] });
  await waitFor('ringing', () => calls().some((c) => !known.has(c.id) && c.state === 'ringing'));
  const callId = calls().find((c) => !known.has(c.id))!.id;
  await ws.phone.answer(callId);
  await far.waitForState('confirmed');
  await far.audio.waitForAudio(30);
  return { callId, far };
}

describe('call control on the SIP line', () => {
  it('hold says held only after the re-INVITE succeeded; the far end gets sendonly and hears nothing; resume brings audio back', async () => {
    await startAgent();
    const { callId, far } = await connectedInbound();
    const hold = ws.phone.hold(callId);
    expect(callById(callId)?.hold).toBe('holding');
    await hold;
    expect(callById(callId)?.hold).toBe('held');
    expect(far.remoteDirection).toBe('sendonly');
    await far.audio.waitForSilence(30);

    await ws.phone.resume(callId);
    expect(callById(callId)?.hold).toBe('none');
    expect(far.remoteDirection).toBe('sendrecv');
    await far.audio.waitForAudio(30);
  });

  it('mute sends silence to the far end; unmute sends the voice again', async () => {
    await startAgent();
    const { callId, far } = await connectedInbound();
    await ws.phone.setMuted(callId, true);
    await waitFor('muted in the snapshot', () => callById(callId)?.muted === true);
    await far.audio.waitForSilence(30);
    await ws.phone.setMuted(callId, false);
    await waitFor('unmuted in the snapshot', () => callById(callId)?.muted === false);
    await far.audio.waitForAudio(30);
  });

  it('DTMF digits arrive at the far end (SIP INFO: the Node media end has no RFC 4733 sender)', async () => {
    await startAgent();
    const { callId, far } = await connectedInbound();
    await ws.phone.sendDtmf(callId, '12#*9');
    await far.waitForDtmf('12#*9');
  });

  it("blind transfer: the colleague rings, answers and talks to the customer; the agent's call ends as transferred", async () => {
    await startAgent();
    const { callId, far } = await connectedInbound();
    await ws.phone.transfer(callId, 'sip:colleague@anlauf.test');
    const atColleague = await colleague.waitForIncoming();
    await atColleague.answer();
    await waitFor("the agent's call gone", () => calls().length === 0, 10_000);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'transferred', endedBy: 'agent', transferTarget: 'sip:colleague@anlauf.test' });
    // The customer now talks to the colleague, on the call JsSIP made for the REFER.
    const customerToColleague = await customer.waitForTransferCall();
    await customerToColleague.waitForState('confirmed');
    await atColleague.audio.waitForAudio(30);
    await customerToColleague.audio.waitForAudio(30);
    expect(far.refersReceived).toHaveLength(1);
  });

  it('attended transfer: consult the colleague (the customer is held), then connect them; cancelling a consultation returns to the customer', async () => {
    await startAgent();
    const { callId, far } = await connectedInbound();

    // A consultation the agent cancels: back to the customer.
    const firstConsult = await ws.phone.consult(callId, 'sip:colleague@anlauf.test');
    await waitFor('customer held', () => callById(callId)?.hold === 'held');
    expect(callById(firstConsult)).toMatchObject({ state: 'dialing', consultFor: callId });
    const declined = await colleague.waitForIncoming();
    await declined.answer();
    await waitFor('consult active', () => callById(firstConsult)?.state === 'active');
    await ws.phone.hangup(firstConsult);
    await waitFor('back to the customer', () => callById(callId)?.hold === 'none', 5000);
    await far.audio.waitForAudio(30);

    // Now the real one.
    const consultId = await ws.phone.consult(callId, 'sip:colleague@anlauf.test');
    const atColleague = await colleague.waitForIncoming();
    await atColleague.answer();
    await waitFor('consult active', () => callById(consultId)?.state === 'active');
    await atColleague.audio.waitForAudio(30);
    const colleagueCalls = colleague.calls.length;
    await ws.phone.completeTransfer(consultId);
    await waitFor("both of the agent's calls gone", () => calls().length === 0, 10_000);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'transferred' });
    // Customer and colleague talk: the colleague's new call (INVITE with Replaces, taken at
    // once) replaced the consultation.
    await waitFor('the customer calls the colleague with Replaces', () => colleague.calls.length > colleagueCalls);
    const replaced = colleague.calls.at(-1)!;
    expect(replaced.header('Replaces')).toBeTruthy();
    await replaced.waitForState('confirmed');
    await replaced.audio.waitForAudio(30);
  });

  it('an outbound call: dialled, answered, audio both ways, hung up by the agent', async () => {
    await startAgent();
    const callId = await ws.dialing.dial('customer');
    expect(callById(callId)).toMatchObject({ direction: 'outbound', state: 'dialing', remoteNumber: 'customer' });
    const far = await customer.waitForIncoming();
    await far.answer();
    await waitFor('active', () => callById(callId)?.state === 'active');
    await far.audio.waitForAudio(30);
    const heard = media.audible();
    await waitFor('the agent hears the customer', () => media.audible() > heard + 30);
    await ws.phone.hangup(callId);
    await far.waitForEnd();
    expect(ws.callLog.get(callId)).toMatchObject({ direction: 'outbound', endCause: 'completed', endedBy: 'agent' });
  });

  it('an outbound call nobody takes is logged as unanswered', async () => {
    await startAgent();
    const callId = await ws.dialing.dial('customer');
    const far = await customer.waitForIncoming();
    far.reject(486);
    await waitFor('ended', () => calls().length === 0);
    expect(ws.callLog.get(callId)).toMatchObject({ direction: 'outbound', endCause: 'unanswered', endedBy: 'remote', answerAt: null });
  });

  it('call waiting: a second call rings during a call; answering it holds the first; swap goes back', async () => {
    await startAgent();
    const first = await connectedInbound(customer);
    const secondFar = colleague.call(kamailio.uri('agent7'));
    await waitFor('second ring', () => calls().filter((c) => c.state === 'ringing').length === 1);
    const secondId = calls().find((c) => c.state === 'ringing')!.id;
    expect(callById(first.callId)).toMatchObject({ state: 'active', hold: 'none' });

    await ws.phone.answer(secondId);
    await secondFar.waitForState('confirmed');
    expect(callById(first.callId)?.hold).toBe('held');
    await first.far.audio.waitForSilence(30);
    await secondFar.audio.waitForAudio(30);

    await ws.phone.swap(first.callId);
    expect(callById(first.callId)?.hold).toBe('none');
    expect(callById(secondId)?.hold).toBe('held');
    await first.far.audio.waitForAudio(30);
    await secondFar.audio.waitForSilence(30);
  });
});

describe('calls outlive their media context', () => {
  it('a new media end (a page reload) takes over a call by re-INVITE with an ICE restart; audio flows again both ways', async () => {
    await startAgent();
    const { callId, far } = await connectedInbound();
    const firstMedia = media;
    firstMedia.close(); // the page holding the real peer is gone
    await far.audio.waitForSilence(30);
    expect(callById(callId)?.state).toBe('active');

    media = createWrtcMediaEnd(550);
    ws.media.attach(media.channel);
    await waitFor('the far end got a re-offer with new ICE credentials', () => far.remoteDirections.length >= 2, 10_000);
    await far.audio.waitForAudio(30, { timeoutMs: 20_000 });
    await waitFor('the agent hears the customer again', () => media.audible() > 30, 20_000);
    expect(callById(callId)).toMatchObject({ state: 'active', hold: 'none' });
    await ws.phone.hangup(callId);
    await far.waitForEnd();
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'completed', endedBy: 'agent' });
  }, 40_000);
});
