// The call's language on the SIP line: what the IVR says in X-Language, else the customer's own,
// else the client's, picks the script a German company's call is followed in. Real Kamailio, real
// INVITEs, the shipped support scripts (one file per language) from resources/scripts.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contract';
import type { Workstation } from '../../src-main/core/workstation';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';
import { agentSip, startWorkstationAgent, type TestAgent } from '../support/workstation-agent';

let kamailio: Kamailio;
let caller: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio();
  caller = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Anrufer' });
}, 30_000);
afterAll(async () => {
  await caller?.stop();
  await kamailio?.stop();
});

const running: { agent: TestAgent; calls: FarCall[] }[] = [];
afterEach(async () => {
  for (const { agent, calls } of running.splice(0)) {
    for (const call of calls) await call.hangup().catch(() => undefined);
    await agent.stop();
  }
});

/** A desk answering for one company (German unless told) whose support campaign has the shipped scripts in German and English. */
async function startAgent(clientLanguage = 'de'): Promise<{ agent: TestAgent; calls: FarCall[] }> {
  const agent = await startWorkstationAgent({
    sip: agentSip(kamailio),
    scripts: { folder: path.join(resourcesDir, 'scripts') },
    clients: [
      {
        id: 'stadtwerke-nord',
        name: 'Stadtwerke Nord',
        greeting: 'Stadtwerke Nord, guten Tag, mein Name ist {agent}.',
        colour: '#0b6e4f',
        ivrCodes: ['SWN'],
        language: clientLanguage,
        campaigns: [{ id: 'support', name: 'Kundenservice', ivrCodes: ['SUPPORT'] }],
      },
    ],
  });
  const entry = { agent, calls: [] as FarCall[] };
  running.push(entry);
  await waitFor('the support scripts loaded', () => agent.ws.library.list().filter((s) => s.campaign === 'support').length === 2, 10_000);
  return entry;
}

async function ringing(ws: Workstation): Promise<CallView> {
  await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
  return ws.snapshot().calls.find((c) => c.state === 'ringing')!;
}

async function scriptLanguage(ws: Workstation, callId: string, language: string): Promise<void> {
  await waitFor(`the call's script in ${language}`, () => ws.snapshot().scripts[callId]?.language === language, 5000);
}

describe("the call's script follows the call's language", () => {
  it("takes the IVR's X-Language over the client's German: the English support script", async () => {
    const { agent, calls } = await startAgent();
    calls.push(caller.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: SWN', 'X-Campaign: SUPPORT', 'X-Language: en'] }));
    const call = await ringing(agent.ws);
    expect(call.ivr.language).toBe('en');
    await scriptLanguage(agent.ws, call.id, 'en');
    expect(agent.ws.snapshot().scripts[call.id]).toMatchObject({ scriptId: 'support-en', title: 'Customer support' });
    // The banner says the call is not in the company's own language, and who said so.
    expect(agent.ws.snapshot().contexts[call.id]?.language).toEqual({ code: 'en', from: 'ivr' });
  });

  it("takes the customer's language from the directory when the IVR says none, over the client's", async () => {
    // The company's hotline is held in English; this customer is on record as German-speaking.
    const { agent, calls } = await startAgent('en');
    agent.ws.directory.write({ customerNumber: 'K-7001', name: 'Jörg Lindemann', language: 'de', client: 'stadtwerke-nord', source: 'import' }, Date.now());
    calls.push(caller.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: SWN', 'X-Campaign: SUPPORT', 'X-Customer-Number: K-7001'] }));
    const call = await ringing(agent.ws);
    await waitFor('the customer card', () => agent.ws.snapshot().contexts[call.id]?.customer.chosen?.name === 'Jörg Lindemann', 5000);
    await scriptLanguage(agent.ws, call.id, 'de');
    expect(agent.ws.snapshot().scripts[call.id]).toMatchObject({ scriptId: 'support-de', title: 'Kundenservice' });
  });

  it("logs a broken X-Language and ignores it: the call rings, in the client's German", async () => {
    const { agent, calls } = await startAgent();
    calls.push(caller.call(kamailio.uri('agent7'), { extraHeaders: ['X-Client: SWN', 'X-Campaign: SUPPORT', 'X-Language: english please'] }));
    const call = await ringing(agent.ws);
    expect(call.ivr).toEqual({ client: 'SWN', campaign: 'SUPPORT' });
    await scriptLanguage(agent.ws, call.id, 'de');
    expect(agent.ws.snapshot().scripts[call.id]?.scriptId).toBe('support-de');
    expect(agent.ws.snapshot().contexts[call.id]?.language).toBeUndefined();
    const warnings = agent.logs.filter((l) => l.message === 'incoming call header ignored').map((l) => String(l.fields?.problem));
    expect(warnings).toContain('X-Language "english please" is not a language code such as de, en or de-AT; ignored');
  });
});
