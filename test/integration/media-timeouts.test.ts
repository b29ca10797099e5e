import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { RelayMediaChannel } from '../../src-main/core/media/relay-channel';
import { Workstation } from '../../src-main/core/workstation';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor } from '../support/wrtc-media';

// A media end that attached and then never answers (a second browser tab that froze, a hung media
// window): answer and dial must fail after a while, with words the agent can act on, not hang.

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

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function agentWithSilentMediaEnd() {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  const sent: string[] = [];
  // Requests go out and nothing ever comes back.
  const silent = new RelayMediaChannel({ rfc4733Dtmf: false, setSinkId: false }, (_seq, request) => sent.push(request.op), {
    requestMs: 300,
    microphoneMs: 600,
  });
  ws.media.attach(silent);
  stops.push(async () => {
    silent.close();
    await ws.stop();
  });
  await ws.start();
  await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);
  return { ws, api: new Dispatcher(ws), sent };
}

describe('a media end that never answers', () => {
  it('makes dialling fail after its timeout with an error the agent sees', async () => {
    const { ws, api, sent } = await agentWithSilentMediaEnd();
    const started = Date.now();
    const result = await api.handle('phone:dial', { target: kamailio.uri('customer') });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('did not answer within') } });
    expect(sent).toContain('getUserMedia');
    await waitFor('no call left behind', () => ws.snapshot().calls.length === 0, 3000);
  });

  it('makes answering fail after its timeout with an error the agent sees; the call rings on and a working media end answers it', async () => {
    const { ws, api } = await agentWithSilentMediaEnd();
    const farCall = customer.call(kamailio.uri('agent7'));
    await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
    const callId = ws.snapshot().calls[0]!.id;
    const started = Date.now();
    const result = await api.handle('phone:answer', { callId });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('did not answer within') } });
    expect(ws.snapshot().calls).toEqual([expect.objectContaining({ id: callId, state: 'ringing' })]);
    // The agent reloads the tab that plays the audio: a media end that answers takes over.
    const media = createWrtcMediaEnd(660);
    stops.push(async () => media.close());
    ws.media.attach(media.channel);
    expect(await api.handle('phone:answer', { callId })).toEqual({ ok: true, result: { ok: true } });
    await farCall.waitForState('confirmed');
    await farCall.hangup();
    await waitFor('the call ended', () => ws.snapshot().calls.length === 0, 5000);
  });
});
