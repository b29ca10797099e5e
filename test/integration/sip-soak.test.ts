import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { FarEnd } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// 200 consecutive calls through Kamailio without a failure, and afterwards the process's heap
// and open handles back at their level before the run (±10 %): nothing leaks per call.

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

const CALLS = Number(process.env.SOAK_CALLS ?? 200);
let kamailio: Kamailio;
let customer: FarEnd;
let ws: Workstation;
let media: WrtcMediaEnd;

beforeAll(async () => {
  kamailio = await startKamailio({ debug: 1 });
  customer = await FarEnd.start({ kamailio, user: 'customer' });
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
  ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  media = createWrtcMediaEnd();
  ws.media.attach(media.channel);
  await ws.start();
  await waitFor('registered', () => ws.snapshot().line.status === 'registered', 5000);
}, 30_000);

afterAll(async () => {
  await ws?.stop();
  media?.close();
  await customer?.stop();
  await kamailio?.stop();
});

async function oneCall(i: number, checkAudio: boolean): Promise<string> {
  const far = customer.call(kamailio.uri('agent7'), { extraHeaders: [`X-Customer-Number: K-${i}`] });
  await waitFor(`call ${i} ringing`, () => ws.snapshot().calls.some((c) => c.state === 'ringing'));
  const callId = ws.snapshot().calls[0]!.id;
  await ws.phone.answer(callId);
  await far.waitForState('confirmed');
  if (checkAudio) await far.audio.waitForAudio(20);
  // Alternate who hangs up, as in real life.
  if (i % 2) await ws.phone.hangup(callId);
  else await far.hangup();
  await far.waitForEnd();
  await waitFor(`call ${i} over`, () => ws.snapshot().calls.length === 0 && media.end.peerCount === 0);
  // The wrap-up comes before the next call, as for an agent.
  await waitFor(`call ${i} in wrap-up`, () => ws.wrapUp.has(callId));
  ws.wrapUp.recordDisposition(callId, { code: 'solved', note: `call ${i}` });
  for (const call of [...customer.calls]) customer.forget(call);
  return callId;
}

function measure(): { heap: number; handles: number } {
  for (let i = 0; i < 3; i++) gc();
  const handles = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap').length;
  return { heap: process.memoryUsage().heapUsed, handles };
}

describe('200 consecutive calls', () => {
  it('all complete, and heap and open handles return to where they started (±10 %)', async () => {
    for (let i = 0; i < 40; i++) await oneCall(i, i === 0); // warm up caches and the JIT
    // SIP transactions keep their timers for 64·T1 = 32 s after a call (RFC 3261 timers D, J,
    // K, M): measure before and after once they have run out.
    await new Promise((resolve) => setTimeout(resolve, 33_000));
    const before = measure();

    const ids: string[] = [];
    for (let i = 0; i < CALLS; i++) ids.push(await oneCall(i, i % 50 === 0));
    await new Promise((resolve) => setTimeout(resolve, 33_000));
    const after = measure();
    const limit = Math.max(before.handles + 1, Math.round(before.handles * 1.1));

    const entries = ids.map((id) => ws.callLog.get(id));
    expect(entries.filter((e) => e?.endCause === 'completed')).toHaveLength(CALLS);
    expect(new Set(entries.map((e) => e?.ivr.customerNumber)).size).toBe(CALLS);
    const growth = (after.heap - before.heap) / before.heap;
    console.log(
      `soak: heap ${(before.heap / 1e6).toFixed(1)} → ${(after.heap / 1e6).toFixed(1)} MB (${(growth * 100).toFixed(1)} %), handles ${before.handles} → ${after.handles}`,
    );
    expect(Math.abs(growth)).toBeLessThanOrEqual(0.1);
    expect(after.handles).toBeLessThanOrEqual(limit);
  }, 400_000);
});
