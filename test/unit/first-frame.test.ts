import { describe, expect, it } from 'vitest';
import { frameTone, phaseFromZero } from '../../bench/first-frame';

// The relay benchmark tells a file phone's first frame (the WAV's first 20 ms, sin(0) onwards, in
// every call) from a live one's (wherever the running tone is) by the tone's phase at its start.

function frame(hz: number, startDeg: number, amplitude = 8000): Int16Array {
  const out = new Int16Array(160);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000 + (startDeg * Math.PI) / 180));
  return out;
}

describe('the first frame of a call', () => {
  it('finds the phase at which the tone starts', () => {
    for (const start of [0, 45, 90, 180, 270, 350]) {
      expect(Math.abs(frameTone(frame(500, start), 500).phaseDeg - start)).toBeLessThan(1);
    }
    expect(phaseFromZero(frameTone(frame(500, 350), 500).phaseDeg)).toBeCloseTo(10, 0);
  });

  it('tells a full frame of the tone by its rms', () => {
    expect(frameTone(frame(500, 0), 500).rms).toBeCloseTo(8000 / Math.SQRT2, -1);
    expect(frameTone(new Int16Array(160), 500).rms).toBe(0);
  });
});
