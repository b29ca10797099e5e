/**
 * The pre-shift check's rules, as pure functions: when a required check is due, what counts as
 * passed, and when the microphone and the echo are heard.
 */
import type { ShiftCheckItem } from '../../contract';

export type ShiftCheckMode = 'off' | 'offered' | 'required';
export type ShiftCheckPeriod = 'appStart' | 'day';

/** One reading per this long while the microphone item listens (and the echo's stats). */
export const LEVEL_POLL_MS = 100;
/**
 * A peak of 0.1 (−20 dBFS) is a voice a headset microphone picks up at speaking distance; a dead
 * or muted microphone stays far below it. Sound below it but above SOUND_LEVEL is "quiet".
 */
export const SPEECH_LEVEL = 0.1;
export const SOUND_LEVEL = 0.005;
/** "For a moment": this many readings in a row at speech level (0.3 s). */
export const SPEECH_READINGS = 3;
/** How long the microphone item listens before it says "no sound". */
export const MIC_LISTEN_MS = 15_000;
/** The echo: the far end's audio (inbound level) at least this loud, ECHO_READINGS readings in a row. */
export const ECHO_LEVEL = 0.02;
export const ECHO_READINGS = 3;
/**
 * Then the agent's side is muted: an echo falls silent with it (ECHO_READINGS readings below
 * ECHO_SILENT) within ECHO_SILENCE_MS; audio that goes on is not an echo (an IVR, music, a person).
 */
export const ECHO_SILENT = 0.01;
export const ECHO_SILENCE_MS = 4_000;
/** How long the echo item waits for the answer, then for its audio to come back. */
export const ECHO_ANSWER_MS = 10_000;
export const ECHO_LISTEN_MS = 8_000;

/** Whether two times fall on the same calendar day where the workstation is. */
function sameLocalDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

/**
 * A required check is due until one passed in this period: since the app started, or today. An
 * offered check is never due: it only helps.
 */
export function isDue(mode: ShiftCheckMode, every: ShiftCheckPeriod, lastPassedAt: number | null, appStartedAt: number, now: number): boolean {
  if (mode !== 'required') return false;
  if (lastPassedAt === null) return true;
  return every === 'appStart' ? lastPassedAt < appStartedAt : !sameLocalDay(lastPassedAt, now);
}

/** Passed: every item passed, or was not tested because it does not apply here. */
export function passedOf(items: readonly ShiftCheckItem[]): boolean {
  return items.length > 0 && items.every((item) => item.status === 'pass' || (item.status === 'skipped' && item.reason === 'notApplicable'));
}

/**
 * Reads a microphone level stream: `heard` once SPEECH_READINGS readings in a row reach speech
 * level. Otherwise, at the end: `quiet` when some sound came, `silent` when none did.
 */
export class LevelWatch {
  private run = 0;
  private loudest = 0;

  constructor(
    private readonly threshold: number,
    private readonly readings: number,
  ) {}

  /** Takes one reading (null: the platform could not measure); true once heard. */
  add(level: number | null): boolean {
    if (level === null) {
      this.run = 0;
      return false;
    }
    this.loudest = Math.max(this.loudest, level);
    this.run = level >= this.threshold ? this.run + 1 : 0;
    return this.run >= this.readings;
  }

  get peak(): number {
    return this.loudest;
  }
}

/** Why the microphone was not heard, from the loudest reading of the whole wait. */
export function micFailure(peak: number, measured: boolean): 'silent' | 'quiet' | 'noMeter' {
  if (!measured) return 'noMeter';
  return peak >= SOUND_LEVEL ? 'quiet' : 'silent';
}
