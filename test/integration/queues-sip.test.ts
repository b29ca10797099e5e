import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import { Desk } from '../../src-main/core/desk/desk';
import { MemoryVault } from '../../src-main/core/platform/secret-vault';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { CLIENT_B_NUMBER_E164, twoClients } from '../support/clients-config';
import { FarEnd } from '../support/far-end';
import { DEFAULT_SIP_USERS, startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// Registrar forking on a real Kamailio (test/sip/kamailio.cfg, WITH_QUEUES): each agent's
// workstation registers its contact under the queues it logs into; a call to a queue rings
// whoever is logged in and not paused.

let kamailio: Kamailio;
let customer: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio({ users: { ...DEFAULT_SIP_USERS, anna: 'anna-pw' }, queues: ['support', 'sales'] });
  customer = await FarEnd.start({ kamailio, user: 'customer' });
}, 30_000);
afterAll(async () => {
  await customer?.stop();
  await kamailio?.stop();
});

interface Agent {
  ws: Workstation;
  media: WrtcMediaEnd;
  dataDir: string;
  stop(): Promise<void>;
}
const running: Agent[] = [];
afterEach(async () => {
  for (const agent of running.splice(0)) await agent.stop();
});

function queueSettings() {
  return {
    list: [
      // Two companies' queues: a call through each is for its company and campaign.
      { id: 'support', name: 'Support', skill: 'support', address: kamailio.uri('support'), client: 'stadtwerke', campaign: 'abrechnung' },
      { id: 'sales', name: 'Sales', skill: 'sales', address: kamailio.uri('sales'), client: 'moebelhaus', campaign: 'bestellung' },
    ],
  };
}

/** An agent's workstation on `dataDir` (a new one unless given: a restart uses the same). */
async function startAgent(user: string, skills: string[], dataDir = tempDir(), more: Record<string, unknown> = {}): Promise<Agent> {
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri(user), password: kamailio.users[user] },
      agent: { skills },
      queues: queueSettings(),
      ...more,
    }),
  );
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  const media = createWrtcMediaEnd();
  ws.media.attach(media.channel);
  let stopped = false;
  const agent: Agent = {
    ws,
    media,
    dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await ws.stop();
      media.close();
    },
  };
  running.push(agent);
  await ws.start();
  await waitFor(`${user} registered`, () => ws.snapshot().line.status === 'registered', 5000);
  return agent;
}

const ringing = (agent: Agent) => agent.ws.snapshot().calls.some((c) => c.state === 'ringing');
const callsLogged = (agent: Agent) => agent.ws.callLog.list({ limit: 100 }).length;
const queue = (agent: Agent, id: string) => agent.ws.snapshot().queues.find((q) => q.id === id);
const ringingCall = (agent: Agent) => agent.ws.snapshot().calls.find((c) => c.state === 'ringing');

