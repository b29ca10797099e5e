import { describe, expect, it } from 'vitest';
import {
  ACK_TIMEOUT_MS,
  ECHO_WINDOW_MS,
  HeadsetModel,
  headsetCallState,
  IDLE_CALL_STATE,
  type HeadsetCallState,
  type HeadsetModelDeps,
} from '../../src-main/core/headset/device-model';
import { defaultHoldPolicy } from '../../src-main/core/headset/hold-policy';
import type { TelephonyLayout } from '../../src-main/core/headset/layout';
import { buildOutputReport, readField, writeField } from '../../src-main/core/headset/reports';
import { ManualClock } from '../support/manual-clock';

// Hand-built layouts after the devices of the reference (§2, §5).

/** Poly-like: numbered reports; in 2: hook switch (absolute), mute (relative), flash, redial; out 3: LEDs + neighbours. */
const poly: TelephonyLayout = {
  telephony: true,
  inputs: {
    hookSwitch: { reportId: 2, bit: 0, size: 1, encoding: 'state' },
    phoneMute: { reportId: 2, bit: 1, size: 1, encoding: 'toggle' },
    flash: { reportId: 2, bit: 2, size: 1, encoding: 'momentary' },
    redial: { reportId: 2, bit: 3, size: 1, encoding: 'momentary' },
  },
  outputs: {
    offHook: { reportId: 3, bit: 0, size: 1 },
    ring: { reportId: 3, bit: 1, size: 1 },
    mute: { reportId: 3, bit: 2, size: 1 },
    hold: { reportId: 3, bit: 3, size: 1 },
    onLine: { reportId: 3, bit: 8, size: 1 },
  },
  reportLengths: { input: { '2': 1 }, output: { '3': 2 } },
};

/** Jabra/Anker-like (PowerConf bit order, §5.5): in 2: hook, line busy, mute, Button 7; out 2 (2 bytes). */
const jabra: TelephonyLayout = {
  telephony: true,
  inputs: {
    hookSwitch: { reportId: 2, bit: 0, size: 1, encoding: 'state' },
    lineBusy: { reportId: 2, bit: 1, size: 1, encoding: 'state' },
    phoneMute: { reportId: 2, bit: 2, size: 1, encoding: 'toggle' },
    reject: { reportId: 2, bit: 3, size: 1, encoding: 'momentary' },
  },
  outputs: {
    offHook: { reportId: 2, bit: 0, size: 1 },
    mute: { reportId: 2, bit: 1, size: 1 },
    ring: { reportId: 2, bit: 2, size: 1 },
    hold: { reportId: 2, bit: 3, size: 1 },
    microphone: { reportId: 2, bit: 4, size: 1 },
    ringer: { reportId: 2, bit: 5, size: 1 },
  },
  reportLengths: { input: { '2': 1 }, output: { '2': 2 } },
};

/** The Teams camera of trace 1: in 2: Redial, Hook Switch, Phone Mute, all relative; out 4: LEDs. */
const teamsCamera: TelephonyLayout = {
  telephony: true,
  inputs: {
    redial: { reportId: 2, bit: 0, size: 1, encoding: 'toggle' },
    hookSwitch: { reportId: 2, bit: 1, size: 1, encoding: 'toggle' },
    phoneMute: { reportId: 2, bit: 2, size: 1, encoding: 'toggle' },
  },
  outputs: {
    offHook: { reportId: 4, bit: 0, size: 1 },
    mute: { reportId: 4, bit: 1, size: 1 },
    ring: { reportId: 4, bit: 2, size: 1 },
  },
  reportLengths: { input: { '2': 1 }, output: { '4': 1 } },
};

/** No report ids; the hook is a pair of on/off buttons (−1..1 in 2 bits). */
const plain: TelephonyLayout = {
  telephony: true,
  inputs: {
    hookSwitch: { reportId: 0, bit: 0, size: 2, encoding: 'onoff', logicalMin: -1, logicalMax: 1 },
    phoneMute: { reportId: 0, bit: 2, size: 1, encoding: 'toggle' },
  },
  outputs: {
    offHook: { reportId: 0, bit: 0, size: 1 },
    ring: { reportId: 0, bit: 1, size: 1 },
    mute: { reportId: 0, bit: 2, size: 1 },
  },
  reportLengths: { input: { '0': 1 }, output: { '0': 1 } },
};

