// What the first audio frame of a call holds: where in its tone it starts and how loud it is.
// A file source (baresip's aufile) starts its WAV at the first sample in every call, so its first
// frame always starts at the same phase; a source that runs all the time (a desk phone's codec, a
// PulseAudio sink) starts wherever the tone is when the call picks it up.

export interface FrameTone {
  /** The phase of the tone at the frame's first sample, degrees in [0, 360): 0 for sin(0). */
  phaseDeg: number;
  /** Root mean square of the frame (a sine of amplitude A: A / √2). */
  rms: number;
}

/** The phase at which a sine of `hz` starts in `samples` (rate `rate`), and the frame's rms. */
export function frameTone(samples: Int16Array, hz: number, rate = 8000): FrameTone {
  if (samples.length === 0) return { phaseDeg: NaN, rms: 0 };
  // For A·sin(ωi + φ): Σ x·sin(ωi) ≈ A·N/2·cos φ and Σ x·cos(ωi) ≈ A·N/2·sin φ.
  let inPhase = 0;
  let quadrature = 0;
  let energy = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!;
    const omega = (2 * Math.PI * hz * i) / rate;
    inPhase += x * Math.sin(omega);
    quadrature += x * Math.cos(omega);
    energy += x * x;
  }
  const degrees = (Math.atan2(quadrature, inPhase) * 180) / Math.PI;
  return { phaseDeg: (degrees + 360) % 360, rms: Math.sqrt(energy / samples.length) };
}

/** The distance of a phase from 0°, either way round (0..180). */
export function phaseFromZero(phaseDeg: number): number {
  return Math.min(phaseDeg, 360 - phaseDeg);
}
