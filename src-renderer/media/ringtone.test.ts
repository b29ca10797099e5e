import { describe, expect, it } from 'vitest';
import { RINGTONE_PATTERN, RINGTONE_SAMPLE_RATE, ringtoneSamples, ringtoneWav } from './ringtone';

describe('the ringtone', () => {
  it('is a valid 16-bit mono PCM WAV of one ring cycle', () => {
    const wav = ringtoneWav();
    const view = new DataView(wav.buffer);
    const text = (at: number, length: number) => String.fromCharCode(...wav.subarray(at, at + length));
    expect(text(0, 4)).toBe('RIFF');
    expect(text(8, 4)).toBe('WAVE');
    expect(text(12, 4)).toBe('fmt ');
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(RINGTONE_SAMPLE_RATE);
    expect(view.getUint16(34, true)).toBe(16);
    expect(text(36, 4)).toBe('data');
    const seconds = RINGTONE_PATTERN.reduce((sum, part) => sum + part.seconds, 0);
    expect(view.getUint32(40, true)).toBe(Math.round(seconds * RINGTONE_SAMPLE_RATE) * 2);
    expect(view.getUint32(4, true)).toBe(wav.length - 8);
  });

  it('rings, pauses between the two bursts, and is quiet at the end of the cycle', () => {
    const samples = ringtoneSamples();
    const rate = RINGTONE_SAMPLE_RATE;
    const loud = (from: number, to: number) => Math.max(...Array.from(samples.subarray(Math.round(from * rate), Math.round(to * rate)), Math.abs));
    expect(loud(0.05, 0.35)).toBeGreaterThan(10_000);
    expect(loud(0.41, 0.59)).toBe(0);
    expect(loud(0.65, 0.95)).toBeGreaterThan(10_000);
    expect(loud(1.01, 3)).toBe(0);
    // Soft edges: no click at the start of a burst.
    expect(Math.abs(samples[0] ?? 0)).toBeLessThan(100);
  });
});
