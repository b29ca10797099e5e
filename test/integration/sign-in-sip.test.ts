import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { snapshotSchema } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { AGENTS_DIR, Desk, SIGNED_IN_FILE } from '../../src-main/core/desk/desk';
import { silentLogger } from '../../src-main/core/log';
import { DATABASE_FILE } from '../../src-main/core/store/database';
import { MemoryVault, type SecretVault } from '../../src-main/core/platform/secret-vault';
import type { Workstation } from '../../src-main/core/workstation';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';

// One Kamailio for the file; each test has its own agents, so no registration leaks between tests.
let kamailio: Kamailio;
beforeAll(async () => {
  kamailio = await startKamailio({
    users: { anna: 'anna-pw', ben: 'ben-pw', carla: 'carla-pw', dora: 'dora-pw', emil: 'emil-pw', frank: 'frank-pw', gesa: 'gesa-pw', locked1: 'locked-pw' },
    lockedUsers: ['locked1'],
  });
}, 30_000);
afterAll(async () => {
  await kamailio?.stop();
});

const running: Desk[] = [];
afterEach(async () => {
  for (const desk of running.splice(0)) await desk.stop();
});

/** A vault that outlives the process, as the OS's does: what a restart finds again. */
class LastingVault implements SecretVault {
  readonly protection = 'os' as const;
  readonly secrets = new Map<string, string>();
  get(name: string) {
    return this.secrets.get(name) ?? null;
  }
  set(name: string, value: string) {
    this.secrets.set(name, value);
  }
  delete(name: string) {
    this.secrets.delete(name);
  }
}

function sharedDesk(options: { dataDir?: string; vault?: SecretVault; staySignedIn?: boolean } = {}): { desk: Desk; dataDir: string } {
  const dataDir = options.dataDir ?? tempDir();
  const configFile = path.join(dataDir, 'it-settings.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl },
      signIn: { mode: 'agent', uriTemplate: `sip:{agentId}@${kamailio.domain}`, staySignedIn: options.staySignedIn ?? true },
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
    vault: options.vault ?? new LastingVault(),
  });
  running.push(desk);
  return { desk, dataDir };
}

const ws = (desk: Desk): Workstation => {
  if (!desk.workstation) throw new Error('nobody is signed in');
  return desk.workstation;
};

async function refusal(promise: Promise<unknown>): Promise<{ key: string; params: unknown }> {
  try {
    await promise;
  } catch (error) {
    return (error as { said: { key: string; params: unknown } }).said;
  }
  throw new Error('not refused');
}

/** A training call answered, hung up and disposed with a callback: a call log entry and a callback of the agent's. */
async function workACall(w: Workstation, who: string): Promise<string> {
  const callId = w.training.placeTrainingCall({ remoteNumber: '+49 40 555 0101', remoteName: `Kunde von ${who}` });
  await w.phone.answer(callId);
  await w.phone.hangup(callId);
  w.wrapUp.recordDisposition(callId, { code: 'callback', callback: { at: systemClock.now() + 86_400_000, note: `${who}s Rückruf` } });
  return callId;
}

