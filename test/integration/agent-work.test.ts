import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import type { Snapshot } from '../../src-main/contract';
import type { Workstation } from '../../src-main/core/workstation';
import { researchClient, twoClients } from '../support/clients-config';
import { ManualClock } from '../support/manual-clock';
import { projectRoot } from '../support/paths';
import { tempDir } from '../support/temp';
import { upload } from '../support/uploads';
import { flush, makeWorkstation } from '../support/workstation';

// The agent's path through a call on the real workstation (real SQLite file, real settings file,
// the training line, the sample scripts) with a clock the test moves.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  ws: Workstation;
  api: Dispatcher;
  clock: ManualClock;
  dataDir: string;
  notices: string[];
}

async function setup(extra: Record<string, unknown> = {}, dataDir = tempDir(), clock = new ManualClock()): Promise<Setup> {
  const configFile = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(configFile, JSON.stringify({ agent: { name: 'Jana' }, clients: [...twoClients, researchClient], ...extra }));
  const { ws } = makeWorkstation({ dataDir, configFile, clock });
  const notices: string[] = [];
  ws.onNotice((n) => notices.push(n.message));
  await ws.start();
  cleanups.push(() => ws.stop());
  return { ws, api: new Dispatcher(ws), clock, dataDir, notices };
}

async function ok<T = unknown>(api: Dispatcher, command: string, payload: unknown = {}): Promise<T> {
  const result = await api.handle(command, payload);
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
  return result.result as T;
}

async function refused(api: Dispatcher, command: string, payload: unknown = {}): Promise<{ code: string; message: string }> {
  const result = await api.handle(command, payload);
  if (result.ok) throw new Error(`${command} was expected to be refused`);
  return result.error;
}

function loadSample(api: Dispatcher, name: string) {
  const file = path.join(projectRoot, 'resources', 'scripts', name);
  return ok<{ message: string }>(api, 'scripts:load', { fileName: name, content: fs.readFileSync(file, 'utf8') });
}

async function surveyCall(s: Setup, customer = 'Erika Müller'): Promise<string> {
  const { callId } = await ok<{ callId: string }>(s.api, 'training:placeCall', {
    remoteNumber: '+49 40 1234567',
    remoteName: customer,
    ivr: { client: 'MB', campaign: 'SURVEY' },
  });
  await ok(s.api, 'phone:answer', { callId });
  await flush();
  return callId;
}

const snap = (ws: Workstation): Snapshot => ws.snapshot();

