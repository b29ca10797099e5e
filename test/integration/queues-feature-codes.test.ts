import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { startRtpengine, type Rtpengine } from '../support/rtpengine';
import { startSippUas, type SippUas } from '../support/sipp';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// The feature-code adapter (Asterisk, FreePBX): every queue login, logout and pause is a short
// call to a dial string. sipp plays the PBX behind Kamailio (answers, hangs up) and records what
// was dialled; rtpengine turns the agent's WebRTC media into the plain RTP a PBX speaks.

let rtpengine: Rtpengine;
let pbx: SippUas;
let kamailio: Kamailio;
beforeAll(async () => {
  rtpengine = await startRtpengine();
  pbx = await startSippUas();
  kamailio = await startKamailio({ rtpengineNgPort: rtpengine.ngPort, queuePbx: pbx.uri });
}, 30_000);
afterAll(async () => {
  await kamailio?.stop();
  await pbx?.stop();
  await rtpengine?.stop();
});

let running: { ws: Workstation; media: WrtcMediaEnd } | null = null;
afterEach(async () => {
  await running?.ws.stop();
  running?.media.close();
  running = null;
});

async function startAgent(): Promise<Workstation> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' },
      agent: { skills: ['support', 'billing'] },
      queues: {
        adapter: 'featureCodes',
        list: [
          { id: 'support', name: 'Support', skill: 'support', address: kamailio.uri('support'), number: '401' },
          // A login code the PBX does not know: the server answers 404.
          { id: 'billing', name: 'Billing', skill: 'billing', address: kamailio.uri('billing'), featureCodes: { login: '9{queue}' } },
        ],
      },
    }),
  );
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  const media = createWrtcMediaEnd();
  ws.media.attach(media.channel);
  running = { ws, media };
  await ws.start();
  await waitFor('registered', () => ws.snapshot().line.status === 'registered', 5000);
  return ws;
}

describe('queues by feature codes, dialled to a PBX (sipp) behind a real Kamailio', () => {
  it('dials the configured codes for login, pause, unpause and logout, and none of them is a call of the agent', async () => {
    const ws = await startAgent();
    await ws.queues.login('support');
    expect(pbx.dialled()).toEqual(['*45401']);
    ws.agent.setState('notReady', 'break');
    await ws.queues.settled();
    ws.agent.setState('ready');
    await ws.queues.settled();
    await ws.queues.logout('support');
    await waitFor('the four codes at the PBX', () => pbx.dialled().length >= 4, 5000);
    expect(pbx.dialled()).toEqual(['*45401', '*46401', '*46401', '*45401']);
    expect(ws.snapshot().queues.find((q) => q.id === 'support')).toMatchObject({ loggedIn: false, sync: 'done' });
    // Quiet calls: never the agent's calls, never in the call log.
    expect(ws.callLog.list({ limit: 10 })).toEqual([]);
  }, 60_000);

  it("reports a code the server does not take, on the queue and to the agent's command", async () => {
    const ws = await startAgent();
    await expect(ws.queues.login('billing')).rejects.toMatchObject({ said: { key: 'queues.featureCodeFailed', params: { code: '9billing' } } });
    expect(ws.snapshot().queues.find((q) => q.id === 'billing')).toMatchObject({
      loggedIn: true,
      sync: 'failed',
      problem: { key: 'queues.featureCodeFailed' },
    });
  }, 30_000);
});