/** Poly Blackwire 3220 outputs: one report per LED, id = usage (§2). */
const polyPerLed: TelephonyLayout = {
  telephony: true,
  inputs: {
    hookSwitch: { reportId: 2, bit: 0, size: 1, encoding: 'state' },
    phoneMute: { reportId: 2, bit: 1, size: 1, encoding: 'toggle' },
  },
  outputs: {
    mute: { reportId: 0x09, bit: 0, size: 1 },
    offHook: { reportId: 0x17, bit: 0, size: 1 },
    ring: { reportId: 0x18, bit: 0, size: 1 },
    hold: { reportId: 0x20, bit: 0, size: 1 },
  },
  reportLengths: { input: { '2': 1 }, output: { '9': 1, '23': 1, '24': 1, '32': 1 } },
};

const idle: HeadsetCallState = { ...IDLE_CALL_STATE };
const ringing: HeadsetCallState = { ...idle, ringing: true };
const active: HeadsetCallState = { ...idle, active: true };
const activeMuted: HeadsetCallState = { ...active, muted: true };
const held: HeadsetCallState = { ...active, held: true };

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
const bytes = (text: string) =>
  Uint8Array.from(
    text
      .split(' ')
      .filter(Boolean)
      .map((b) => parseInt(b, 16)),
  );

function rig(layout: TelephonyLayout, options: Partial<HeadsetModelDeps> = {}, clock = new ManualClock()) {
  const written: string[] = [];
  const requests: string[] = [];
  const model = new HeadsetModel({ layout, clock, write: (report) => written.push(hex(report)), requests: (r) => requests.push(r.kind), ...options });
  return {
    model,
    clock,
    requests,
    send: (report: string) => model.input(bytes(report)),
    /** The reports written since the last call. */
    writes: () => written.splice(0),
  };
}

/** A rig attached in `state`, its first input report (the baseline) sent, the echo window over. */
function inCall(layout: TelephonyLayout, state: HeadsetCallState, baseline: string, options: Partial<HeadsetModelDeps> = {}) {
  const r = rig(layout, options);
  r.model.attached();
  r.model.callState(state);
  r.send(baseline);
  r.clock.advance(ECHO_WINDOW_MS);
  r.writes();
  return r;
}

describe('headset reports', () => {
  it('reads and writes fields after the report id byte, or from the first byte without ids', () => {
    expect(readField(bytes('02 04'), { reportId: 2, bit: 2, size: 1 })).toBe(1);
    expect(readField(bytes('04'), { reportId: 0, bit: 2, size: 1 })).toBe(1);
    // A field across a byte boundary, little-endian as HID lays it out.
    expect(readField(bytes('05 80 01'), { reportId: 5, bit: 7, size: 2 })).toBe(3);
    const report = bytes('05 ff 00');
    writeField(report, { reportId: 5, bit: 3, size: 1 }, 0);
    writeField(report, { reportId: 5, bit: 8, size: 3 }, 5);
    expect(hex(report)).toBe('05 f7 05');
  });

  it('sign-extends a −1..1 on/off field and stores −1 as two bits set', () => {
    const onoff = { reportId: 0, bit: 1, size: 2, logicalMin: -1 };
    expect(readField(bytes('06'), onoff)).toBe(-1);
    expect(readField(bytes('02'), onoff)).toBe(1);
    expect(readField(bytes('06'), { reportId: 0, bit: 1, size: 2, encoding: 'onoff' })).toBe(-1);
    expect(readField(bytes('06'), { reportId: 0, bit: 1, size: 2 })).toBe(3);
    const report = new Uint8Array(1);
    writeField(report, onoff, -1);
    expect(hex(report)).toBe('06');
  });

  it('reads nothing from a report too short for the field, and refuses to write past the end', () => {
    expect(readField(bytes('02'), { reportId: 2, bit: 0, size: 1 })).toBeUndefined();
    expect(readField(new Uint8Array(0), { reportId: 0, bit: 0, size: 1 })).toBeUndefined();
    expect(() => writeField(new Uint8Array(1), { reportId: 1, bit: 0, size: 1 }, 1)).toThrow(RangeError);
  });

  it('builds a whole output report: id byte or 0x00 first, the declared length, every output', () => {
    expect(hex(buildOutputReport(jabra, 2, { offHook: 1, microphone: 1, mute: 1 }))).toBe('02 13 00');
    expect(hex(buildOutputReport(poly, 3, { offHook: 1, onLine: 1 }))).toBe('03 01 01');
    expect(hex(buildOutputReport(plain, 0, { ring: 1 }))).toBe('00 02');
    expect(hex(buildOutputReport(polyPerLed, 0x17, { offHook: 1, ring: 1 }))).toBe('17 01');
  });
});