describe('the script walked on a call, the wrap-up and the call log', () => {
  it('walks the survey with answers and branches, blocks the next call until the disposition, and logs answers and version', async () => {
    const s = await setup();
    expect((await loadSample(s.api, 'survey.en.yaml')).message).toBe('loaded v1 for campaign survey');
    const callId = await surveyCall(s);

    let view = snap(s.ws).scripts[callId]!;
    expect(view).toMatchObject({ scriptId: 'survey-en', version: 1, current: { id: 'welcome', type: 'say' } });
    expect(view.current.text).toContain('my name is Jana');
    expect(view.current.text).toContain('**Marktblick Research**');
    await ok(s.api, 'script:next', { sessionId: callId });
    expect(snap(s.ws).scripts[callId]!.current).toMatchObject({ id: 'q_consent', question: { input: 'yesno', required: true } });
    // A required question cannot be skipped.
    expect(await refused(s.api, 'script:next', { sessionId: callId })).toMatchObject({ code: 'conflict' });
    await ok(s.api, 'script:next', { sessionId: callId, value: true });
    // A low rating branches to the reason question.
    expect(await refused(s.api, 'script:next', { sessionId: callId, value: 9 })).toMatchObject({ code: 'invalid-request' });
    await ok(s.api, 'script:next', { sessionId: callId, value: 2 });
    expect(snap(s.ws).scripts[callId]!.current.id).toBe('q_reason');
    // Back keeps the answer given, and a better rating takes the other way.
    await ok(s.api, 'script:back', { sessionId: callId });
    view = snap(s.ws).scripts[callId]!;
    expect(view.current).toMatchObject({ id: 'q_satisfaction', answer: 2 });
    await ok(s.api, 'script:next', { sessionId: callId, value: 5 });
    expect(snap(s.ws).scripts[callId]!.current.id).toBe('q_recommend');
    await ok(s.api, 'script:next', { sessionId: callId, value: 9 });

    // Hang up before the last required question: wrap-up, the agent takes no call.
    await ok(s.api, 'phone:hangup', { callId });
    await flush();
    expect(snap(s.ws).agent).toMatchObject({ state: 'wrapUp', declining: true });
    const wrap = snap(s.ws).wrapUps[0]!;
    expect(wrap).toMatchObject({ callId, client: 'Marktblick Research', campaign: 'Kundenzufriedenheit 2026' });
    expect(wrap.missingRequired.map((m) => m.id)).toEqual(['q_channels']);
    expect(wrap.dispositions.map((d) => d.hotkey)).toEqual(['s', '1', '2', '3', null]);
    expect(await refused(s.api, 'training:placeCall', {})).toMatchObject({ code: 'conflict', message: expect.stringContaining('wrap-up') });
    expect(await refused(s.api, 'phone:dial', { target: '+49 30 1234567' })).toMatchObject({ code: 'conflict' });

    // The survey's required questions block "complete"; "not surveyed" would be allowed.
    expect(await refused(s.api, 'wrapUp:dispose', { callId, code: 'survey complete' })).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('How did you contact us'),
    });
    expect(await refused(s.api, 'wrapUp:dispose', { callId, code: 'no-contact' })).toMatchObject({ code: 'invalid-request' });
    await ok(s.api, 'wrapUp:saveNote', { callId, note: 'Kundin war sehr freundlich' });
    await ok(s.api, 'wrapUp:dispose', { callId, code: 'not surveyed' });
    await flush();
    expect(snap(s.ws).wrapUps).toEqual([]);
    expect(snap(s.ws).agent).toMatchObject({ state: 'ready', declining: false });
    expect(snap(s.ws).scripts[callId]).toBeUndefined();

    const entry = (await ok<{ disposition: string }>(s.api, 'callLog:get', { id: callId })) as unknown as Snapshot['wrapUps'][number] & Record<string, unknown>;
    expect(entry).toMatchObject({
      disposition: 'not surveyed',
      dispositionLabel: 'Not surveyed',
      note: 'Kundin war sehr freundlich',
      script: { id: 'survey-en', version: 1, title: 'Customer satisfaction survey' },
    });
    expect(entry.answers).toEqual([
      { id: 'q_consent', question: 'May I ask you a few questions?', answer: 'Yes', value: true },
      { id: 'q_satisfaction', question: expect.stringContaining('how satisfied are you'), answer: expect.stringContaining('5'), value: 5 },
      { id: 'q_recommend', question: expect.stringContaining('recommend Marktblick Research'), answer: '9', value: 9 },
    ]);
    const found = await ok<{ entries: { id: string }[] }>(s.api, 'callLog:search', { disposition: 'not surveyed', limit: 10 });
    expect(found.entries.map((e) => e.id)).toEqual([callId]);
    const topics = s.ws.db.prepare('SELECT topic FROM outbox WHERE entity_id = ? ORDER BY id').pluck().all(callId);
    expect(topics).toContain('call.wrapUp');
  });

  it('completes a survey with every required answer, and a new version of the script is used by the next call', async () => {
    const s = await setup();
    await loadSample(s.api, 'survey.en.yaml');
    const callId = await surveyCall(s);
    const answers: unknown[] = [undefined, true, 4, 10, ['phone', 'web'], '2019-05-01', 44];
    for (const value of answers) await ok(s.api, 'script:next', value === undefined ? { sessionId: callId } : { sessionId: callId, value });
    const end = snap(s.ws).scripts[callId]!;
    expect(end).toMatchObject({
      ended: true,
      current: { id: 'thanks', disposition: 'survey complete', dispositionLabel: 'Survey complete' },
      missingRequired: [],
    });
    expect(end.current.text).toContain('**4 of 5**');
    await ok(s.api, 'phone:hangup', { callId });
    await flush();
    expect(snap(s.ws).wrapUps[0]).toMatchObject({ suggested: 'survey complete', missingRequired: [] });
    await ok(s.api, 'wrapUp:dispose', { callId, code: 'Survey Complete' });
    const entry = s.ws.callLog.get(callId)!;
    expect(entry.disposition).toBe('survey complete');
    expect(entry.answers.find((a) => a.id === 'q_channels')).toMatchObject({ answer: 'By phone, On the website', value: ['phone', 'web'] });

    const changed = fs
      .readFileSync(path.join(projectRoot, 'resources', 'scripts', 'survey.en.yaml'), 'utf8')
      .replace('title: Customer satisfaction survey', 'title: Customer satisfaction survey (autumn)');
    expect(await ok(s.api, 'scripts:load', { fileName: 'survey.en.yaml', content: changed })).toMatchObject({
      ok: true,
      message: 'loaded v2 for campaign survey',
    });
    const second = await surveyCall(s);
    expect(snap(s.ws).scripts[second]).toMatchObject({ version: 2, title: 'Customer satisfaction survey (autumn)' });
    expect(s.ws.callLog.get(callId)!.script).toMatchObject({ version: 1 });
  });

  it('reports every problem of a broken script with line and column, and keeps the version loaded before', async () => {
    const s = await setup();
    await loadSample(s.api, 'survey.en.yaml');
    const broken = fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'scripts', 'broken', 'several-errors.yaml'), 'utf8');
    const result = await ok<{ ok: boolean; problems: { file: string; line: number; column: number; message: string }[] }>(s.api, 'scripts:load', {
      fileName: 'several-errors.yaml',
      content: broken,
    });
    expect(result.ok).toBe(false);
    expect(result.problems.length).toBeGreaterThan(1);
    for (const problem of result.problems) {
      expect(problem.file).toBe('several-errors.yaml');
      expect(problem.line).toBeGreaterThan(0);
      expect(problem.column).toBeGreaterThan(0);
    }
    expect(snap(s.ws).loadedScripts.map((l) => `${l.scriptId} v${l.version}`)).toEqual(['survey-en v1']);
  });

  it('previews a script without a call, with sample customer data', async () => {
    const s = await setup();
    await loadSample(s.api, 'survey.en.yaml');
    await ok(s.api, 'scripts:preview', { scriptId: 'survey-en', customer: { name: 'Paula Probe', city: 'Hamburg' } });
    expect(snap(s.ws).scripts.preview!.current.text).toContain('Good day Paula Probe');
    await ok(s.api, 'script:next', { sessionId: 'preview' });
    await ok(s.api, 'scripts:closePreview');
    expect(snap(s.ws).scripts.preview).toBeUndefined();
    expect(snap(s.ws).wrapUps).toEqual([]);
  });

  it('keeps a wrap-up with its note and the script walk across a restart', async () => {
    const dataDir = tempDir();
    const first = await setup({}, dataDir);
    await loadSample(first.api, 'survey.en.yaml');
    const callId = await surveyCall(first);
    await ok(first.api, 'script:next', { sessionId: callId });
    await ok(first.api, 'script:next', { sessionId: callId, value: true });
    await ok(first.api, 'phone:hangup', { callId });
    await ok(first.api, 'wrapUp:saveNote', { callId, note: 'halb fertig' });
    await first.ws.stop();
    cleanups.length = 0;

    const again = await setup({}, dataDir);
    expect(snap(again.ws).wrapUps).toEqual([expect.objectContaining({ callId, note: 'halb fertig', client: 'Marktblick Research' })]);
    expect(snap(again.ws).agent.state).toBe('wrapUp');
    expect(snap(again.ws).scripts[callId]!.current.id).toBe('q_satisfaction');
    // The variables still know the company after the restart.
    await ok(again.api, 'script:back', { sessionId: callId });
    await ok(again.api, 'script:back', { sessionId: callId });
    expect(snap(again.ws).scripts[callId]!.current.text).toContain('**Marktblick Research**');
    // A survey's required questions ahead count too, not only those reached.
    expect(snap(again.ws).wrapUps[0]!.missingRequired.map((m) => m.id)).toEqual(['q_satisfaction', 'q_recommend', 'q_channels']);
  });

  it('gives the automatic code after the configured time and makes the agent ready', async () => {
    const s = await setup({ wrapUp: { autoSeconds: 30, autoDisposition: 'solved' } });
    const { callId } = await ok<{ callId: string }>(s.api, 'training:placeCall', { ivr: {} });
    await ok(s.api, 'phone:answer', { callId });
    await ok(s.api, 'phone:hangup', { callId });
    await flush();
    expect(snap(s.ws).wrapUps[0]).toMatchObject({ autoCode: 'solved', autoAt: s.clock.now() + 30_000 });
    s.clock.advance(29_000);
    expect(snap(s.ws).agent.state).toBe('wrapUp');
    s.clock.advance(1_000);
    await flush();
    expect(snap(s.ws).agent.state).toBe('ready');
    expect(s.ws.callLog.get(callId)).toMatchObject({ disposition: 'solved' });
  });
});

