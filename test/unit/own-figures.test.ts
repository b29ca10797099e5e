import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentState } from '../../src-main/contract';
import { dayStartOf, OwnFiguresService } from '../../src-main/core/agent/own-figures';
import { AgentLogRepository } from '../../src-main/core/store/agent-log';
import { CallLogRepository } from '../../src-main/core/store/call-log';
import { openDatabase } from '../../src-main/core/store/database';
import { OwnFiguresRepository } from '../../src-main/core/store/own-figures';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';
import { flush, makeWorkstation } from '../support/workstation';

const MIN = 60_000;
const HOUR = 60 * MIN;
// A working day in this computer's time zone, as the agent lives it.
const day = dayStartOf(Date.UTC(2026, 10, 26, 12, 0, 0));
const at = (hours: number, minutes = 0, seconds = 0) => day + hours * HOUR + minutes * MIN + seconds * 1000;

let close: (() => void) | null = null;
afterEach(() => close?.());

/** A desk whose app started at `start` (in Ready, which the log never has a row for). */
function desk(start: number) {
  const now = start;
  const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
  close = () => db.close();
  const clock = new ManualClock(now);
  const callLog = new CallLogRepository(db);
  const agentLog = new AgentLogRepository(db);
  let current: { state: AgentState; since: number } = { state: 'ready', since: now };
  const figures = new OwnFiguresService(new OwnFiguresRepository(db), clock, () => current);
  const change = (state: AgentState, previous: AgentState, when: number) => {
    agentLog.recordChange(state, previous, when);
    current = { state, since: when };
  };
  let n = 0;
  const call = (times: { ring: number; answer?: number; end?: number; wrapUp?: number; line?: 'sip' | 'training' }) => {
    const id = `call-${++n}`;
    callLog.recordRinging({
      id,
      line: times.line ?? 'sip',
      direction: 'inbound',
      remoteNumber: '+49 40 1234',
      remoteName: null,
      dialedNumber: null,
      client: null,
      campaign: null,
      ivr: {},
      ringAt: times.ring,
    });
    if (times.answer !== undefined) callLog.recordAnswered(id, times.answer);
    if (times.end !== undefined) callLog.recordEnded(id, times.end, times.answer !== undefined ? 'completed' : 'missed', 'remote');
    if (times.wrapUp !== undefined) {
      callLog.beginWrapUp(id);
      callLog.recordWrapUp(id, { code: 'solved', label: 'Solved', note: null, answers: [], at: times.wrapUp });
    }
  };
  return { clock, figures, change, call };
}

