/**
 * The microphone's level as the agent speaks, also while muted. Chromium's media-source
 * `audioLevel` reads 0 once the sent track is disabled (muted), so "muted but speaking" needs its
 * own ear: an enabled clone of the track into a Web Audio analyser. Read on demand (when main asks
 * for stats), so it sets no timer in the hidden media window.
 */
import type { MicMeter } from './media-end';

let context: AudioContext | null = null;

export function createMicMeter(track: MediaStreamTrack): MicMeter | null {
  if (typeof AudioContext !== 'function') return null;
  context ??= new AudioContext();
  const audio = context;
  // Started by a call (a user gesture in the page; Electron's media window needs none).
  if (audio.state === 'suspended') audio.resume().catch(() => undefined);
  const clone = track.clone();
  clone.enabled = true;
  const source = audio.createMediaStreamSource(new MediaStream([clone]));
  const analyser = audio.createAnalyser();
  analyser.fftSize = 2048;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  return {
    level() {
      // A suspended context hears nothing: no reading beats a false "no audio from your microphone".
      if (audio.state !== 'running') return null;
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      return Math.min(1, peak);
    },
    stop() {
      source.disconnect();
      clone.stop();
    },
  };
}