describe('agent states', () => {
  it('declines calls while not ready, logs each change with its reason, and applies a choice made during a call after it', async () => {
    const s = await setup();
    expect(await refused(s.api, 'agent:setState', { state: 'notReady', reason: 'nap' })).toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('break'),
    });
    await ok(s.api, 'agent:setState', { state: 'notReady', reason: 'lunch' });
    expect(snap(s.ws).agent).toMatchObject({ state: 'notReady', reason: { code: 'lunch', label: 'Lunch' }, declining: true });
    expect(await refused(s.api, 'training:placeCall', {})).toMatchObject({ code: 'conflict', message: expect.stringContaining('not ready') });
    await ok(s.api, 'agent:setState', { state: 'ready' });

    const { callId } = await ok<{ callId: string }>(s.api, 'training:placeCall', { ivr: {} });
    expect(snap(s.ws).agent.state).toBe('ready'); // ringing alone changes nothing
    await ok(s.api, 'phone:answer', { callId });
    await flush();
    expect(snap(s.ws).agent.state).toBe('onCall');
    await ok(s.api, 'agent:setState', { state: 'notReady', reason: 'break' });
    expect(snap(s.ws).agent).toMatchObject({ state: 'onCall', chosen: 'notReady' });
    await ok(s.api, 'phone:hangup', { callId });
    await ok(s.api, 'wrapUp:dispose', { callId, code: 'solved' });
    await flush();
    expect(snap(s.ws).agent).toMatchObject({ state: 'notReady', reason: { code: 'break' } });
    await ok(s.api, 'agent:setState', { state: 'offline' });
    const log = s.ws.agentLog
      .recent(20)
      .reverse()
      .map((c) => `${c.previous}→${c.state}${c.reason ? `:${c.reason}` : ''}`);
    expect(log).toEqual(['ready→notReady:lunch', 'notReady→ready', 'ready→onCall', 'onCall→wrapUp', 'wrapUp→notReady:break', 'notReady→offline']);
  });
});