describe('agents signing in on a shared desk, against a real Kamailio with digest auth', () => {
  it("registers the line with the agent's own identity, and signing out unregisters it (Expires: 0)", async () => {
    const { desk, dataDir } = sharedDesk();
    await desk.start();
    expect(desk.snapshot().signIn).toMatchObject({ mode: 'agent', status: 'signedOut', agentId: null });
    // The form's snapshot is a whole one the page can render (the contract parses it).
    expect(() => snapshotSchema.parse(desk.snapshot())).not.toThrow();
    expect(await kamailio.contacts('anna')).toBe(0);

    await desk.signIn('anna', 'anna-pw', false);
    await waitFor('registered', () => ws(desk).snapshot().line.status === 'registered', 5000);
    expect(ws(desk).snapshot().line).toMatchObject({ kind: 'sip' });
    expect(desk.snapshot().signIn).toMatchObject({ status: 'signedIn', agentId: 'anna', error: null });
    // The credential check's own registration is gone: one contact, the line's.
    expect(await kamailio.contacts('anna')).toBe(1);
    expect(fs.existsSync(path.join(dataDir, AGENTS_DIR, 'anna', DATABASE_FILE))).toBe(true);

    await desk.signOut();
    expect(await kamailio.contacts('anna')).toBe(0);
    expect(kamailio.logs()).toMatch(/REGISTER of anna expires=0 /);
    expect(desk.workstation).toBeNull();
    expect(desk.snapshot().signIn).toMatchObject({ status: 'signedOut', agentId: null, error: null });
  });

  it('numbers its snapshots on across sign-in and sign-out, so the page takes every one', async () => {
    const { desk } = sharedDesk();
    const seen: number[] = [];
    desk.onState((snapshot) => seen.push(snapshot.revision));
    await desk.start();
    const form = desk.snapshot().revision;
    await desk.signIn('anna', 'anna-pw', false);
    await waitFor('registered', () => desk.snapshot().line.status === 'registered', 5000);
    const signedIn = desk.snapshot();
    // The page drops a revision not above the last it showed: the agent's must follow the form's.
    expect(signedIn.revision).toBeGreaterThan(form);
    await desk.signOut();
    expect(desk.snapshot().revision).toBeGreaterThan(signedIn.revision);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((revision, i) => i === 0 || revision > seen[i - 1]!)).toBe(true);
  });

  it('refuses a wrong password with its own message, and opens nothing of the agent', async () => {
    const { desk, dataDir } = sharedDesk();
    await desk.start();
    expect(await refusal(desk.signIn('ben', 'not-bens', false))).toEqual({ key: 'signIn.wrongPassword', params: {} });
    expect(desk.snapshot().signIn).toMatchObject({ status: 'signedOut', error: { key: 'signIn.wrongPassword' } });
    expect(desk.workstation).toBeNull();
    expect(fs.existsSync(path.join(dataDir, AGENTS_DIR, 'ben'))).toBe(false);
    expect(await kamailio.contacts('ben')).toBe(0);
    // An ID the server does not know reads the same: which IDs exist stays unsaid.
    expect(await refusal(desk.signIn('nobody', 'x', false))).toEqual({ key: 'signIn.wrongPassword', params: {} });
  });

  it('tells a locked account (403) apart from a wrong password', async () => {
    const { desk } = sharedDesk();
    await desk.start();
    expect(await refusal(desk.signIn('locked1', 'locked-pw', false))).toEqual({ key: 'signIn.locked', params: {} });
    expect(desk.snapshot().signIn.error).toEqual({ key: 'signIn.locked', params: {} });
    expect(desk.workstation).toBeNull();
  });

  it('refuses an agent ID that is no safe folder name, before asking the server', async () => {
    const { desk, dataDir } = sharedDesk();
    await desk.start();
    for (const agentId of ['../anna', 'an na', '', 'a/b', 'C:\\x', '.hidden']) {
      expect(await refusal(desk.signIn(agentId, 'x', false))).toMatchObject({ key: 'signIn.badAgentId' });
    }
    expect(fs.existsSync(path.join(dataDir, AGENTS_DIR))).toBe(false);
    expect(kamailio.logs()).not.toMatch(/REGISTER of \.\.\/anna/);
  });

  it('shows the second agent nothing of the first, and the first finds their own again', async () => {
    const { desk, dataDir } = sharedDesk();
    await desk.start();
    await desk.signIn('carla', 'carla-pw', false);
    const carlasCall = await workACall(ws(desk), 'Carla');
    expect(
      ws(desk)
        .callLog.list({ limit: 10 })
        .map((c) => c.id),
    ).toEqual([carlasCall]);
    expect(ws(desk).snapshot().callbacks).toHaveLength(1);

    // A wrap-up still open holds the sign-out: nothing of the call is lost.
    const open = ws(desk).training.placeTrainingCall({ remoteNumber: '+49 40 555 0102' });
    await ws(desk).phone.answer(open);
    expect(await refusal(desk.signOut())).toEqual({ key: 'signIn.callInProgress', params: {} });
    await ws(desk).phone.hangup(open);
    ws(desk).wrapUp.saveNote(open, 'Carlas Entwurf');
    expect(await refusal(desk.signOut())).toEqual({ key: 'signIn.callInProgress', params: {} });
    ws(desk).wrapUp.recordDisposition(open, { code: 'solved' });
    await desk.signOut();

    await desk.signIn('dora', 'dora-pw', false);
    const dora = ws(desk).snapshot();
    expect(dora.callbacks).toEqual([]);
    expect(dora.calls).toEqual([]);
    expect(dora.wrapUps).toEqual([]);
    expect(ws(desk).callLog.list({ limit: 10 })).toEqual([]);
    expect(ws(desk).callLog.count()).toBe(0);
    expect(ws(desk).callLog.search({ text: 'Carla', limit: 10 }).entries).toEqual([]);
    expect(ws(desk).dataDir).toBe(path.join(dataDir, AGENTS_DIR, 'dora'));
    await desk.signOut();

    await desk.signIn('carla', 'carla-pw', false);
    expect(
      ws(desk)
        .callLog.list({ limit: 10 })
        .map((c) => c.id),
    ).toEqual([open, carlasCall]);
    expect(ws(desk).snapshot().callbacks).toEqual([expect.objectContaining({ note: 'Carlas Rückruf' })]);
    // The agent log has the shift: Carla's first sign-in and sign-out, and this sign-in.
    expect(
      ws(desk)
        .agentLog.sessions()
        .map((s) => [s.event, s.reason]),
    ).toEqual([
      ['signIn', null],
      ['signOut', 'agent'],
      ['signIn', null],
    ]);
    expect(ws(desk).outbox.stats().pending).toBeGreaterThan(0);
  });

  it('tells the agent when the server refuses their changed password at a re-REGISTER, keeps the call, then asks them to sign in again', async () => {
    const { desk } = sharedDesk();
    await desk.start();
    await desk.signIn('emil', 'emil-pw', false);
    await waitFor('registered', () => ws(desk).snapshot().line.status === 'registered', 5000);
    const callId = ws(desk).training.placeTrainingCall({ remoteNumber: '+49 40 555 0103' });
    await ws(desk).phone.answer(callId);

    await kamailio.setPassword('emil', 'emil-new');
    ws(desk).sipLine!.refresh(); // the next re-REGISTER, now instead of in ten minutes
    await waitFor('told', () => desk.snapshot().signIn.notice?.key === 'signIn.credentialsRefused', 5000);
    expect(desk.snapshot().signIn).toMatchObject({ status: 'signedIn', agentId: 'emil' });
    expect(ws(desk).snapshot().calls).toEqual([expect.objectContaining({ id: callId, state: 'active' })]);

    const w = ws(desk);
    await w.phone.hangup(callId);
    expect(desk.workstation).toBe(w); // the wrap-up is still the agent's to finish
    w.wrapUp.recordDisposition(callId, { code: 'solved' });
    await waitFor('signed out', () => desk.snapshot().signIn.status === 'signedOut', 5000);
    expect(desk.snapshot().signIn.error).toEqual({ key: 'signIn.signedOutRefused', params: {} });
    expect(desk.workstation).toBeNull();
    // The new password works.
    await desk.signIn('emil', 'emil-new', false);
    expect(
      ws(desk)
        .agentLog.sessions()
        .map((s) => [s.event, s.reason]),
    ).toEqual([
      ['signIn', null],
      ['signOut', 'credentialsRefused'],
      ['signIn', null],
    ]);
  });

  it('restores the signed-in agent after a crash or restart without asking, when policy allows', async () => {
    const vault = new LastingVault();
    const first = sharedDesk({ vault });
    await first.desk.start();
    await first.desk.signIn('frank', 'frank-pw', true);
    expect(vault.secrets.get('signIn.password')).toBe('frank-pw');
    expect(first.desk.snapshot().signIn.notice).toBeNull();
    await first.desk.stop(); // no sign-out: the app went away

    const again = sharedDesk({ dataDir: first.dataDir, vault });
    await again.desk.start();
    expect(again.desk.snapshot().signIn).toMatchObject({ status: 'signedIn', agentId: 'frank' });
    await waitFor('registered', () => ws(again.desk).snapshot().line.status === 'registered', 5000);
    expect(ws(again.desk).agentLog.sessions()[0]).toMatchObject({ event: 'signIn', reason: 'restored' });

    // A clean sign-out forgets both the agent and the password.
    await again.desk.signOut();
    expect(vault.secrets.size).toBe(0);
    expect(fs.existsSync(path.join(first.dataDir, SIGNED_IN_FILE))).toBe(false);
    const third = sharedDesk({ dataDir: first.dataDir, vault });
    await third.desk.start();
    expect(third.desk.snapshot().signIn.status).toBe('signedOut');
  });

  it('asks again after a restart when policy does not allow staying signed in, or the vault kept nothing', async () => {
    const vault = new LastingVault();
    const first = sharedDesk({ vault, staySignedIn: false });
    await first.desk.start();
    expect(first.desk.snapshot().signIn.staySignedInOffered).toBe(false);
    await first.desk.signIn('gesa', 'gesa-pw', true); // the page cannot ask for what policy forbids
    expect(vault.secrets.size).toBe(0);
    await first.desk.stop();
    const again = sharedDesk({ dataDir: first.dataDir, vault, staySignedIn: false });
    await again.desk.start();
    expect(again.desk.snapshot().signIn.status).toBe('signedOut');

    // A memory vault: the agent is told at sign-in that a restart will ask again.
    const memory = sharedDesk({ vault: new MemoryVault() });
    await memory.desk.start();
    await memory.desk.signIn('gesa', 'gesa-pw', true);
    expect(memory.desk.snapshot().signIn.notice).toEqual({ key: 'signIn.restoreNeedsPassword', params: {} });
    await memory.desk.stop();
    const restarted = sharedDesk({ dataDir: memory.dataDir, vault: new MemoryVault() });
    await restarted.desk.start();
    expect(restarted.desk.snapshot().signIn.status).toBe('signedOut');
  });

  it('refuses workstation commands through the Dispatcher while nobody is signed in, and signs in through it', async () => {
    const { desk } = sharedDesk();
    await desk.start();
    const api = new Dispatcher(desk);
    expect(await api.handle('callLog:list', { limit: 10 })).toMatchObject({ ok: false, error: { said: { key: 'signIn.required' } } });
    expect(await api.handle('app:snapshot', {})).toMatchObject({ ok: true, result: { signIn: { status: 'signedOut' }, calls: [], callbacks: [] } });
    expect(await api.handle('signIn:submit', { agentId: 'anna', password: 'wrong', staySignedIn: false })).toMatchObject({
      ok: false,
      error: { said: { key: 'signIn.wrongPassword' } },
    });
    expect(await api.handle('signIn:submit', { agentId: 'anna', password: 'anna-pw', staySignedIn: false })).toEqual({ ok: true, result: { ok: true } });
    expect(await api.handle('callLog:list', { limit: 10 })).toMatchObject({ ok: true, result: { entries: [] } });
    expect(await api.handle('signIn:signOut', {})).toEqual({ ok: true, result: { ok: true } });
  });
});