describe('the headset device model', () => {
  it('writes idle on attach before any call state, and nothing while detached', () => {
    const r = rig(poly);
    r.model.callState(ringing);
    expect(r.writes()).toEqual([]);
    r.model.callState(idle);
    r.model.attached();
    expect(r.writes()).toEqual(['03 00 00']);
  });

  it('answers from the headset: Ring lit, hook switch off-hook → answer, acknowledged at once', () => {
    const r = rig(poly);
    r.model.attached();
    r.send('02 00');
    r.model.callState(ringing);
    expect(r.writes()).toEqual(['03 00 00', '03 02 00']);
    r.send('02 01');
    expect(r.requests).toEqual(['answer']);
    expect(r.writes()).toEqual(['03 03 00']); // Off-Hook acknowledged, ringing until the app answers
    r.model.callState(active);
    expect(r.writes()).toEqual(['03 01 00']);
    expect(r.requests).toEqual(['answer']);
  });

  it('answers with an app that acts at once: just the new state, written once', () => {
    const clock = new ManualClock();
    const written: string[] = [];
    const requests: string[] = [];
    const model: HeadsetModel = new HeadsetModel({
      layout: jabra,
      clock,
      write: (report) => written.push(hex(report)),
      requests: (request) => {
        requests.push(request.kind);
        if (request.kind === 'answer') model.callState(active);
      },
    });
    model.attached();
    model.input(bytes('02 00'));
    model.callState(ringing);
    model.input(bytes('02 01'));
    expect(requests).toEqual(['answer']);
    expect(written).toEqual(['02 00 00', '02 24 00', '02 01 00']);
  });

  it('replays trace 1: a relative hook press while ringing → Ring+Off-Hook, then Off-Hook once answered', () => {
    const r = rig(teamsCamera);
    r.model.attached();
    r.model.callState(ringing);
    expect(r.writes()).toEqual(['04 00', '04 04']);
    r.send('02 03'); // Redial|Hook Switch, the device's first report
    expect(r.requests).toEqual(['answer']);
    expect(r.writes()).toEqual(['04 05']);
    r.send('02 00'); // release
    r.model.callState(active);
    expect(r.writes()).toEqual(['04 01']);
    expect(r.requests).toEqual(['answer']);
    // The same button hangs up once the echo window is over.
    r.clock.advance(ECHO_WINDOW_MS);
    r.send('02 02');
    expect(r.requests).toEqual(['answer', 'hangup']);
    expect(r.writes()).toEqual(['04 00']);
  });

  it('hangs up from the headset, and writes the call back when the app does not end it', () => {
    const r = inCall(poly, active, '02 01');
    r.send('02 00');
    expect(r.requests).toEqual(['hangup']);
    expect(r.writes()).toEqual(['03 00 00']);
    r.clock.advance(ACK_TIMEOUT_MS - 1);
    expect(r.writes()).toEqual([]);
    r.clock.advance(1);
    expect(r.writes()).toEqual(['03 01 00']); // refused: the device is shown the call again
  });

  it('hangs up a headset-answered call; the app ending it writes nothing more', () => {
    const r = inCall(jabra, active, '02 01');
    r.send('02 00');
    r.model.callState(idle);
    expect(r.requests).toEqual(['hangup']);
    expect(r.writes()).toEqual(['02 00 00']);
    r.clock.advance(ACK_TIMEOUT_MS);
    expect(r.writes()).toEqual([]);
  });

  it('mutes from the headset: toggleMute, LED acknowledged, kept when the app follows', () => {
    const r = inCall(poly, active, '02 01');
    r.send('02 03');
    expect(r.requests).toEqual(['toggleMute']);
    expect(r.writes()).toEqual(['03 05 00']); // Off-Hook kept beside Mute
    r.send('02 01'); // release
    r.model.callState(activeMuted);
    expect(r.writes()).toEqual([]);
    r.send('02 03');
    expect(r.requests).toEqual(['toggleMute', 'toggleMute']);
    expect(r.writes()).toEqual(['03 01 00']);
  });

  it('mutes from the UI: both Mute and Microphone LEDs follow without any input', () => {
    const r = inCall(jabra, active, '02 01');
    r.model.callState(activeMuted);
    expect(r.writes()).toEqual(['02 13 00']);
    r.model.callState(active);
    expect(r.writes()).toEqual(['02 01 00']);
    expect(r.requests).toEqual([]);
  });

  it('answers a mute press outside a call with the state, not a request', () => {
    const r = inCall(jabra, ringing, '02 00');
    r.send('02 04');
    expect(r.requests).toEqual([]);
    expect(r.writes()).toEqual(['02 24 00']);
  });

  it('flash while active → flash; while ringing → nothing but the state written back', () => {
    const r = inCall(poly, active, '02 01');
    r.send('02 05');
    expect(r.requests).toEqual(['flash']);
    expect(r.writes()).toEqual(['03 01 00']);
    r.send('02 01');
    r.model.callState(held);
    expect(r.writes()).toEqual(['03 09 00']);
    r.send('02 05');
    expect(r.requests).toEqual(['flash', 'flash']); // the app resumes
    const ring = inCall(poly, ringing, '02 00');
    ring.send('02 04');
    expect(ring.requests).toEqual([]);
    expect(ring.writes()).toEqual(['03 02 00']);
  });

  it('rejects with Button 7 while ringing, and ignores it otherwise', () => {
    const r = inCall(jabra, ringing, '02 00');
    expect(r.writes()).toEqual([]);
    r.send('02 08');
    expect(r.requests).toEqual(['reject']);
    expect(r.writes()).toEqual(['02 24 00']);
    r.send('02 00');
    r.model.callState(idle);
    expect(r.writes()).toEqual(['02 00 00']);
    r.send('02 08');
    expect(r.requests).toEqual(['reject']);
  });

  it('rejects a waiting call with Button 7; the call under way stays as it is', () => {
    const r = inCall(jabra, active, '02 01');
    r.model.callState({ ...active, ringing: true });
    expect(r.writes()).toEqual([]); // a waiting call does not ring the headset
    r.send('02 09');
    expect(r.requests).toEqual(['reject']);
    expect(r.writes()).toEqual(['02 01 00']);
  });

  it('an absolute mute switch asks only when it disagrees with the app; Drop ends the call', () => {
    const layout: TelephonyLayout = {
      ...jabra,
      inputs: {
        ...jabra.inputs,
        phoneMute: { reportId: 2, bit: 2, size: 1, encoding: 'state' },
        drop: { reportId: 2, bit: 4, size: 1, encoding: 'momentary' },
      },
    };
    const r = inCall(layout, active, '02 01');
    r.send('02 05'); // switch to muted
    expect(r.requests).toEqual(['toggleMute']);
    r.model.callState(activeMuted);
    r.model.callState(active); // unmuted in the UI; the switch still says muted
    r.writes();
    r.send('02 01'); // switch to unmuted: already so
    expect(r.requests).toEqual(['toggleMute']);
    expect(r.writes()).toEqual(['02 01 00']);
    r.send('02 11');
    expect(r.requests).toEqual(['toggleMute', 'hangup']);
    expect(r.writes()).toEqual(['02 00 00']);
  });

  it('rejects when an off-hook hook switch goes on-hook while ringing', () => {
    const r = inCall(poly, idle, '02 01');
    r.model.callState(ringing);
    expect(r.writes()).toEqual(['03 02 00']);
    r.send('02 00');
    expect(r.requests).toEqual(['reject']);
  });

  it('UI answer: the echoed hook switch and a bounce within 500 ms do not hang up, hook-on after it does', () => {
    const r = inCall(poly, ringing, '02 00');
    r.model.callState(active);
    expect(r.writes()).toEqual(['03 01 00']);
    r.send('02 01'); // echo
    r.clock.advance(100);
    r.send('02 00'); // bounce
    r.clock.advance(100);
    r.send('02 01');
    r.clock.advance(100);
    r.send('02 00'); // a headset that sends hook-on right after Off-Hook
    expect(r.requests).toEqual([]);
    expect(r.writes()).toEqual([]);
    r.clock.advance(ECHO_WINDOW_MS - 300);
    r.send('02 01');
    r.send('02 00');
    expect(r.requests).toEqual(['hangup']);
  });

  it('UI hang-up: the echoed hook-on does nothing', () => {
    const r = inCall(jabra, active, '02 01');
    r.model.callState(idle);
    expect(r.writes()).toEqual(['02 00 00']);
    r.send('02 00');
    r.clock.advance(ECHO_WINDOW_MS);
    expect(r.requests).toEqual([]);
    expect(r.writes()).toEqual([]);
  });

  it('an unanswered answer is written back after the timeout, and the echo of that is no reject', () => {
    const r = inCall(poly, ringing, '02 00');
    r.send('02 01');
    expect(r.writes()).toEqual(['03 03 00']);
    r.clock.advance(ACK_TIMEOUT_MS);
    expect(r.writes()).toEqual(['03 02 00']);
    r.send('02 00');
    expect(r.requests).toEqual(['answer']);
  });

  it('collapses duplicate reports: a held or repeated press is one request', () => {
    const r = inCall(jabra, active, '02 01');
    r.send('02 05');
    r.send('02 05');
    expect(r.requests).toEqual(['toggleMute']);
    r.model.callState(activeMuted);
    r.writes();
    r.send('02 01');
    r.send('02 01');
    r.send('02 05');
    expect(r.requests).toEqual(['toggleMute', 'toggleMute']);
    const ring = inCall(jabra, ringing, '02 00');
    ring.send('02 01');
    ring.send('02 01'); // the Jabra's retry of an unanswered press
    expect(ring.requests).toEqual(['answer']);
    expect(ring.writes()).toEqual(['02 25 00']);
  });

  it('unplug and re-plug mid-call: the call is untouched, the LEDs come back, the first report is a baseline', () => {
    const r = inCall(jabra, activeMuted, '02 01');
    r.model.detached();
    r.model.callState(active); // unmuted in the UI meanwhile
    r.send('02 00');
    expect(r.writes()).toEqual([]);
    r.model.attached();
    expect(r.writes()).toEqual(['02 01 00']);
    r.clock.advance(ECHO_WINDOW_MS * 2);
    r.send('02 00'); // powered up on-hook
    expect(r.requests).toEqual([]);
    expect(r.writes()).toEqual([]);
    r.send('02 01');
    r.send('02 00');
    expect(r.requests).toEqual(['hangup']);
  });

  it('two devices: only the active one acts, the other shows idle and is not heard', () => {
    const clock = new ManualClock();
    const a = rig(jabra, {}, clock);
    const b = rig(poly, { active: false }, clock);
    for (const d of [a, b]) d.model.attached();
    for (const d of [a, b]) d.send('02 00');
    for (const d of [a, b]) d.model.callState(ringing);
    expect(a.writes()).toEqual(['02 00 00', '02 24 00']);
    expect(b.writes()).toEqual(['03 00 00']);
    b.send('02 01');
    expect(b.requests).toEqual([]);
    expect(b.writes()).toEqual([]);
    // The agent picks the other headset.
    a.model.setActive(false);
    b.model.setActive(true);
    expect(a.writes()).toEqual(['02 00 00']);
    expect(b.writes()).toEqual(['03 02 00']);
    b.send('02 00'); // on-hook: its hook went off-hook while it was inactive
    expect(b.requests).toEqual(['reject']);
    a.send('02 01');
    expect(a.requests).toEqual([]);
  });

  it('hold, Jabra (keepOffHook): Off-Hook stays with Hold; hook-on while held hangs up', () => {
    const r = inCall(jabra, active, '02 01', { holdPolicy: defaultHoldPolicy(0x0b0e) });
    r.model.callState(held);
    expect(r.writes()).toEqual(['02 09 00']);
    r.send('02 00');
    expect(r.requests).toEqual(['hangup']);
  });

  it('hold, Poly (clearOffHook): Hold set, Off-Hook cleared, the hook-on that follows is no hang-up', () => {
    const r = inCall(polyPerLed, active, '02 01', { holdPolicy: defaultHoldPolicy(0x047f) });
    r.model.callState(held);
    expect(r.writes()).toEqual(['17 00', '20 01']);
    r.send('02 00'); // follows the LED, inside the echo window
    r.clock.advance(ECHO_WINDOW_MS * 4);
    r.send('02 01'); // off-hook while held: back to the call
    expect(r.requests).toEqual(['flash']);
    expect(r.writes()).toEqual(['17 01']);
    r.clock.advance(ACK_TIMEOUT_MS); // the app did not resume
    expect(r.writes()).toEqual(['17 00']);
    r.clock.advance(ECHO_WINDOW_MS);
    r.send('02 00'); // a late hook-on: no hang-up, the state written back
    expect(r.requests).toEqual(['flash']);
    expect(r.writes()).toEqual(['09 00', '17 00', '18 00', '20 01']);
    r.send('02 01');
    expect(r.requests).toEqual(['flash', 'flash']);
    expect(r.writes()).toEqual(['17 01']);
    r.model.callState(active);
    expect(r.writes()).toEqual(['20 00']);
  });

  it('an off-hook while idle asks nothing and writes idle back', () => {
    const r = inCall(polyPerLed, idle, '02 00');
    r.send('02 01');
    expect(r.requests).toEqual([]);
    expect(r.writes()).toEqual(['09 00', '17 00', '18 00', '20 00']);
  });

  it('a device without report ids: on/off hook buttons, writes prefixed 0x00', () => {
    const r = rig(plain);
    r.model.attached();
    r.model.callState(ringing);
    expect(r.writes()).toEqual(['00 00', '00 02']);
    r.send('01'); // +1: off-hook
    r.send('00');
    expect(r.requests).toEqual(['answer']);
    r.model.callState(active);
    expect(r.writes()).toEqual(['00 03', '00 01']);
    r.clock.advance(ECHO_WINDOW_MS);
    r.send('03'); // −1: on-hook
    expect(r.requests).toEqual(['answer', 'hangup']);
    expect(r.writes()).toEqual(['00 00']);
  });

  it('ignores garbled, short, unknown and empty reports without throwing', () => {
    const r = inCall(poly, active, '02 01');
    for (const report of ['', '02', '07 ff ff', '00']) expect(() => r.send(report)).not.toThrow();
    expect(r.requests).toEqual([]);
    expect(r.writes()).toEqual([]);
    r.send('02 00 ff ff'); // longer than declared (Windows pads): read as usual
    expect(r.requests).toEqual(['hangup']);
  });

  it('close writes idle; a failing write is logged and retried on the next change', () => {
    const logged: string[] = [];
    let fail = true;
    const written: string[] = [];
    const model = new HeadsetModel({
      layout: jabra,
      clock: new ManualClock(),
      write: (report) => {
        if (fail) throw new Error('device gone');
        written.push(hex(report));
      },
      requests: () => undefined,
      logger: { log: (_level, message) => logged.push(message) },
    });
    model.attached();
    model.callState(active);
    expect(logged).toHaveLength(2);
    fail = false;
    model.callState(activeMuted);
    expect(written).toEqual(['02 13 00']);
    model.close();
    expect(written).toEqual(['02 13 00', '02 00 00']);
    expect(model.isAttached).toBe(false);
  });
});

describe('headsetCallState', () => {
  const call = (state: 'dialing' | 'ringing' | 'active' | 'ended', hold: 'none' | 'holding' | 'held' | 'resuming' = 'none', muted = false) =>
    ({ direction: state === 'dialing' ? 'outbound' : 'inbound', state, hold, muted }) as const;

  it('maps the agent calls to what the headset shows', () => {
    expect(headsetCallState([])).toEqual(idle);
    expect(headsetCallState([call('ringing')])).toEqual(ringing);
    expect(headsetCallState([call('ended'), call('active', 'none', true)])).toEqual(activeMuted);
    expect(headsetCallState([call('dialing')])).toEqual(active);
    expect(headsetCallState([call('active', 'held')])).toEqual({ ...idle, held: true });
    expect(headsetCallState([call('active', 'holding')])).toEqual(active);
    expect(headsetCallState([call('active', 'held'), call('active')])).toEqual(active);
    expect(headsetCallState([call('active'), call('ringing')])).toEqual({ ...active, ringing: true, waiting: true });
  });
});