describe('callbacks', () => {
  it('are created in the wrap-up, surface when due, and are dialled with their campaign, customer and script', async () => {
    const s = await setup();
    await loadSample(s.api, 'survey.en.yaml');
    const callId = await surveyCall(s, 'Hans Berger');
    await ok(s.api, 'phone:hangup', { callId });
    const at = s.clock.now() + 2 * 3_600_000;
    // The survey was not done: "refused" is not allowed, "call back later" releases the survey.
    expect(await refused(s.api, 'wrapUp:dispose', { callId, code: 'refused' })).toMatchObject({ code: 'conflict' });
    expect(await refused(s.api, 'wrapUp:dispose', { callId, code: 'callback' })).toMatchObject({ message: expect.stringContaining('date and time') });
    expect(await refused(s.api, 'wrapUp:dispose', { callId, code: 'callback', callback: { at: s.clock.now() - 3_600_000 } })).toMatchObject({
      message: expect.stringContaining('past'),
    });
    await ok(s.api, 'wrapUp:dispose', { callId, code: 'callback', callback: { at, note: 'nach 18 Uhr' } });
    let [callback] = snap(s.ws).callbacks;
    expect(callback).toMatchObject({
      due: false,
      number: '+49 40 1234567',
      customerName: 'Hans Berger',
      campaign: { id: 'survey', name: 'Kundenzufriedenheit 2026' },
      note: 'nach 18 Uhr',
      state: 'open',
    });

    s.clock.advance(2 * 3_600_000);
    await flush();
    expect(s.notices).toContain('Callback due: Hans Berger (+49 40 1234567) — nach 18 Uhr');
    [callback] = snap(s.ws).callbacks;
    expect(callback!.due).toBe(true);

    const { callId: back } = await ok<{ callId: string }>(s.api, 'callbacks:dial', { id: callback!.id });
    await flush();
    const context = snap(s.ws).contexts[back]!;
    expect(context.client?.name).toBe('Marktblick Research');
    expect(context.customer.chosen?.name).toBe('Hans Berger');
    expect(snap(s.ws).scripts[back]?.scriptId).toBe('survey-en');
    expect(snap(s.ws).callbacks[0]).toMatchObject({ state: 'dialed' });
    s.clock.advance(3_000); // the training callee answers
    await flush();
    await ok(s.api, 'script:next', { sessionId: back });
    await ok(s.api, 'script:next', { sessionId: back, value: false });
    await ok(s.api, 'phone:hangup', { callId: back });
    await ok(s.api, 'wrapUp:dispose', { callId: back, code: 'refused' });
    expect(snap(s.ws).callbacks).toEqual([]);
    const topics = s.ws.db.prepare("SELECT json_extract(payload, '$.state') FROM outbox WHERE topic = 'callback' ORDER BY id").pluck().all();
    expect(topics).toEqual(['open', 'dialed', 'done']);
  });
});