describe("the agent's own figures for today", () => {
  it("count today's answered calls, average talk and wrap-up, and the time in each state, from a real call log and agent log", () => {
    // The app started at 07:59 this morning, in Ready; the rows before are from its last run.
    const { clock, figures, change, call } = desk(at(7, 59));
    // Yesterday: a call, and Ready from 23:50 — which counts from midnight only.
    call({ ring: at(-2), answer: at(-2, 0, 5), end: at(-1, 50), wrapUp: at(-1, 51) });
    change('ready', 'notReady', at(-1, 50));
    change('notReady', 'ready', at(0, 10));
    // The app was closed some time after 00:10, so Not ready ends at a time the log does not know:
    // the night is no state. From 07:59 the agent was Ready until the first call.
    change('onCall', 'ready', at(8));
    change('wrapUp', 'onCall', at(8, 5));
    change('ready', 'wrapUp', at(8, 6));
    change('onCall', 'ready', at(8, 10));
    change('wrapUp', 'onCall', at(8, 12));
    change('notReady', 'wrapUp', at(8, 12, 30));
    call({ ring: at(7, 59, 50), answer: at(8), end: at(8, 5), wrapUp: at(8, 6) });
    call({ ring: at(8, 9, 55), answer: at(8, 10), end: at(8, 12), wrapUp: at(8, 12, 30) });
    // Neither a missed call nor a rehearsal on the training line is the agent's work.
    call({ ring: at(8, 13), end: at(8, 13, 30) });
    call({ ring: at(8, 14), answer: at(8, 14, 5), end: at(8, 15), line: 'training' });
    clock.advance(at(8, 20) - clock.now());

    expect(figures.view()).toEqual({
      asOf: clock.now(),
      dayStart: day,
      calls: 2,
      averageTalkSeconds: 210,
      averageWrapUpSeconds: 45,
      stateSeconds: { ready: 600 + 60 + 240, notReady: 450, onCall: 300 + 120, wrapUp: 60 + 30 },
    });
  });

  it('keep their count until a call or the state changes, and start afresh on a new day', () => {
    const { clock, figures, change, call } = desk(at(9));
    change('onCall', 'ready', at(9));
    clock.advance(2 * MIN);
    const first = figures.view();
    expect(first.stateSeconds.onCall).toBe(120);

    // A change the Workstation did not announce yet is not counted: snapshots reuse the figures.
    change('wrapUp', 'onCall', clock.now());
    call({ ring: at(8, 59, 55), answer: at(9), end: clock.now() });
    clock.advance(MIN);
    expect(figures.view()).toBe(first);

    figures.invalidate();
    expect(figures.view()).toMatchObject({ calls: 1, averageTalkSeconds: 120, stateSeconds: { onCall: 120, wrapUp: 60 } });

    // At midnight the figures are counted afresh by themselves, for the snapshot that follows.
    let recounted = 0;
    figures.onDidChange(() => recounted++);
    clock.advance(dayStartOf(at(30)) - clock.now() - 1);
    expect(recounted).toBe(0);
    clock.advance(1);
    expect(recounted).toBe(1);
    // The new day's figures start at nought; the wrap-up still running counts from midnight.
    clock.advance(HOUR);
    expect(figures.view()).toMatchObject({ dayStart: dayStartOf(clock.now()), calls: 0, averageTalkSeconds: null, averageWrapUpSeconds: null });
    expect(figures.view().stateSeconds.wrapUp).toBe(Math.round((clock.now() - dayStartOf(clock.now())) / 1000));
  });

  it('count the state the app started in, which the log has no row for, up to its first change', () => {
    const { clock, figures, change } = desk(at(9, 30));
    clock.advance(30 * MIN);
    expect(figures.view().stateSeconds).toEqual({ ready: 1800, notReady: 0, onCall: 0, wrapUp: 0 });
    change('notReady', 'ready', clock.now());
    clock.advance(5 * MIN);
    figures.invalidate();
    expect(figures.view().stateSeconds).toEqual({ ready: 1800, notReady: 300, onCall: 0, wrapUp: 0 });
  });
});

describe("the agent's own figures through the real workstation", () => {
  it('follow the agent from Ready to a call, its wrap-up and back, in every snapshot', async () => {
    const { ws, clock } = makeWorkstation();
    await ws.start();
    const figures = () => ws.snapshot().figures;
    expect(figures().stateSeconds).toEqual({ ready: 0, notReady: 0, onCall: 0, wrapUp: 0 });

    clock.advance(30_000);
    const callId = ws.training.placeTrainingCall({});
    clock.advance(4_000);
    await ws.phone.answer(callId);
    await flush();
    expect(figures()).toMatchObject({ asOf: clock.now(), stateSeconds: { ready: 34, onCall: 0 } });

    clock.advance(60_000);
    await ws.phone.hangup(callId);
    await flush();
    expect(ws.snapshot().agent.state).toBe('wrapUp');
    // A rehearsal on the training line is time on a call, but not one of the day's calls.
    expect(figures()).toMatchObject({ calls: 0, averageTalkSeconds: null, stateSeconds: { ready: 34, onCall: 60, wrapUp: 0 } });

    clock.advance(20_000);
    ws.wrapUp.recordDisposition(callId, { code: 'solved' });
    await flush();
    expect(ws.snapshot().agent.state).toBe('ready');
    expect(figures()).toMatchObject({ asOf: clock.now(), stateSeconds: { ready: 34, onCall: 60, wrapUp: 20 } });
    await ws.stop();
  });
});
