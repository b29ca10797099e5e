import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftCheckView } from '../../src-main/contract';
import { lastShiftChecks } from '../../src-main/core/store/shift-checks';
import { Workstation } from '../../src-main/core/workstation';
import { startCoturn, type Coturn } from '../support/coturn';
import { FarEnd } from '../support/far-end';
import { DEFAULT_SIP_USERS, startKamailio, type Kamailio } from '../support/kamailio';
import { waitFor } from '../support/wrtc-media';
import { agentSip, startWorkstationAgent, type TestAgent } from '../support/workstation-agent';

// The network and echo items for real: a Kamailio on loopback, coturn as STUN and TURN server,
// the agent's media on wrtc, and a far end that plays the PBX's echo service.

let kamailio: Kamailio;
let coturn: Coturn;
let echo: FarEnd;
let brokenEcho: FarEnd;
let announcement: FarEnd;
beforeAll(async () => {
  kamailio = await startKamailio({ users: { ...DEFAULT_SIP_USERS, echo: 'secret-e', deadecho: 'secret-d', announce: 'secret-a' } });
  coturn = await startCoturn();
  echo = await FarEnd.start({ kamailio, user: 'echo', echo: true });
  brokenEcho = await FarEnd.start({ kamailio, user: 'deadecho', echo: 'silent' });
  // Not an echo: it plays its tone whatever the agent does (an IVR prompt, music on hold).
  announcement = await FarEnd.start({ kamailio, user: 'announce' });
}, 30_000);
afterAll(async () => {
  await echo?.stop();
  await brokenEcho?.stop();
  await announcement?.stop();
  await coturn?.stop();
  await kamailio?.stop();
});

const agents: TestAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop();
});

async function startAgent(shiftCheck: Record<string, unknown>, sip: Record<string, unknown> = {}): Promise<TestAgent> {
  const agent = await startWorkstationAgent({ shiftCheck, sip: { ...agentSip(kamailio), ...sip } });
  agents.push(agent);
  return agent;
}

/** Answers the next call that reaches `far` (the echo service picks up at once). */
async function pickUp(far: FarEnd): Promise<void> {
  const call = await far.waitForIncoming(10_000);
  await call.answer();
}

async function finished(ws: Workstation): Promise<NonNullable<ShiftCheckView['run']>> {
  await waitFor('the check to finish', () => ws.snapshot().shiftCheck.run?.state === 'done', 20_000);
  return ws.snapshot().shiftCheck.run!;
}

describe('the pre-shift check on the SIP line', () => {
  it('reaches the SIP server, a STUN server and a TURN server (an allocation with the credentials), with round-trip times', async () => {
    const turnUrl = `turn:127.0.0.1:${coturn.port}?transport=udp`;
    const stunUrl = `stun:127.0.0.1:${coturn.port}`;
    const { ws, logs } = await startAgent(
      { mode: 'offered', items: ['network'] },
      { iceServers: [{ urls: stunUrl }, { urls: turnUrl, username: coturn.username, credential: coturn.password }] },
    );
    ws.shiftCheck.start(false);
    const run = await finished(ws);
    expect(run.items).toEqual([{ id: 'network', status: 'pass', reason: 'ok', detail: null }]);
    expect(run.network).toEqual([
      expect.objectContaining({ kind: 'sip', target: kamailio.wsUrl, ok: true, method: 'registration' }),
      expect.objectContaining({ kind: 'stun', target: stunUrl, ok: true, method: 'binding', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) }),
      expect.objectContaining({ kind: 'turn', target: turnUrl, ok: true, method: 'allocation', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) }),
    ]);
    expect(run.network[1]!.rttMs).toBeGreaterThan(0);
    expect(run.network[2]!.rttMs).toBeGreaterThan(0);
    // The log line names the servers and times, never the TURN credential.
    const line = logs.find((l) => l.message === 'workstation check');
    expect(line?.fields).toMatchObject({ passed: true, items: { network: 'pass:ok' } });
    expect(JSON.stringify(line)).not.toContain(coturn.password);
    expect(JSON.stringify(ws.snapshot())).not.toContain(coturn.password);
  }, 30_000);

  it('fails the network item when the TURN credential is wrong, and says the TURN server refused it', async () => {
    const turnUrl = `turn:127.0.0.1:${coturn.port}?transport=udp`;
    const { ws } = await startAgent(
      { mode: 'offered', items: ['network'] },
      { iceServers: [{ urls: turnUrl, username: coturn.username, credential: 'not-the-password' }] },
    );
    ws.shiftCheck.start(false);
    const run = await finished(ws);
    expect(run.items[0]).toMatchObject({ status: 'fail', reason: 'turnRefused', detail: expect.stringContaining('401') });
    expect(run.passed).toBe(false);
  }, 30_000);

  it("calls the echo extension, passes when the agent's own audio comes back, hangs up, and logs no call", async () => {
    const { ws, media } = await startAgent({ mode: 'required', items: ['echo'], echoExtension: 'echo' });
    expect(() => ws.agent.setState('ready')).toThrow(/required/);
    const answered = pickUp(echo);
    ws.shiftCheck.start(false);
    await answered;
    const run = await finished(ws);
    expect(run.items).toEqual([expect.objectContaining({ id: 'echo', status: 'pass', reason: 'echoed' })]);
    expect(echo.echo!.framesEchoed).toBeGreaterThan(0);
    // Hung up, and never a call: not on screen, not in the call log, nothing to sync.
    await waitFor('the echo call ended', () => echo.calls.at(-1)?.end !== undefined, 5000);
    expect(ws.snapshot().calls).toEqual([]);
    expect(ws.callLog.count()).toBe(0);
    expect(ws.outbox.pending(100).filter((row) => row.topic.startsWith('call'))).toEqual([]);
    expect(media.end.peerCount).toBe(0);
    ws.agent.setState('ready');
    expect(ws.snapshot().agent.state).toBe('ready');
    expect(lastShiftChecks(ws.db, 1)[0]).toMatchObject({ passed: true });
  }, 40_000);

  it('fails the echo item when the call is answered but nothing comes back', async () => {
    const { ws } = await startAgent({ mode: 'offered', items: ['echo'], echoExtension: 'deadecho' });
    const answered = pickUp(brokenEcho);
    ws.shiftCheck.start(false);
    await answered;
    const run = await finished(ws);
    expect(run.items[0]).toMatchObject({ id: 'echo', status: 'fail', reason: 'noEcho' });
    expect(ws.callLog.count()).toBe(0);
  }, 40_000);

  it('fails the echo item when what answers is not an echo: its audio goes on while the agent is muted', async () => {
    const { ws } = await startAgent({ mode: 'offered', items: ['echo'], echoExtension: 'announce' });
    const answered = pickUp(announcement);
    ws.shiftCheck.start(false);
    await answered;
    const run = await finished(ws);
    expect(run.items[0]).toMatchObject({ id: 'echo', status: 'fail', reason: 'notEcho' });
  }, 40_000);
});
