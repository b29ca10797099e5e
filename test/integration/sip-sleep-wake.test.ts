// Sleep and wake with a call in progress. While the computer sleeps its WebSocket to the SIP server
// is reset and nothing can reach the server, and the call's media path is gone; on waking, Electron's
// power monitor calls SipLine.refresh() (src-main/electron/power.ts → main.ts). The line must only
// restart its transport: reconnect, register again, and restart the call's ICE by re-INVITE. The
// signalling path is a TCP relay that refuses connections while "asleep"
// (test/support/blackhole-proxy.ts); the media path is a UDP relay that drops every packet meanwhile
// (test/support/path-relay.ts). Kamailio, both peers and their audio are real.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LineStatus } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { UdpRelay } from '../support/path-relay';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  // The customer's side keeps the call while its media is gone, as a media relay (rtpengine) does.
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin', keepCallOnIceFailure: true });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Agent {
  ws: Workstation;
  media: WrtcMediaEnd;
  statuses: LineStatus[];
}

async function startAgent(websocketUrl: string, sip: Record<string, unknown> = {}): Promise<Agent> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  // Default settings otherwise: what a desk gets without IT changing anything.
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl, uri: kamailio.uri('agent7'), password: 'secret7', ...sip } }));
  const logger: Logger = { log: () => undefined };
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger, clock: systemClock });
  const media = createWrtcMediaEnd(660);
  ws.media.attach(media.channel);
  const statuses: LineStatus[] = [];
  ws.onState((snapshot) => {
    if (statuses.at(-1) !== snapshot.line.status) statuses.push(snapshot.line.status);
  });
  cleanups.push(async () => {
    await ws.stop();
    media.close();
  });
  await ws.start();
  await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);
  return { ws, media, statuses };
}

async function bothHear(agent: Agent, farCall: FarCall, when: string, timeoutMs = 10_000): Promise<void> {
  const far = farCall.audio.mark();
  const heard = agent.media.audible();
  await farCall.audio.waitForAudio(50, { since: far, timeoutMs });
  await waitFor(`the agent hears the customer ${when}`, () => agent.media.audible() > heard + 50, timeoutMs);
}

describe('sleep and wake during a call', () => {
  it('on waking the line registers again within seconds, the call is still up on both ends, and both hear each other again', async () => {
    const proxy: BlackholeProxy = await startBlackholeProxy(kamailio.wsPort);
    cleanups.push(() => proxy.close());
    const agent = await startAgent(proxy.url);
    const { ws } = agent;

    const relay = await UdpRelay.start();
    cleanups.push(() => relay.close());
    const farCall = customer.call(kamailio.uri('agent7'));
    relay.attach(farCall.session);
    await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
    const callId = ws.snapshot().calls[0]!.id;
    await ws.phone.answer(callId);
    await farCall.waitForState('confirmed');
    await bothHear(agent, farCall, 'before the sleep');

    // Asleep: the WebSocket is reset, reconnecting is refused, and no media passes.
    proxy.offline();
    relay.cut();
    await waitFor('the line lost its connection', () => ws.snapshot().line.status !== 'registered', 10_000);
    // Long enough for ICE to give the path up and for JsSIP's own reconnects to fail a few times.
    await waitFor('the call\'s media noticed', () => ws.snapshot().calls[0]?.reconnecting === true, 15_000);
    const refusedSoFar = proxy.connections;

    // Wake: the network is back, and the power monitor tells the line.
    proxy.online();
    relay.restore();
    ws.sipLine!.refresh();
    await waitFor('registered again', () => ws.snapshot().line.status === 'registered', 5000);
    expect(proxy.connections).toBeGreaterThan(refusedSoFar);
    expect(ws.snapshot().calls).toEqual([expect.objectContaining({ id: callId, state: 'active' })]);
    expect(farCall.state).toBe('confirmed');
    await bothHear(agent, farCall, 'after waking');
    await waitFor('the call no longer shown as reconnecting', () => ws.snapshot().calls[0]?.reconnecting !== true, 10_000);

    // The call goes on as any other: the customer's hangup reaches the desk.
    await farCall.hangup();
    await waitFor('the call ended at the desk', () => ws.snapshot().calls.length === 0, 5000);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
  }, 90_000);

  it('when the WebSocket died silently during the sleep (no FIN), waking finds it at once and the call comes back too', async () => {
    const proxy: BlackholeProxy = await startBlackholeProxy(kamailio.wsPort);
    cleanups.push(() => proxy.close());
    // Pings a minute apart: while "asleep" nothing notices the dead connection, as in a real sleep.
    const agent = await startAgent(proxy.url, { keepAliveSeconds: 60 });
    const { ws } = agent;
    const relay = await UdpRelay.start();
    cleanups.push(() => relay.close());
    const farCall = customer.call(kamailio.uri('agent7'));
    relay.attach(farCall.session);
    await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
    const callId = ws.snapshot().calls[0]!.id;
    await ws.phone.answer(callId);
    await farCall.waitForState('confirmed');
    await bothHear(agent, farCall, 'before the sleep');

    // Asleep: the NAT forgot the connection, and media has no path.
    proxy.blackhole();
    relay.cut();
    await waitFor('the call\'s media noticed', () => ws.snapshot().calls[0]?.reconnecting === true, 15_000);

    relay.restore();
    ws.sipLine!.refresh();
    await waitFor('registered over a new connection', () => proxy.connections === 2 && ws.snapshot().line.status === 'registered', 10_000);
    expect(ws.snapshot().calls).toEqual([expect.objectContaining({ id: callId, state: 'active' })]);
    expect(farCall.state).toBe('confirmed');
    await bothHear(agent, farCall, 'after waking');
  }, 90_000);
});
