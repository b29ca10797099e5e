import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src-main/contract';
import { flush, makeWorkstation } from '../support/workstation';
import { tempDir } from '../support/temp';

describe('a training call through the real workstation', () => {
  it('rings, is answered, is hung up by the agent, and lands in the call log', async () => {
    const { ws, clock } = makeWorkstation();
    const snapshots: Snapshot[] = [];
    ws.onState((s) => snapshots.push(s));
    await ws.start();
    expect(ws.snapshot().line).toMatchObject({ kind: 'training', status: 'ready' });

    const ringAt = clock.now();
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 40 555 0101', ivr: { client: 'Stadtwerke Nord', campaign: 'Störung' } });
    await flush();
    const ringing = snapshots.at(-1)!;
    expect(ringing.calls).toEqual([
      expect.objectContaining({ id: callId, state: 'ringing', remoteNumber: '+49 40 555 0101', client: 'Stadtwerke Nord', line: 'training' }),
    ]);

    clock.advance(4000);
    await ws.phone.answer(callId);
    await flush();
    expect(snapshots.at(-1)!.calls[0]).toMatchObject({ state: 'active', answerAt: ringAt + 4000 });

    clock.advance(61_000);
    await ws.phone.hangup(callId);
    await flush();
    expect(snapshots.at(-1)!.calls).toEqual([]);
    expect(snapshots.map((s) => s.revision)).toEqual([...snapshots.map((s) => s.revision)].sort((a, b) => a - b));

    const [entry] = ws.callLog.list({ limit: 10 });
    expect(entry).toMatchObject({
      id: callId,
      line: 'training',
      direction: 'inbound',
      remoteNumber: '+49 40 555 0101',
      client: 'Stadtwerke Nord',
      campaign: 'Störung',
      ringAt,
      answerAt: ringAt + 4000,
      endAt: ringAt + 65_000,
      endCause: 'completed',
      endedBy: 'agent',
    });
    await ws.stop();
  });

  it('logs a missed call when the simulated caller gives up', async () => {
    const { ws, clock } = makeWorkstation();
    await ws.start();
    const callId = ws.training.placeTrainingCall({});
    clock.advance(ws.settings.get().training.ringTimeoutSeconds * 1000);
    expect(ws.phone.currentCalls()).toEqual([]);
    expect(ws.callLog.get(callId)).toMatchObject({ answerAt: null, endCause: 'missed', endedBy: 'remote' });
    await ws.stop();
  });

  it('logs a rejected call and refuses to answer it afterwards', async () => {
    const { ws } = makeWorkstation();
    await ws.start();
    const callId = ws.training.placeTrainingCall({});
    await ws.phone.reject(callId);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'rejected', endedBy: 'agent' });
    await expect(ws.phone.answer(callId)).rejects.toThrow(/no such call/);
    await ws.stop();
  });

  it('a caller with talkSeconds hangs up by themselves after talking', async () => {
    const { ws, clock } = makeWorkstation();
    await ws.start();
    // The built-in scenario's fifth call has talkSeconds: 90.
    for (let i = 0; i < 4; i++) await ws.phone.reject(ws.training.placeTrainingCall({}));
    const callId = ws.training.placeTrainingCall({});
    await ws.phone.answer(callId);
    clock.advance(90_000);
    expect(ws.callLog.get(callId)).toMatchObject({ endCause: 'completed', endedBy: 'remote' });
    await ws.stop();
  });

  it('closes a call left open by a run that was killed, as failed, on the next start', async () => {
    const dataDir = tempDir();
    const first = makeWorkstation({ dataDir });
    await first.ws.start();
    const callId = first.ws.training.placeTrainingCall({});
    await first.ws.phone.answer(callId);
    first.ws.db.close(); // the process dies: no orderly stop

    const second = makeWorkstation({ dataDir });
    await second.ws.start();
    expect(second.ws.callLog.get(callId)).toMatchObject({ endCause: 'failed', endedBy: 'system' });
    expect(second.ws.callLog.get(callId)?.answerAt).not.toBeNull();
    await second.ws.stop();
  });
});

describe('the scenario runner', () => {
  it('places calls with their delays, only to a ready and free agent', async () => {
    const { ws, clock } = makeWorkstation();
    await ws.start();
    ws.scenario.start();
    expect(ws.phone.currentCalls()).toHaveLength(0);
    clock.advance(2000); // first call: delaySeconds 2
    expect(ws.phone.currentCalls()).toHaveLength(1);
    const first = ws.phone.currentCalls()[0]!;
    expect(first.client).toBe('Stadtwerke Nord');

    ws.agent.setState('notReady');
    await ws.phone.answer(first.id);
    await ws.phone.hangup(first.id);
    ws.wrapUp.recordDisposition(first.id, { code: 'solved' });
    clock.advance(60_000); // agent not ready: nothing rings
    expect(ws.phone.currentCalls()).toHaveLength(0);

    ws.agent.setState('ready');
    clock.advance(4999);
    expect(ws.phone.currentCalls()).toHaveLength(0);
    clock.advance(1); // second call: delaySeconds 5
    expect(ws.phone.currentCalls()[0]).toMatchObject({ client: 'Alpenfunk Mobil', remoteName: 'Olivia Bennett' });
    expect(ws.scenario.view()).toMatchObject({ running: true, placed: 2, scenarioCalls: 5 });

    ws.scenario.stop();
    await ws.phone.hangup(ws.phone.currentCalls()[0]!.id);
    clock.advance(600_000);
    expect(ws.phone.currentCalls()).toHaveLength(0);
    await ws.stop();
  });
});

describe('a full disk', () => {
  it('keeps the call ringing, tells the agent, and loses nothing already stored', async () => {
    const { ws } = makeWorkstation();
    await ws.start();
    const saved = ws.training.placeTrainingCall({});
    await ws.phone.reject(saved);
    const notices: string[] = [];
    ws.onNotice((n) => notices.push(n.message));
    const pages = ws.db.pragma('page_count', { simple: true }) as number;
    ws.db.pragma(`max_page_count = ${pages}`);
    for (let i = 0; i < 50 && notices.length === 0; i++) await ws.phone.reject(ws.training.placeTrainingCall({ ivr: { concern: 'x'.repeat(200) } }));
    expect(notices[0]).toContain('The disk is full');
    const callId = ws.training.placeTrainingCall({ ivr: { concern: 'y'.repeat(200) } });
    expect(notices.length).toBeGreaterThan(1);
    expect(ws.phone.currentCalls().some((c) => c.id === callId && c.state === 'ringing')).toBe(true);
    expect(ws.callLog.get(saved)).toMatchObject({ endCause: 'rejected' });
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await ws.phone.answer(callId);
    expect(ws.phone.currentCalls()[0]?.state).toBe('active');
    await ws.stop();
  });
});
