import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShiftCheckItemId, ShiftCheckView } from '../../src-main/contract';
import type { Logger } from '../../src-main/core/log';
import { lastShiftChecks } from '../../src-main/core/store/shift-checks';
import type { Workstation } from '../../src-main/core/workstation';
import { BW, blackwire3220, FakeHidPort } from '../support/fake-hid';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';
import { flush, makeWorkstation } from '../support/workstation';
import { createWrtcMediaEnd } from '../support/wrtc-media';

// The pre-shift check on a real workstation (SQLite file, settings file), a real media end on
// wrtc whose microphone meter reads what the test's "voice" says, and a headset fed its real
// descriptor. The SIP parts (network, echo call) are in shift-check-sip.test.ts.

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Desk {
  ws: Workstation;
  clock: ManualClock;
  dataDir: string;
  voice: { level: number };
  tones: { sinkId: string | null; volume: number }[];
  headset: ReturnType<typeof blackwire3220> | null;
  logs: { level: string; message: string; fields?: Record<string, unknown> }[];
}

async function desk(
  shiftCheck: Record<string, unknown>,
  options: { dataDir?: string; clock?: ManualClock; headset?: boolean; audio?: Record<string, unknown> } = {},
): Promise<Desk> {
  const dataDir = options.dataDir ?? tempDir();
  const configFile = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(configFile, JSON.stringify({ shiftCheck, ...(options.audio ? { audio: options.audio } : {}) }));
  const port = new FakeHidPort();
  const headset = options.headset === false ? null : blackwire3220();
  if (headset) port.plug(headset);
  const logs: Desk['logs'] = [];
  const logger: Logger = { log: (level, message, fields) => void logs.push({ level, message, ...(fields ? { fields } : {}) }) };
  const { ws, clock } = makeWorkstation({ dataDir, configFile, hid: port, logger, ...(options.clock ? { clock: options.clock } : {}) });
  await ws.start();
  cleanups.push(() => ws.stop());
  const voice = { level: 0 };
  const media = createWrtcMediaEnd(440, { meterMicrophone: () => ({ level: () => voice.level, stop: () => undefined }) });
  cleanups.push(() => media.close());
  ws.media.attach(media.channel);
  await ws.headsets?.scan();
  headset?.send(BW.idle);
  return { ws, clock, dataDir, voice, tones: media.tones, headset, logs };
}

