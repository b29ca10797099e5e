import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ColleagueView } from '../../src-main/contract';
import { silentLogger } from '../../src-main/core/log';
import { systemClock } from '../../src-main/core/clock';
import { Workstation } from '../../src-main/core/workstation';
import { FarEnd } from '../support/far-end';
import { DEFAULT_SIP_USERS, startKamailio, type Kamailio } from '../support/kamailio';
import { projectRoot } from '../support/paths';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';
import { ManualClock } from '../support/manual-clock';
import { startWorkstationAgent, type TestAgent } from '../support/workstation-agent';

// Agents see each other through the SIP server's presence: A publishes its state (PUBLISH, PIDF),
// B's directory subscribes to it (SUBSCRIBE presence) and to A's calls (SUBSCRIBE dialog: BLF,
// which Kamailio publishes itself for every call it proxies).
let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio({ presence: true, users: { ...DEFAULT_SIP_USERS, agent9: 'secret9' } });
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin' });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const one of running.splice(0)) await one.stop();
});

/** Agent A: a full agent with media, who publishes. */
async function agentA(user = 'agent7'): Promise<TestAgent> {
  const a = await startWorkstationAgent({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password: kamailio.users[user] } });
  running.push(a);
  return a;
}

/** Agent B (agent8), whose directory lists A. */
async function agentB(user = 'agent7'): Promise<Workstation> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  const colleagues = { directory: [{ name: 'Anna Seven', uri: kamailio.uri(user), skills: ['fault'], languages: ['de'] }] };
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent8'), password: 'secret8' }, colleagues }));
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  running.push(ws);
  await ws.start();
  await waitFor('B registered', () => ws.snapshot().line.status === 'registered', 5000);
  return ws;
}

let user = 'agent7';
const seven = (ws: Workstation): ColleagueView | undefined => ws.colleagues.view().find((e) => e.uri === kamailio.uri(user));

