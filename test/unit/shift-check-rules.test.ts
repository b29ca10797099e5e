import { describe, expect, it } from 'vitest';
import type { ShiftCheckItem } from '../../src-main/contract';
import { isDue, LevelWatch, micFailure, passedOf, SPEECH_LEVEL, SPEECH_READINGS } from '../../src-main/core/agent/shift-check-rules';

const at = (day: number, hour: number) => new Date(2026, 11, day, hour, 0).getTime();
const item = (status: ShiftCheckItem['status'], reason: string | null = null): ShiftCheckItem => ({ id: 'microphone', status, reason, detail: null });

describe("the pre-shift check's rules", () => {
  it('is due only when required, until a check passed today (every: day) or since the app started (every: appStart)', () => {
    const started = at(3, 7);
    expect(isDue('offered', 'day', null, started, at(3, 8))).toBe(false);
    expect(isDue('off', 'day', null, started, at(3, 8))).toBe(false);
    expect(isDue('required', 'day', null, started, at(3, 8))).toBe(true);
    expect(isDue('required', 'day', at(3, 6), started, at(3, 20))).toBe(false);
    expect(isDue('required', 'day', at(2, 23), started, at(3, 8))).toBe(true);
    expect(isDue('required', 'appStart', at(3, 6), started, at(3, 8))).toBe(true);
    expect(isDue('required', 'appStart', at(3, 7) + 1, started, at(3, 8))).toBe(false);
  });

  it('passes when every item passed or does not apply here; a skip by the agent or an interruption is not a pass', () => {
    expect(passedOf([item('pass', 'heard'), item('skipped', 'notApplicable')])).toBe(true);
    expect(passedOf([item('pass', 'heard'), item('skipped', 'skippedByAgent')])).toBe(false);
    expect(passedOf([item('pass', 'heard'), item('skipped', 'interrupted')])).toBe(false);
    expect(passedOf([item('pass'), item('fail', 'silent')])).toBe(false);
    expect(passedOf([])).toBe(false);
  });

  it('hears the microphone only at speech level for a moment, not a click', () => {
    const watch = new LevelWatch(SPEECH_LEVEL, SPEECH_READINGS);
    expect([0.5, 0, 0.5, 0.5].map((level) => watch.add(level))).toEqual([false, false, false, false]);
    expect(watch.add(0.5)).toBe(true);
    const unmeasured = new LevelWatch(SPEECH_LEVEL, SPEECH_READINGS);
    expect([0.5, null, 0.5, 0.5].map((level) => unmeasured.add(level))).toEqual([false, false, false, false]);
  });

  it('tells a silent microphone from a quiet one, and both from a platform that cannot measure', () => {
    expect(micFailure(0, true)).toBe('silent');
    expect(micFailure(0.03, true)).toBe('quiet');
    expect(micFailure(0, false)).toBe('noMeter');
  });
});