describe('call lists and preview dialing', () => {
  it('imports a Windows-1252 CSV naming its bad rows, shows each record, dials or skips it, and logs the outcome', async () => {
    const s = await setup();
    await loadSample(s.api, 'survey.en.yaml');
    const csv = [
      'Name;Telefon;Kundennummer;Tarif',
      'Jürgen Weiß;040 7654321;K-1;Basis',
      'Ohne Nummer;;K-2;Plus',
      'Özlem Kaya;+49 30 2223334;K-3;Plus',
      'Kaputt;12ab;K-4;Basis',
    ].join('\r\n');
    const imported = await ok<{ list: { id: string; total: number; pending: number }; rejected: { row: number; reason: string }[] }>(
      s.api,
      'callLists:import',
      {
        name: 'Welle 1',
        campaign: 'survey',
        client: 'marktblick',
        uploadId: await upload(s.api, 'callList', 'welle1.csv', Buffer.from(csv, 'latin1')),
      },
    );
    expect(imported.list).toMatchObject({ total: 2, pending: 2 });
    expect(imported.rejected).toEqual([
      { row: 3, reason: 'no phone number', said: { key: 'callList.rowNoNumber', params: {} } },
      { row: 5, reason: '"12ab" is not a phone number that can be dialled', said: { key: 'callList.rowNotDiallable', params: { number: '12ab' } } },
    ]);

    await ok(s.api, 'preview:start', { listId: imported.list.id });
    let preview = snap(s.ws).preview!;
    expect(preview).toMatchObject({
      listName: 'Welle 1',
      remaining: 2,
      record: { row: 2, name: 'Jürgen Weiß', number: '+49407654321', customerNumber: 'K-1', fields: { Tarif: 'Basis' } },
    });
    await ok(s.api, 'preview:skip', { reason: 'do not call' });
    preview = snap(s.ws).preview!;
    expect(preview).toMatchObject({ remaining: 1, record: { name: 'Özlem Kaya' } });

    const { callId } = await ok<{ callId: string }>(s.api, 'preview:dial');
    await flush();
    expect(snap(s.ws).contexts[callId]).toMatchObject({
      client: { name: 'Marktblick Research' },
      campaign: { id: 'survey' },
      customer: { chosen: { name: 'Özlem Kaya' } },
    });
    expect(snap(s.ws).preview).toMatchObject({ callId, record: { name: 'Özlem Kaya', attempts: 1 } });
    expect(await refused(s.api, 'preview:skip', { reason: 'x' })).toMatchObject({ code: 'conflict' });
    // Nobody answers: a call-list call still needs its disposition.
    await ok(s.api, 'phone:hangup', { callId });
    await flush();
    expect(snap(s.ws).wrapUps[0]).toMatchObject({ callId, callListRecordId: preview.record!.id });
    await ok(s.api, 'wrapUp:dispose', { callId, code: 'no answer' });
    expect(snap(s.ws).preview).toMatchObject({ remaining: 0, record: null });
    expect(snap(s.ws).callLists[0]).toMatchObject({ total: 2, done: 1, skipped: 1, pending: 0 });
    expect(s.ws.callLog.get(callId)).toMatchObject({
      disposition: 'no answer',
      dispositionLabel: 'No contact › No answer',
      campaign: 'Kundenzufriedenheit 2026',
    });
    const records = s.ws.db.prepare("SELECT payload FROM outbox WHERE topic = 'callList.record' ORDER BY id").pluck().all() as string[];
    expect(
      records
        .map((r) => JSON.parse(r) as { state: string; disposition: string | null; skipReason: string | null })
        .map((r) => [r.state, r.disposition ?? r.skipReason]),
    ).toEqual([
      ['skipped', 'do not call'],
      ['dialing', null],
      ['done', 'no answer'],
    ]);
  });

  it('refuses a file without a phone column, naming its columns', async () => {
    const s = await setup();
    const error = await refused(s.api, 'callLists:import', {
      name: 'x',
      campaign: 'survey',
      uploadId: await upload(s.api, 'callList', 'x.csv', Buffer.from('Name,Stadt\nA,B\n')),
    });
    expect(error).toMatchObject({ code: 'invalid-request', message: expect.stringContaining('Name, Stadt') });
  });
});