describe('presence between two agents through a real Kamailio', () => {
  it("shows A's state changes in B's directory within a second, and A offline once A quits", async () => {
    const a = await agentA();
    const b = await agentB();
    await waitFor("B sees A's published ready", () => seven(b)?.presence === 'ready', 10_000);
    expect(a.ws.snapshot().colleagues.published).toMatchObject({ presence: 'ready', note: 'Ready' });
    expect(seven(b)).toMatchObject({ name: 'Anna Seven', watched: true, note: 'Ready' });

    let changed = Date.now();
    a.ws.agent.setState('notReady', 'lunch');
    await waitFor('B sees A not ready', () => seven(b)?.presence === 'notReady', 1000);
    expect(Date.now() - changed).toBeLessThan(1000);
    expect(seven(b)?.note).toBe('Not ready: Lunch');

    changed = Date.now();
    a.ws.agent.setState('ready');
    await waitFor('B sees A ready again', () => seven(b)?.presence === 'ready', 1000);
    expect(Date.now() - changed).toBeLessThan(1000);

    await a.stop();
    await waitFor('B sees A offline', () => seven(b)?.presence === 'offline', 10_000);
    expect(a.logs).toContainEqual(expect.objectContaining({ message: 'published offline presence at shutdown', fields: { status: 200 } }));
  }, 30_000);

  it("shows A's call on B's BLF: ringing, then on a call (and A on the phone), then idle", async () => {
    // Another account than above, whose offline state from that test stays at the server a while.
    user = 'colleague';
    const a = await agentA(user);
    const b = await agentB(user);
    // What the server sends, kept as the parsers' test fixtures (RECORD_PRESENCE_FIXTURES=1).
    const bodies: Array<{ event: string; body: string | null }> = [];
    for (const event of ['presence', 'dialog']) {
      const recording = b.sipLine!.subscribe(kamailio.uri(user), event, event === 'presence' ? 'application/pidf+xml' : 'application/dialog-info+xml', 600, {
        notify: (body) => bodies.push({ event, body }),
        active: () => undefined,
        ended: () => undefined,
      });
      running.unshift({ stop: async () => recording.dispose() });
    }
    await waitFor('B watches A', () => seven(b)?.call === 'idle' && seven(b)?.presence === 'ready', 10_000);

    const farCall = customer.call(kamailio.uri(user));
    await waitFor('A rings', () => a.ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
    await waitFor("B's BLF shows A ringing", () => seven(b)?.call === 'ringing', 1000);

    await a.ws.phone.answer(a.ws.snapshot().calls[0]!.id);
    await farCall.waitForState('confirmed');
    await waitFor("B's BLF shows A on a call", () => seven(b)?.call === 'onCall', 1000);
    await waitFor('and A published on the phone', () => seven(b)?.presence === 'onCall', 1000);

    await farCall.hangup();
    await waitFor("B's BLF shows A idle again", () => seven(b)?.call === 'idle', 10_000);
    if (process.env.RECORD_PRESENCE_FIXTURES) {
      const dir = path.join(projectRoot, 'test', 'fixtures', 'presence');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'kamailio-notify-bodies.json'), JSON.stringify(bodies, null, 2) + '\n');
    }
  }, 30_000);

  it('comes back ready after a restart on the same desk: the new start replaces its offline state at the server', async () => {
    user = 'agent9';
    const dataDir = tempDir();
    const config = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password: 'secret9' } }));
    const start = async () => {
      const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
      running.push(ws);
      await ws.start();
      await waitFor('A registered', () => ws.snapshot().line.status === 'registered', 5000);
      return ws;
    };
    const first = await start();
    const b = await agentB(user);
    await waitFor('B sees A ready', () => seven(b)?.presence === 'ready', 10_000);
    await first.stop();
    await waitFor('B sees A offline', () => seven(b)?.presence === 'offline', 10_000);
    await start();
    await waitFor('B sees A ready again', () => seven(b)?.presence === 'ready', 10_000);
  }, 30_000);

  it('takes the directory from a URL, watches only subscribeMax of it, those on screen first, and ends every watch at stop', async () => {
    user = 'agent7';
    const uris = [kamailio.uri('agent7'), kamailio.uri('colleague'), '412'];
    const entries = uris.map((uri, i) => ({ name: `Person ${i}`, uri, client: 'stadtwerke', skills: ['fault'], languages: ['de'] }));
    const server = http.createServer((request, response) => {
      response.writeHead(request.url === '/colleagues.json' ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ colleagues: entries }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    running.push({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/colleagues.json`;
    const dataDir = tempDir();
    const config = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent8'), password: 'secret8' },
        colleagues: { directoryUrl: url, subscribeMax: 2 },
      }),
    );
    const b = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
    running.push(b);
    await b.start();
    await waitFor('the directory loaded', () => b.colleagues.view().length === 3, 5000);
    // An extension is on the agent's own SIP domain.
    expect(b.colleagues.view().map((e) => e.uri)).toEqual([kamailio.uri('agent7'), kamailio.uri('colleague'), kamailio.uri('412')]);
    expect(b.snapshot().colleagues.source).toMatchObject({ url, error: null });
    await waitFor('two watched', () => b.colleagues.view().filter((e) => e.watched).length === 2, 5000);
    expect(b.colleagues.view().map((e) => e.watched)).toEqual([true, true, false]);

    // The agent scrolls to the third: it is watched, and the cap still holds.
    const third = b.colleagues.view()[2]!.id;
    b.services.colleagues.show([third]);
    await waitFor('the third watched', () => b.colleagues.view()[2]!.watched, 10_000);
    expect(b.colleagues.view().map((e) => e.watched)).toEqual([true, false, true]);
    await waitFor("the third's state known", () => b.colleagues.view()[2]!.presence !== 'unknown', 10_000);

    const ended = () => (kamailio.logs().match(/SUBSCRIBE to \S+ event=(presence|dialog) expires=0\b/g) ?? []).length;
    const endedBefore = ended();
    await b.stop();
    expect(b.colleagues.watchedCount).toBe(0);
    // Each of the two watched colleagues' presence and dialog subscriptions ended at the server.
    await waitFor('four un-SUBSCRIBEs at the server', () => ended() === endedBefore + 4, 10_000);
  }, 30_000);

  it('refreshes its publication before it runs out, by its tag and without a body', async () => {
    user = 'agent9';
    const clock = new ManualClock(Date.now());
    const dataDir = tempDir();
    const config = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        // The line's own keep-alives run on the test clock too: off, so jumping it does not end the connection.
        sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password: 'secret9', keepAliveSeconds: 0, optionsPingSeconds: 0 },
        colleagues: { publishExpiresSeconds: 120 },
      }),
    );
    const a = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock });
    running.push(a);
    const b = await agentB(user);
    await a.start();
    await waitFor('A registered', () => a.snapshot().line.status === 'registered', 5000);
    await waitFor('B sees A ready', () => seven(b)?.presence === 'ready', 10_000);
    const publishes = () =>
      kamailio.logs().match(new RegExp(`PUBLISH of ${kamailio.uri(user)} event=presence expires=120 if-match=\\S* length=\\d+`, 'g')) ?? [];
    const before = publishes().length;
    // 80 % of the lifetime: not yet …
    clock.advance(95_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(publishes()).toHaveLength(before);
    // … then the refresh: the tag the server gave, no body.
    clock.advance(2_000);
    await waitFor('the refresh PUBLISH', () => publishes().length === before + 1, 10_000);
    expect(publishes().at(-1)).toMatch(/if-match=\S+ length=0$/);
    expect(publishes().at(-1)).not.toMatch(/if-match=<null>/);
    expect(seven(b)?.presence).toBe('ready');
  }, 30_000);

  // Last: it restarts the shared server.
  it('publishes anew after the server restarted and forgot it (412), and B sees A again', async () => {
    user = 'colleague';
    const a = await agentA(user);
    const b = await agentB(user);
    await waitFor('B sees A ready', () => seven(b)?.presence === 'ready', 10_000);
    a.ws.agent.setState('notReady', 'meeting');
    await waitFor('B sees A not ready', () => seven(b)?.presence === 'notReady', 1000);
    await kamailio.restart();
    await waitFor('both registered again', () => a.ws.snapshot().line.status === 'registered' && b.snapshot().line.status === 'registered', 15_000);
    await waitFor('B sees A not ready again, from the new server', () => seven(b)?.presence === 'notReady' && seven(b)?.watched === true, 5000);
    // The new server did not know the old tag (412): the state went again without one.
    const since = kamailio.logs().slice(kamailio.logs().lastIndexOf('===== kamailio start'));
    const publishes = since.match(new RegExp(`PUBLISH of ${kamailio.uri(user)} event=presence expires=600 if-match=\\S+ length=\\d+`, 'g')) ?? [];
    expect(publishes[0]).toMatch(/if-match=(?!<null>)\S+ length=[1-9]/);
    expect(publishes[1]).toMatch(/if-match=<null> length=[1-9]/);
  }, 40_000);
});

describe('a SIP server without presence', () => {
  it('is asked once: the desk stops publishing and says so, and the directory shows the state as unknown', async () => {
    const plain = await startKamailio();
    running.push({ stop: () => plain.stop() });
    const a = await startWorkstationAgent({
      sip: { websocketUrl: plain.wsUrl, uri: plain.uri('agent7'), password: 'secret7' },
      colleagues: { directory: [{ name: 'Ben', uri: plain.uri('agent8') }] },
    });
    running.push(a);
    await waitFor('the refusal logged', () => a.logs.some((l) => l.message.startsWith('the SIP server takes no presence PUBLISH')), 10_000);
    a.ws.agent.setState('notReady', 'break');
    a.ws.agent.setState('ready');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // One PUBLISH (its digest challenge and the answered retry share a Call-ID).
    const publishes = new Set([...plain.logs().matchAll(/\{\d+ \d+ PUBLISH (\S+)\} <script>: REQ/g)].map((m) => m[1]));
    expect(publishes.size).toBe(1);
    expect(a.ws.snapshot().colleagues.published).toBeNull();
    expect(a.ws.colleagues.view()).toEqual([expect.objectContaining({ name: 'Ben', presence: 'unknown', call: 'unknown' })]);
  }, 30_000);
});
