/**
 * The ringtone, made in code rather than shipped as a file: one cycle of a soft two-tone trill
 * ("ring-ring", then a pause) as a 16-bit mono WAV, played looped by an <audio> element so it can
 * go to the chosen ring device with setSinkId. Nothing to bundle, nothing to fetch.
 */

export const RINGTONE_SAMPLE_RATE = 16_000;
/** One cycle: two bursts of 0.4 s with 0.2 s between them, then 2 s of quiet. */
export const RINGTONE_PATTERN: readonly { tone: boolean; seconds: number }[] = [
  { tone: true, seconds: 0.4 },
  { tone: false, seconds: 0.2 },
  { tone: true, seconds: 0.4 },
  { tone: false, seconds: 2 },
];
const FREQUENCIES = [440, 480];
/** Fade in and out over this long, so the bursts do not click. */
const RAMP_SECONDS = 0.015;
const PEAK = 0.45;

/** The PCM samples of one ring cycle. */
export function ringtoneSamples(sampleRate = RINGTONE_SAMPLE_RATE): Int16Array {
  const total = Math.round(RINGTONE_PATTERN.reduce((sum, part) => sum + part.seconds, 0) * sampleRate);
  const samples = new Int16Array(total);
  let offset = 0;
  for (const part of RINGTONE_PATTERN) {
    const length = Math.round(part.seconds * sampleRate);
    if (part.tone) {
      const ramp = Math.max(1, Math.round(RAMP_SECONDS * sampleRate));
      for (let i = 0; i < length && offset + i < total; i++) {
        const t = i / sampleRate;
        // A 20 Hz warble between the two tones makes it a trill rather than a beep.
        const warble = Math.sin(2 * Math.PI * 20 * t) >= 0 ? 0 : 1;
        const value = Math.sin(2 * Math.PI * (FREQUENCIES[warble] ?? 440) * t);
        const envelope = Math.min(1, i / ramp, (length - 1 - i) / ramp);
        samples[offset + i] = Math.round(value * envelope * PEAK * 32_767);
      }
    }
    offset += length;
  }
  return samples;
}

/** The ring cycle as a complete WAV file (RIFF, PCM, 16 bit, mono). */
export function ringtoneWav(sampleRate = RINGTONE_SAMPLE_RATE): Uint8Array {
  return wavFrom(ringtoneSamples(sampleRate), sampleRate);
}

/**
 * The pre-shift check's test tone: three short beeps at 880 Hz, unlike the ringtone's trill, so an
 * agent who hears it knows it is the check and not a call.
 */
export function testToneSamples(sampleRate = RINGTONE_SAMPLE_RATE): Int16Array {
  const beep = 0.25;
  const gap = 0.15;
  const samples = new Int16Array(Math.round(3 * (beep + gap) * sampleRate));
  const length = Math.round(beep * sampleRate);
  const ramp = Math.max(1, Math.round(RAMP_SECONDS * sampleRate));
  for (let n = 0; n < 3; n++) {
    const offset = Math.round(n * (beep + gap) * sampleRate);
    for (let i = 0; i < length; i++) {
      const envelope = Math.min(1, i / ramp, (length - 1 - i) / ramp);
      samples[offset + i] = Math.round(Math.sin((2 * Math.PI * 880 * i) / sampleRate) * envelope * PEAK * 32_767);
    }
  }
  return samples;
}

export function testToneWav(sampleRate = RINGTONE_SAMPLE_RATE): Uint8Array {
  return wavFrom(testToneSamples(sampleRate), sampleRate);
}

/** 16-bit mono PCM as a complete WAV file (RIFF). */
function wavFrom(samples: Int16Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // size of the fmt chunk
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i] ?? 0, true);
  return new Uint8Array(buffer);
}
