// Tones as the plain-phone tests make and measure them: a WAV writer for baresip's and
// Chromium's audio sources, and the Goertzel measure that says whether a given frequency is what
// is heard (not merely that samples arrive).
import fs from 'node:fs';

/** A mono 16-bit PCM WAV of a sine at `hz`, `seconds` long. */
export function writeToneWav(file: string, hz: number, options: { seconds?: number; sampleRate?: number; amplitude?: number } = {}): void {
  const rate = options.sampleRate ?? 8000;
  const samples = Math.round(rate * (options.seconds ?? 120));
  const amplitude = options.amplitude ?? 8000;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([header, data]));
}

export interface ToneMeasure {
  /** Root mean square of the window, in 16-bit sample units (0 for digital silence). */
  rms: number;
  /** The share of the window's energy at `hz` (Goertzel), 0..1: near 1 for a clean tone. */
  share: number;
}

/** Goertzel power at `hz` relative to the window's total energy. */
export function measureTone(samples: ArrayLike<number>, sampleRate: number, hz: number): ToneMeasure {
  const n = samples.length;
  if (n === 0) return { rms: 0, share: 0 };
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = 0; i < n; i++) {
    const x = samples[i]!;
    energy += x * x;
    const s0 = x + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  // A pure sine of amplitude A over n samples has Goertzel power (A n / 2)^2 and energy A^2 n / 2.
  const share = energy === 0 ? 0 : Math.min(1, power / ((energy * n) / 2));
  return { rms: Math.sqrt(energy / n), share };
}

/** The one rule for "heard": the window is loud enough, and most of its energy is the tone. */
export function isHeard({ rms, share }: ToneMeasure): boolean {
  return rms > 200 && share > 0.5;
}

/** Whether the tone at `hz` is what the window holds (`isHeard` of its measure). */
export function hears(samples: ArrayLike<number>, sampleRate: number, hz: number): boolean {
  return isHeard(measureTone(samples, sampleRate, hz));
}
