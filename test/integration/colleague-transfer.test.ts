import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { searchColleagues } from '../../src-main/shared/colleagues';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// Issue 17: the agent finds the specialist for the caller's problem in the colleague directory
// (by skill, as the Colleagues tab and the transfer form search it) and hands the caller over,
// blind or after consulting; the customer and the specialist then hear each other, and the
// directory's BLF shows the specialist on the phone. Real Kamailio with presence, real audio.

let kamailio: Kamailio;
let customer: FarEnd;
let specialist: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio({ presence: true });
  customer = await FarEnd.start({ kamailio, user: 'customer', toneHz: 440 });
  specialist = await FarEnd.start({ kamailio, user: 'colleague', toneHz: 880 });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await specialist?.stop();
  await kamailio?.stop();
});

let ws: Workstation;
let media: WrtcMediaEnd;
afterEach(async () => {
  for (const far of [customer, specialist]) for (const call of far.calls) call.terminateQuietly();
  await ws?.stop();
  media?.close();
});

async function startAgent(): Promise<void> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  const directory = [
    { name: 'Vera Vertrag', uri: kamailio.uri('agent8'), skills: ['contract'], languages: ['de'] },
    { name: 'Stefan Störung', uri: kamailio.uri('colleague'), skills: ['fault'], languages: ['de', 'tr'] },
  ];
  fs.writeFileSync(
    config,
    JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' }, colleagues: { directory } }),
  );
  ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  media = createWrtcMediaEnd(660);
  ws.media.attach(media.channel);
  await ws.start();
  await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);
  await waitFor('the directory watched', () => ws.colleagues.view().every((e) => e.call === 'idle'), 5000);
}

const calls = (): CallView[] => ws.snapshot().calls;
const callById = (id: string) => calls().find((c) => c.id === id);
const stefan = () => ws.colleagues.view().find((e) => e.name === 'Stefan Störung')!;

async function connectedInbound(): Promise<{ callId: string; far: FarCall }> {
  const far = customer.call(kamailio.uri('agent7'), { extraHeaders: ['X-Concern: Stromausfall melden'] });
  await waitFor('ringing', () => calls().some((c) => c.state === 'ringing'));
  const callId = calls()[0]!.id;
  await ws.phone.answer(callId);
  await far.waitForState('confirmed');
  await far.audio.waitForAudio(30);
  return { callId, far };
}

/** The specialist for faults, as the agent finds them: by skill, free ones first. */
function findSpecialist(): string {
  const [found] = searchColleagues(ws.colleagues.view(), 'fault');
  expect(found?.name).toBe('Stefan Störung');
  return found!.uri;
}

describe('transfer to a specialist from the colleague directory', () => {
  it("blind: the specialist found by skill rings, answers and talks to the customer, and shows on the agent's BLF", async () => {
    await startAgent();
    const { callId } = await connectedInbound();
    await ws.phone.transfer(callId, findSpecialist());
    const atSpecialist = await specialist.waitForIncoming();
    await atSpecialist.answer();
    await waitFor("the agent's call gone", () => calls().length === 0, 10_000);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'transferred', transferTarget: kamailio.uri('colleague') });
    const customerToSpecialist = await customer.waitForTransferCall();
    await customerToSpecialist.waitForState('confirmed');
    await atSpecialist.audio.waitForAudio(30);
    await customerToSpecialist.audio.waitForAudio(30);
    await waitFor("the specialist on the phone, on the agent's BLF", () => stefan().call === 'onCall', 2000);
  }, 40_000);

  it('attended: the agent consults the specialist found by skill, then connects them; customer and specialist hear each other', async () => {
    await startAgent();
    const { callId } = await connectedInbound();
    const consultId = await ws.phone.consult(callId, findSpecialist());
    const atSpecialist = await specialist.waitForIncoming();
    await atSpecialist.answer();
    await waitFor('consult active', () => callById(consultId)?.state === 'active');
    await atSpecialist.audio.waitForAudio(30);
    const before = specialist.calls.length;
    await ws.phone.completeTransfer(consultId);
    await waitFor("both of the agent's calls gone", () => calls().length === 0, 10_000);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'transferred' });
    await waitFor('the customer calls the specialist with Replaces', () => specialist.calls.length > before);
    const replaced = specialist.calls.at(-1)!;
    await replaced.waitForState('confirmed');
    await replaced.audio.waitForAudio(30);
    const customerSide = customer.calls.at(-1)!;
    await customerSide.audio.waitForAudio(30);
  }, 40_000);
});