/** Moves the test clock on (the check's polls and waits run on it) until `done`, within 10 s of real time. */
async function drive(d: Desk, what: string, done: (view: ShiftCheckView) => boolean): Promise<ShiftCheckView> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await flush();
    const view = d.ws.shiftCheck.view();
    if (done(view)) return view;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(view.run?.items)}`);
    d.clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const itemOf = (view: ShiftCheckView, id: ShiftCheckItemId) => view.run?.items.find((item) => item.id === id);
const waitingOn = (id: ShiftCheckItemId) => (view: ShiftCheckView) => itemOf(view, id)?.status === 'waiting';

describe('the pre-shift check', () => {
  it('when required, keeps the agent from Ready until every item passed: microphone, tones, headset buttons and LEDs', async () => {
    const d = await desk({ mode: 'required', items: ['network', 'microphone', 'speaker', 'ring', 'headset', 'echo'] }, { audio: { ringVolume: 60 } });
    // Due at the start of the shift: no calls before the check.
    expect(d.ws.snapshot().shiftCheck).toMatchObject({ mode: 'required', due: true, run: null });
    expect(d.ws.snapshot().agent.chosen).toBe('notReady');
    expect(() => d.ws.agent.setState('ready')).toThrow(/workstation check is required before you go Ready/);

    d.ws.shiftCheck.start(false);
    // No SIP account, no STUN servers: nothing to reach; no echo extension: no echo call.
    let view = await drive(d, 'the microphone listening', waitingOn('microphone'));
    expect(itemOf(view, 'network')).toMatchObject({ status: 'skipped', reason: 'notApplicable' });
    d.voice.level = 0.35; // the agent says something
    view = await drive(d, 'the microphone heard', (v) => itemOf(v, 'microphone')?.status === 'pass');
    expect(itemOf(view, 'microphone')?.reason).toBe('heard');

    view = await drive(d, 'the speaker tone', waitingOn('speaker'));
    expect(d.tones).toEqual([{ sinkId: null, volume: 0.8 }]);
    d.ws.shiftCheck.answer({ kind: 'replay', item: 'speaker' });
    await drive(d, 'the tone again', () => d.tones.length === 2);
    d.ws.shiftCheck.answer({ kind: 'heard', item: 'speaker', heard: true });
    await drive(d, 'the ring tone', waitingOn('ring'));
    expect(d.tones.at(-1)).toEqual({ sinkId: null, volume: 0.6 });
    d.ws.shiftCheck.answer({ kind: 'heard', item: 'ring', heard: true });

    view = await drive(d, 'the headset buttons', waitingOn('headset'));
    expect(view.run?.headset).toMatchObject({
      name: 'Plantronics Blackwire 3220 Series',
      buttons: [
        { name: 'hookSwitch', pressed: false },
        { name: 'phoneMute', pressed: false },
        { name: 'flash', pressed: false },
      ],
    });
    d.headset!.send(BW.offHook);
    d.headset!.send(BW.offHookMute);
    d.headset!.send(BW.offHookFlash);
    view = await drive(d, 'the first LED lit', (v) => v.run?.headset?.lit !== null && v.run?.headset?.lit !== undefined);
    expect(view.run?.headset?.buttons.every((b) => b.pressed)).toBe(true);
    // Each LED alone, in turn; the agent says whether it lights.
    const leds = view.run!.headset!.leds.map((led) => led.name);
    expect(leds).toEqual(expect.arrayContaining(['offHook', 'ring', 'mute', 'hold']));
    for (const led of leds) {
      await drive(d, `LED ${led}`, (v) => v.run?.headset?.lit === led);
      const id = { offHook: BW.offHookLed, ring: BW.ringLed, mute: BW.muteLed, hold: BW.holdLed }[led as 'offHook'];
      if (id !== undefined) expect(d.headset!.lastWritten(id)).toEqual([id, 1]);
      d.ws.shiftCheck.answer({ kind: 'led', seen: true });
    }
    view = await drive(d, 'the end', (v) => v.run?.state === 'done');
    expect(view.run?.items.map((item) => [item.id, item.status, item.reason])).toEqual([
      ['network', 'skipped', 'notApplicable'],
      ['microphone', 'pass', 'heard'],
      ['speaker', 'pass', 'heard'],
      ['ring', 'pass', 'heard'],
      ['headset', 'pass', 'ok'],
      ['echo', 'skipped', 'notApplicable'],
    ]);
    expect(view).toMatchObject({ due: false, last: { passed: true } });
    expect(view.run?.passed).toBe(true);
    // The headset is the calls' again: every LED dark, as idle.
    expect(d.headset!.lastWritten(BW.offHookLed)).toEqual([BW.offHookLed, 0]);

    d.ws.agent.setState('ready');
    expect(d.ws.snapshot().agent.state).toBe('ready');
    // Kept for the support bundle, and logged as one line.
    expect(lastShiftChecks(d.ws.db, 5)).toEqual([expect.objectContaining({ passed: true, items: view.run!.items })]);
    const lines = d.logs.filter((line) => line.message === 'workstation check');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields).toMatchObject({ passed: true, items: { microphone: 'pass:heard', headset: 'pass:ok', echo: 'skipped:notApplicable' } });
  }, 30_000);

  it('fails a silent microphone and a tone the agent did not hear, says why, and still refuses Ready', async () => {
    const d = await desk({ mode: 'required', items: ['microphone', 'ring'] });
    d.ws.shiftCheck.start(false);
    const view1 = await drive(d, 'the microphone verdict', (v) => ['pass', 'fail'].includes(itemOf(v, 'microphone')?.status ?? ''));
    expect(itemOf(view1, 'microphone')).toMatchObject({ status: 'fail', reason: 'silent' });
    await drive(d, 'the ring tone', waitingOn('ring'));
    d.ws.shiftCheck.answer({ kind: 'heard', item: 'ring', heard: false });
    const view = await drive(d, 'the end', (v) => v.run?.state === 'done');
    expect(itemOf(view, 'ring')).toMatchObject({ status: 'fail', reason: 'notHeard' });
    expect(view).toMatchObject({ due: true, last: { passed: false } });
    expect(() => d.ws.agent.setState('ready')).toThrow(/required before you go Ready/);
    expect(lastShiftChecks(d.ws.db, 1)[0]).toMatchObject({ passed: false });
  }, 30_000);

  it('without a headset passes saying so, unless IT requires one', async () => {
    const free = await desk({ mode: 'offered', items: ['headset'] }, { headset: false });
    free.ws.shiftCheck.start(false);
    expect(itemOf(await drive(free, 'done', (v) => v.run?.state === 'done'), 'headset')).toMatchObject({ status: 'pass', reason: 'noHeadset' });
    const strict = await desk({ mode: 'offered', items: ['headset'], headsetRequired: true }, { headset: false });
    strict.ws.shiftCheck.start(false);
    expect(itemOf(await drive(strict, 'done', (v) => v.run?.state === 'done'), 'headset')).toMatchObject({ status: 'fail', reason: 'headsetRequired' });
  }, 30_000);

  it('a check passed today counts after a restart the same day (every: day), but not per app start', async () => {
    const clock = new ManualClock(new Date(2026, 11, 3, 8, 0).getTime());
    const first = await desk({ mode: 'required', every: 'day', items: ['ring'] }, { clock, headset: false });
    first.ws.shiftCheck.start(false);
    await drive(first, 'the ring tone', waitingOn('ring'));
    first.ws.shiftCheck.answer({ kind: 'heard', item: 'ring', heard: true });
    await drive(first, 'done', (v) => v.run?.state === 'done');
    await first.ws.stop();

    clock.advance(60 * 60 * 1000);
    const sameDay = await desk({ mode: 'required', every: 'day', items: ['ring'] }, { clock, dataDir: first.dataDir, headset: false });
    expect(sameDay.ws.snapshot().shiftCheck.due).toBe(false);
    // A restart comes back not ready ("restarted", issue 17), and Ready is not refused: today's check counts.
    expect(sameDay.ws.agent.view).toMatchObject({ chosen: 'notReady', reason: { code: 'restarted' } });
    sameDay.ws.agent.setState('ready');
    expect(sameDay.ws.agent.view.chosen).toBe('ready');
    await sameDay.ws.stop();

    const perStart = await desk({ mode: 'required', every: 'appStart', items: ['ring'] }, { clock, dataDir: first.dataDir, headset: false });
    expect(perStart.ws.snapshot().shiftCheck.due).toBe(true);
    await perStart.ws.stop();

    clock.advance(24 * 60 * 60 * 1000);
    const nextDay = await desk({ mode: 'required', every: 'day', items: ['ring'] }, { clock, dataDir: first.dataDir, headset: false });
    expect(nextDay.ws.snapshot().shiftCheck.due).toBe(true);
  }, 30_000);

  it('a call that comes in stops the check at once; the call is not touched', async () => {
    const d = await desk({ mode: 'offered', items: ['speaker', 'ring'] }, { headset: false });
    d.ws.shiftCheck.start(false);
    await drive(d, 'the speaker tone', waitingOn('speaker'));
    const callId = d.ws.training.placeTrainingCall({ remoteNumber: '+49 40 555 0101' });
    await d.ws.phone.answer(callId);
    const view = await drive(d, 'stopped', (v) => v.run?.state === 'done');
    expect(view.run?.items.map((item) => [item.id, item.status, item.reason])).toEqual([
      ['speaker', 'skipped', 'interrupted'],
      ['ring', 'skipped', 'interrupted'],
    ]);
    expect(d.ws.snapshot().calls[0]).toMatchObject({ id: callId, state: 'active' });
    expect(() => d.ws.shiftCheck.start(true)).toThrow(/Finish the call/);
  }, 30_000);
});

describe('the pre-shift check on a media end that cannot measure the microphone', () => {
  it('fails the microphone rather than letting an unheard one through', async () => {
    const dataDir = tempDir();
    const configFile = path.join(dataDir, 'anlauf.json');
    fs.writeFileSync(configFile, JSON.stringify({ shiftCheck: { mode: 'required', items: ['microphone'] } }));
    const { ws, clock } = makeWorkstation({ dataDir, configFile });
    await ws.start();
    cleanups.push(() => ws.stop());
    // No meter: the level reads null, as a browser page's suspended audio context does.
    const media = createWrtcMediaEnd(440);
    cleanups.push(() => media.close());
    ws.media.attach(media.channel);
    ws.shiftCheck.start(false);
    const view = await drive({ ws, clock } as Desk, 'the verdict', (v) => v.run?.state === 'done');
    expect(itemOf(view, 'microphone')).toMatchObject({ status: 'fail', reason: 'noMeter' });
    expect(view.due).toBe(true);
  }, 30_000);
});
