import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { BW, blackwire3220, FakeHidPort, type FakeHeadset } from '../support/fake-hid';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// The whole path: a headset (fake transport, real Blackwire 3220 descriptor and report bytes)
// wired into the real core, a real SIP call through Kamailio, real audio at the far end.

let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer' });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

let ws: Workstation;
let media: WrtcMediaEnd;
let headset: FakeHeadset;
afterEach(async () => {
  for (const call of customer.calls) call.terminateQuietly();
  await ws?.stop();
  media?.close();
});

async function agentWithHeadset(): Promise<void> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
  const hid = new FakeHidPort();
  headset = blackwire3220();
  hid.plug(headset);
  ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock, hid });
  media = createWrtcMediaEnd();
  ws.media.attach(media.channel);
  await ws.start();
  await waitFor('registered and the headset found', () => ws.snapshot().line.status === 'registered' && ws.snapshot().headsets.length === 1, 5000);
  headset.send(BW.idle); // the device's first report: on-hook
}

describe('answering with the headset, on a real SIP call', () => {
  it('the ring LED lights; pressing the hook switch answers; the far end hears the agent; on-hook hangs up', async () => {
    await agentWithHeadset();
    const farCall = customer.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: Stadtwerke Nord'] });
    await waitFor('ringing', () => ws.snapshot().calls[0]?.state === 'ringing');
    await waitFor('ring LED on', () => headset.lastWritten(BW.ringLed)?.[1] === 1);

    headset.send(BW.offHook);
    await farCall.waitForState('confirmed');
    await farCall.audio.waitForAudio(40);
    expect(ws.snapshot().calls[0]).toMatchObject({ state: 'active' });
    await waitFor('off-hook LED on, ring off', () => headset.lastWritten(BW.offHookLed)?.[1] === 1 && headset.lastWritten(BW.ringLed)?.[1] === 0);

    await new Promise((resolve) => setTimeout(resolve, 600)); // past the echo window
    headset.send(BW.idle);
    await farCall.waitForEnd();
    await waitFor('ended', () => ws.snapshot().calls.length === 0);
  });

  it('answering in the UI puts the headset off-hook, and its echo does not hang up', async () => {
    await agentWithHeadset();
    const farCall = customer.call(kamailio.uri('agent7'));
    await waitFor('ringing', () => ws.snapshot().calls[0]?.state === 'ringing');
    await ws.phone.answer(ws.snapshot().calls[0]!.id);
    await farCall.waitForState('confirmed');
    await waitFor('off-hook LED on', () => headset.lastWritten(BW.offHookLed)?.[1] === 1);
    // The Blackwire echoes the host's Off-Hook as its hook switch, with a bounce.
    headset.send(BW.offHook);
    headset.send(BW.idle);
    headset.send(BW.offHook);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ws.snapshot().calls[0]).toMatchObject({ state: 'active' });
    expect(farCall.state).toBe('confirmed');
  });

  it('mute from the headset silences the agent, and the mute LED follows', async () => {
    await agentWithHeadset();
    const farCall = customer.call(kamailio.uri('agent7'));
    await waitFor('ringing', () => ws.snapshot().calls[0]?.state === 'ringing');
    headset.send(BW.offHook);
    await farCall.waitForState('confirmed');
    await farCall.audio.waitForAudio(30);
    headset.send(BW.offHookMute);
    headset.send(BW.offHook);
    await waitFor('muted', () => ws.snapshot().calls[0]?.muted === true);
    await waitFor('mute LED on', () => headset.lastWritten(BW.muteLed)?.[1] === 1);
    await farCall.audio.waitForSilence(30);
    await ws.phone.setMuted(ws.snapshot().calls[0]!.id, false);
    await waitFor('mute LED off', () => headset.lastWritten(BW.muteLed)?.[1] === 0);
    await farCall.audio.waitForAudio(30);
  });
});