describe("the trainers' script folder and rehearsal", () => {
  it('loads the folder at start, loads a saved change as the next version, and reports a broken file without replacing the good one', async () => {
    const folder = path.join(tempDir(), 'skripte');
    fs.mkdirSync(folder);
    const source = fs.readFileSync(path.join(projectRoot, 'resources', 'scripts', 'survey.en.yaml'), 'utf8');
    fs.writeFileSync(path.join(folder, 'survey.yaml'), source);
    const s = await setup({ scripts: { folder } });
    expect(snap(s.ws).loadedScripts.map((l) => `${l.scriptId} v${l.version}`)).toEqual(['survey-en v1']);

    fs.writeFileSync(path.join(folder, 'survey.yaml'), source.replace('title: Customer satisfaction survey', 'title: Survey, second edition'));
    await waitUntil(() => snap(s.ws).loadedScripts[0]?.version === 2);
    expect(snap(s.ws).loadedScripts[0]).toMatchObject({ title: 'Survey, second edition' });
    expect(s.notices.some((n) => n.includes('loaded v2 for campaign survey'))).toBe(true);

    fs.writeFileSync(path.join(folder, 'survey.yaml'), source.replace('next: q_recommend', 'next: q_nowhere'));
    await waitUntil(() => s.notices.some((n) => n.startsWith('The script survey.yaml was not loaded')));
    expect(s.notices.find((n) => n.startsWith('The script survey.yaml was not loaded'))).toMatch(/survey\.yaml:\d+:\d+: .*q_nowhere/);
    expect(snap(s.ws).loadedScripts[0]).toMatchObject({ version: 2, title: 'Survey, second edition' });
  });

  it("rehearses a script on the training line: the call is for the script's campaign whatever its numbers say", async () => {
    const s = await setup();
    await loadSample(s.api, 'survey.en.yaml');
    const { callId } = await ok<{ callId: string }>(s.api, 'training:placeCall', {
      ivr: {},
      dialedNumber: '+49 89 000',
      rehearse: { client: 'marktblick', campaign: 'survey' },
    });
    expect(snap(s.ws).contexts[callId]).toMatchObject({ client: { name: 'Marktblick Research' }, campaign: { id: 'survey' }, problem: null });
    expect(snap(s.ws).scripts[callId]).toMatchObject({ scriptId: 'survey-en', current: { id: 'welcome' } });
  });

  it("rehearses a script written for any company with the one client that runs its campaign, not the scenario's IVR company", async () => {
    const s = await setup();
    await loadSample(s.api, 'survey.en.yaml');
    const { callId } = await ok<{ callId: string }>(s.api, 'training:placeCall', { rehearse: { client: null, campaign: 'survey' } });
    expect(snap(s.ws).contexts[callId]).toMatchObject({ client: { name: 'Marktblick Research' }, campaign: { name: 'Kundenzufriedenheit 2026' } });
    expect(snap(s.ws).calls[0]).toMatchObject({ client: 'Marktblick Research', ivr: {} });
    await ok(s.api, 'phone:answer', { callId });
    await ok(s.api, 'phone:hangup', { callId });
    await flush();
    expect(snap(s.ws).wrapUps[0]).toMatchObject({ client: 'Marktblick Research', campaign: 'Kundenzufriedenheit 2026' });
    expect(snap(s.ws).wrapUps[0]!.dispositions.map((d) => d.code)).toContain('survey complete');
  });
});

/** Polls with real time (the folder watcher works on real timers, not the test's clock). */
async function waitUntil(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