describe('queues by registrar forking, on a real Kamailio', () => {
  it('rings the logged-in support agents and not the sales agent; a pause takes one out; an empty queue answers 480', async () => {
    const a = await startAgent('agent7', ['support']);
    const b = await startAgent('agent8', ['support']);
    const c = await startAgent('anna', ['sales']);
    // Each sees only the queues of their skills.
    expect(a.ws.snapshot().queues.map((q) => q.id)).toEqual(['support']);
    expect(c.ws.snapshot().queues.map((q) => q.id)).toEqual(['sales']);
    await expect(c.ws.queues.login('support')).rejects.toMatchObject({ said: { key: 'queues.notYourSkill' } });

    await a.ws.queues.login('support');
    await b.ws.queues.login('support');
    await c.ws.queues.login('sales');
    expect(queue(a, 'support')).toMatchObject({ loggedIn: true, paused: false, sync: 'done' });
    expect(await kamailio.contacts('support')).toBe(2);
    expect(await kamailio.contacts('sales')).toBe(1);

    // A call to the support queue rings both support agents, and not the sales agent.
    let call = customer.call(kamailio.uri('support'));
    await waitFor('both support agents ring', () => ringing(a) && ringing(b), 5000);
    expect(c.ws.snapshot().calls).toEqual([]);
    await call.hangup();
    await waitFor('the ringing stops', () => !ringing(a) && !ringing(b), 5000);
    expect(callsLogged(c)).toBe(0);

    // B goes not ready: paused in the queue, and the next call rings only A.
    b.ws.agent.setState('notReady', 'break');
    expect(queue(b, 'support')).toMatchObject({ loggedIn: true, paused: true });
    await b.ws.queues.settled();
    expect(queue(b, 'support')?.sync).toBe('done');
    expect(await kamailio.contacts('support')).toBe(1);
    const bLogged = callsLogged(b);
    call = customer.call(kamailio.uri('support'));
    await waitFor('A rings', () => ringing(a), 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.ws.snapshot().calls).toEqual([]);
    expect(callsLogged(b)).toBe(bLogged);
    await call.hangup();
    await waitFor('the ringing stops', () => !ringing(a), 5000);

    // Ready again ends the pause.
    b.ws.agent.setState('ready');
    await b.ws.queues.settled();
    expect(await kamailio.contacts('support')).toBe(2);

    // Both out: the caller gets the server's answer for an empty queue.
    await a.ws.queues.logout('support');
    await b.ws.queues.logout('support');
    expect(await kamailio.contacts('support')).toBe(0);
    expect(await kamailio.contacts('agent7')).toBe(1); // the agents' own registrations stay
    call = customer.call(kamailio.uri('support'));
    const end = await call.waitForEnd(5000);
    expect(end).toMatchObject({ statusCode: 480, reasonPhrase: 'Queue empty: no agent logged in' });

    // Every login, logout and pause is in the agent's log and on its way to the backend.
    expect(
      b.ws.queueLog
        .recent()
        .reverse()
        .map((e) => [e.queueId, e.event, e.reason]),
    ).toEqual([
      ['support', 'login', null],
      ['support', 'pause', 'break'],
      ['support', 'unpause', null],
      ['support', 'logout', null],
    ]);
    expect(b.ws.outbox.stats().pending).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('keeps the agent in the queue when the line registers again on a new connection', async () => {
    const a = await startAgent('agent7', ['support']);
    await a.ws.queues.login('support');
    const customerRegistrations = customer.registrations;
    await kamailio.restart(); // registrations are memory only: the server forgets them all
    await waitFor('registered again', () => a.ws.snapshot().line.status === 'registered', 20_000);
    // The caller's own connection came back too, or its call would not leave it.
    await waitFor('the caller registered again', () => customer.registrations > customerRegistrations, 20_000);
    await waitFor('the queue binding back', async () => (await kamailio.contacts('support')) === 1, 10_000);
    const call = customer.call(kamailio.uri('support'));
    await waitFor('A rings', () => ringing(a), 5000);
    await call.hangup();
  }, 60_000);

  it('comes back not ready after a restart mid-shift, with the queues as they were (logged in, now paused), and logs it', async () => {
    const first = await startAgent('agent7', ['support', 'sales']);
    await first.ws.queues.login('support');
    await first.ws.queues.login('sales');
    first.ws.agent.setState('notReady', 'lunch');
    first.ws.agent.setState('ready');
    await first.ws.queues.logout('sales');
    await first.ws.queues.settled();
    expect(await kamailio.contacts('support')).toBe(1);
    await first.stop();
    expect(await kamailio.contacts('support')).toBe(0); // a clean stop leaves no binding behind

    const again = await startAgent('agent7', ['support', 'sales'], first.dataDir);
    expect(again.ws.snapshot().agent).toMatchObject({ state: 'notReady', chosen: 'notReady', reason: { code: 'restarted' } });
    expect(again.ws.snapshot().queues).toEqual([
      expect.objectContaining({ id: 'support', loggedIn: true, paused: true }),
      expect.objectContaining({ id: 'sales', loggedIn: false, paused: false }),
    ]);
    await again.ws.queues.settled();
    expect(await kamailio.contacts('support')).toBe(0); // paused: no call reaches them before they choose Ready
    expect(again.ws.agentLog.recent(1)[0]).toMatchObject({ state: 'notReady', reason: 'restarted' });
    expect(again.ws.queueLog.recent(1)[0]).toMatchObject({ queueId: 'support', event: 'pause', reason: 'restarted' });

    again.ws.agent.setState('ready');
    await again.ws.queues.settled();
    expect(await kamailio.contacts('support')).toBe(1);
    const call = customer.call(kamailio.uri('support'));
    await waitFor('the agent rings', () => ringing(again), 5000);
    await call.hangup();
  }, 60_000);

  it("serves, on a shared desk, the queues of the signed-in agent's own skills, and each agent's queues stay theirs", async () => {
    const dataDir = tempDir();
    const configFile = path.join(dataDir, 'it-settings.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        sip: { websocketUrl: kamailio.wsUrl },
        signIn: { mode: 'agent', uriTemplate: `sip:{agentId}@${kamailio.domain}`, staySignedIn: false },
        agent: { skills: ['support'] },
        queues: { ...queueSettings(), agentSkills: { anna: ['sales'] } },
      }),
    );
    const desk = new Desk({
      dataDir,
      configFile,
      host: 'web',
      appVersion: 'test',
      resourcesDir,
      logger: silentLogger,
      clock: systemClock,
      vault: new MemoryVault(),
    });
    running.push({ ws: null as unknown as Workstation, media: null as unknown as WrtcMediaEnd, dataDir, stop: () => desk.stop() });
    await desk.start();
    await desk.signIn('anna', 'anna-pw', false);
    const anna = desk.workstation!;
    await waitFor('anna registered', () => anna.snapshot().line.status === 'registered', 5000);
    expect(anna.snapshot().queues.map((q) => q.id)).toEqual(['sales']);
    await anna.queues.login('sales');
    expect(await kamailio.contacts('sales')).toBe(1);
    await desk.signOut();
    expect(await kamailio.contacts('sales')).toBe(0); // signing out takes the agent out of the queue's routing

    // An agent ID IT did not list has the desk's skills; nothing of Anna's queues is theirs.
    await desk.signIn('agent8', 'secret8', false);
    expect(desk.workstation!.snapshot().queues).toEqual([expect.objectContaining({ id: 'support', loggedIn: false })]);
    await desk.signOut();

    // Anna back: in her queue as she left it, paused until she chooses Ready.
    await desk.signIn('anna', 'anna-pw', false);
    expect(desk.workstation!.snapshot().queues).toEqual([expect.objectContaining({ id: 'sales', loggedIn: true, paused: true })]);
  }, 60_000);

  it("greets a queue's call in the queue's company's name, with its campaign, and names the queue; a direct call keeps the dialed number's company", async () => {
    const a = await startAgent('agent7', ['support', 'sales'], tempDir(), { agent: { name: 'Jana', skills: ['support', 'sales'] }, clients: twoClients });
    await a.ws.queues.login('support');
    await a.ws.queues.login('sales');

    /** Rings the agent with `target`, checks what the ringing call shows, and ends it; gives the call log row. */
    const through = async (target: string, extraHeaders: string[] = []) => {
      const call = customer.call(target, { extraHeaders });
      await waitFor('the agent rings', () => ringingCall(a) !== undefined, 5000);
      const ringing = ringingCall(a)!;
      const context = a.ws.snapshot().contexts[ringing.id]!;
      await call.hangup();
      await waitFor('the ringing stops', () => ringingCall(a) === undefined, 5000);
      const row = a.ws.callLog.list({ limit: 100 }).find((entry) => entry.id === ringing.id)!;
      const synced = a.ws.outbox.pending(1000).find((record) => record.topic === 'call.ringing' && record.entityId === ringing.id);
      return { ringing, context, row, synced: synced && (JSON.parse(synced.payload) as Record<string, unknown>) };
    };

    // Through the support queue: Stadtwerke Nord's greeting and billing campaign (not its first one).
    let seen = await through(kamailio.uri('support'));
    expect(seen.ringing.queue).toEqual({ id: 'support', name: 'Support' });
    expect(seen.context).toMatchObject({ how: 'queue', greeting: 'Stadtwerke Nord, Kundenservice, mein Name ist Jana.', problem: null });
    expect(seen.context.client?.name).toBe('Stadtwerke Nord');
    expect(seen.context.campaign).toMatchObject({ id: 'abrechnung', script: 'Rechnungsnummer erfragen.', dispositions: ['Erklärt', 'Gutschrift'] });
    expect(seen.row).toMatchObject({ client: 'Stadtwerke Nord', campaign: 'Abrechnung', queue: 'Support', dialedNumber: null }); // To's "support" is no number
    expect(seen.synced).toMatchObject({ client: 'Stadtwerke Nord', campaign: 'Abrechnung', queue: 'Support' });

    // Through the sales queue: the other company.
    seen = await through(kamailio.uri('sales'));
    expect(seen.ringing.queue).toEqual({ id: 'sales', name: 'Sales' });
    expect(seen.context).toMatchObject({ how: 'queue', greeting: 'Möbelhaus Krause, guten Tag, Sie sprechen mit Jana.' });
    expect(seen.context.campaign).toMatchObject({ id: 'bestellung', dispositions: ['Bestellt', 'Kein Kauf', 'Falsch verbunden'] });
    expect(seen.row).toMatchObject({ client: 'Möbelhaus Krause', campaign: 'Bestellannahme', queue: 'Sales' });

    // The IVR's own client code still wins over the queue's (an overflow into another company's queue), with a note.
    seen = await through(kamailio.uri('support'), ['X-Client: MHK']);
    expect(seen.ringing.queue?.name).toBe('Support');
    expect(seen.context).toMatchObject({ how: 'ivr', greeting: 'Möbelhaus Krause, guten Tag, Sie sprechen mit Jana.' });
    expect(seen.context.noteSaid).toEqual([expect.objectContaining({ key: 'context.ivrQueueDisagree' })]);
    expect(seen.row).toMatchObject({ client: 'Möbelhaus Krause', campaign: 'Bestellannahme', queue: 'Support' });

    // A direct call (to the agent, diverted from Möbelhaus Krause's number) is no queue's: the number decides, as before.
    seen = await through(kamailio.uri('agent7'), [`Diversion: <sip:${CLIENT_B_NUMBER_E164}@${kamailio.domain}>;reason=unconditional`]);
    expect(seen.ringing.queue ?? null).toBeNull();
    expect(seen.context).toMatchObject({ how: 'dialed', greeting: 'Möbelhaus Krause, guten Tag, Sie sprechen mit Jana.' });
    expect(seen.row).toMatchObject({ client: 'Möbelhaus Krause', queue: null });
    expect(seen.synced).toMatchObject({ queue: null });
  }, 60_000);
});
