// Real audio for SIP tests in Node, with @roamhq/wrtc's nonstandard API:
//  - ToneSource: a continuous sine tone fed into an RTCAudioSource (send side)
//  - AudioMeter: counts what an RTCAudioSink hears on a remote track (receive side)
// See docs/testing-sip.md.
import { createRequire } from 'node:module';
import { isHeard, measureTone, type ToneMeasure } from './tone';

type Wrtc = typeof import('@roamhq/wrtc');

let wrtcModule: Wrtc | undefined;
/** @roamhq/wrtc, loaded once (native addon). */
export function wrtc(): Wrtc {
  if (!wrtcModule) {
    const require = createRequire(__filename);
    try {
      wrtcModule = require('@roamhq/wrtc') as Wrtc;
    } catch (e) {
      throw new Error(
        'SIP audio tests need @roamhq/wrtc (real WebRTC in Node): ' +
          'ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --save-dev @roamhq/wrtc@0.10.0 --loglevel=warn\n' +
          String(e),
      );
    }
  }
  return wrtcModule;
}

/**
 * RTCAudioSource.onData() demands exactly 10 ms per call: samples.length ===
 * sampleRate / 100 * channelCount (480 at 48 kHz mono), Int16Array, 16 bits.
 * Anything else throws ("Expected a .byteLength of 960, not …").
 */
export const SAMPLE_RATE = 48_000;
export const FRAME_SAMPLES = SAMPLE_RATE / 100;
const FRAME_MS = 10;
/** At most this many frames are fed in one timer tick after the event loop was late. */
const MAX_CATCH_UP_FRAMES = 20;

export interface ToneSourceOptions {
  frequencyHz?: number;
  /** Peak amplitude, 0..32767. */
  amplitude?: number;
}

/**
 * One sine generator feeding one RTCAudioSource. Each call gets its own track
 * (createTrack) so that hold/mute on one call (JsSIP sets track.enabled) does not
 * touch another. Frames are produced in real time by a 10 ms timer that catches up
 * on late ticks, so the far end hears an unbroken tone.
 */
export class ToneSource {
  readonly frequencyHz: number;
  readonly amplitude: number;
  private readonly source: InstanceType<Wrtc['nonstandard']['RTCAudioSource']>;
  private readonly tracks = new Set<MediaStreamTrack>();
  private timer: NodeJS.Timeout | undefined;
  private phase = 0;
  private sent = 0;
  private startedAt = 0;
  private readonly frame = new Int16Array(FRAME_SAMPLES);

  constructor(options: ToneSourceOptions = {}) {
    this.frequencyHz = options.frequencyHz ?? 440;
    this.amplitude = options.amplitude ?? 8000;
    this.source = new (wrtc().nonstandard.RTCAudioSource)();
  }

  /** Frames handed to the source so far. */
  get framesSent(): number {
    return this.sent;
  }

  /** A new track carrying the tone (a "microphone" for one call or one peer). */
  createTrack(): MediaStreamTrack {
    const track = this.source.createTrack() as unknown as MediaStreamTrack;
    this.tracks.add(track);
    this.start();
    return track;
  }

  /** A new track and a stream around it (what JsSIP's mediaStream option wants). */
  createStream(): MediaStream {
    return new (wrtc().MediaStream)([this.createTrack() as any]) as unknown as MediaStream;
  }

  /** Stops one track made by createTrack; the tone pauses once no track is left. */
  releaseTrack(track: MediaStreamTrack): boolean {
    if (!this.tracks.delete(track)) return false;
    track.stop();
    if (this.tracks.size === 0) this.pause();
    return true;
  }

  /** Stops the tracks of a stream made by createStream (after the call ended). */
  releaseStream(stream: MediaStream | undefined): void {
    if (!stream) return;
    for (const t of stream.getTracks()) this.releaseTrack(t);
  }

  /** No track left: stop producing frames until the next createStream(). */
  private pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    if (this.timer) return;
    this.startedAt = performance.now();
    this.sent = 0;
    this.timer = setInterval(() => this.tick(), FRAME_MS);
  }

  private tick(): void {
    const due = Math.floor((performance.now() - this.startedAt) / FRAME_MS) + 1;
    let n = due - this.sent;
    if (n > MAX_CATCH_UP_FRAMES) {
      // the loop was blocked for long: skip ahead instead of bursting
      this.sent = due - MAX_CATCH_UP_FRAMES;
      n = MAX_CATCH_UP_FRAMES;
    }
    const step = (2 * Math.PI * this.frequencyHz) / SAMPLE_RATE;
    for (let f = 0; f < n; f++) {
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        this.frame[i] = Math.round(this.amplitude * Math.sin(this.phase));
        this.phase += step;
      }
      this.phase %= 2 * Math.PI;
      this.source.onData({ samples: this.frame, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: FRAME_SAMPLES });
      this.sent++;
    }
  }

  /** Stops the timer and every track. Idempotent. */
  stop(): void {
    this.pause();
    for (const t of this.tracks) t.stop();
    this.tracks.clear();
  }
}

/** Louder than this (of 32 767) is sound, not the remains of silence through a codec. */
export const LOUD_SAMPLE = 64;

export interface AudioMark {
  frames: number;
  nonZeroFrames: number;
  at: number;
}

export interface AudioFormat {
  sampleRate: number;
  bitsPerSample: number;
  channelCount: number;
  numberOfFrames: number;
}

/**
 * Counts audio an RTCAudioSink receives from a remote track. The sink reports its
 * own rate and frame size (in practice 48 kHz mono, 480 samples per 10 ms, but read
 * `format`); a "non-zero frame" is one with any sample != 0. A disabled or held
 * sender makes libwebrtc send digital silence, so the receiver keeps getting frames,
 * but all-zero ones; with no RTP at all the sink also keeps producing zero frames.
 */
export class AudioMeter {
  frames = 0;
  nonZeroFrames = 0;
  /**
   * Frames with a sample louder than LOUD_SAMPLE: a tone or a voice, not the small values a codec
   * can leave in decoded silence. Tests that ask "is the agent heard" count these.
   */
  loudFrames = 0;
  /** Frames that were not loud (silence, or what a jitter buffer plays over a gap). */
  quietFrames = 0;
  /** Consecutive loud frames at the end (0 after a quiet one). */
  loudRun = 0;
  /** Consecutive all-zero frames at the end (0 while audio flows). */
  zeroRun = 0;
  lastFrameAt = 0;
  lastNonZeroAt = 0;
  peak = 0;
  format: AudioFormat | undefined;
  /** The last second heard (mono, at `format.sampleRate`), for measuring which tone it is. */
  private recent: Int16Array = new Int16Array(0);
  /** The rate of `recent`: the sink's latest (it may change when the codec does). */
  private recentRate = 48_000;
  private sinks: Array<{ stop(): void }> = [];
  private waiters = new Set<() => void>();

  /** Starts counting a remote track. A re-negotiation that brings a new track adds a sink; counts continue. */
  attach(track: MediaStreamTrack): void {
    const sink = new (wrtc().nonstandard.RTCAudioSink)(track as any);
    sink.ondata = (d: { samples: Int16Array; sampleRate: number; bitsPerSample: number; channelCount: number; numberOfFrames: number }) => {
      this.format ??= { sampleRate: d.sampleRate, bitsPerSample: d.bitsPerSample, channelCount: d.channelCount, numberOfFrames: d.numberOfFrames };
      let max = 0;
      const s = d.samples;
      for (let i = 0; i < s.length; i++) {
        const v = s[i]! < 0 ? -s[i]! : s[i]!;
        if (v > max) max = v;
      }
      this.keepRecent(s, d.channelCount, d.sampleRate);
      this.frames++;
      this.lastFrameAt = performance.now();
      if (max > LOUD_SAMPLE) {
        this.loudFrames++;
        this.loudRun++;
      } else {
        this.quietFrames++;
        this.loudRun = 0;
      }
      if (max > 0) {
        this.nonZeroFrames++;
        this.zeroRun = 0;
        this.lastNonZeroAt = this.lastFrameAt;
        if (max > this.peak) this.peak = max;
      } else {
        this.zeroRun++;
      }
      for (const w of [...this.waiters]) w();
    };
    this.sinks.push(sink);
  }

  private keepRecent(samples: Int16Array, channels: number, sampleRate: number): void {
    if (this.recentRate !== sampleRate || this.recent.length !== sampleRate) {
      this.recent = new Int16Array(sampleRate);
      this.recentRate = sampleRate;
    }
    const mono = channels === 1 ? samples : samples.filter((_, i) => i % channels === 0);
    const kept = this.recent.length - mono.length;
    this.recent.copyWithin(0, mono.length);
    this.recent.set(mono.subarray(0, this.recent.length), Math.max(0, kept));
  }

  /** The tone at `hz` in the last `windowMs` heard (Goertzel; see tone.ts). */
  measure(hz: number, windowMs = 500): ToneMeasure {
    const rate = this.recentRate;
    const window = this.recent.subarray(Math.max(0, this.recent.length - Math.round((rate * windowMs) / 1000)));
    return measureTone(window, rate, hz);
  }

  /** Resolves once the last `windowMs` heard are the tone at `hz`: this end hears that voice. */
  waitToHear(hz: number, options: { timeoutMs?: number; windowMs?: number } = {}): Promise<void> {
    const windowMs = options.windowMs ?? 500;
    return this.until(
      () => isHeard(this.measure(hz, windowMs)),
      options.timeoutMs ?? 10_000,
      () => {
        const { rms, share } = this.measure(hz, windowMs);
        return `waited to hear ${hz} Hz; the last ${windowMs} ms have rms ${rms.toFixed(0)}, ${Math.round(share * 100)} % of it at ${hz} Hz`;
      },
    );
  }

  get attached(): boolean {
    return this.sinks.length > 0;
  }

  /** The counters now, to measure "after this moment". */
  mark(): AudioMark {
    return { frames: this.frames, nonZeroFrames: this.nonZeroFrames, at: performance.now() };
  }

  /** Resolves once `count` non-zero frames arrived after `since` (default: now). "Audio flows now." */
  waitForAudio(count = 50, options: { since?: AudioMark; timeoutMs?: number } = {}): Promise<void> {
    const since = options.since ?? this.mark();
    return this.until(
      () => this.nonZeroFrames - since.nonZeroFrames >= count,
      options.timeoutMs ?? 10_000,
      () =>
        `waited for ${count} non-zero audio frames; got ${this.nonZeroFrames - since.nonZeroFrames} (of ${this.frames - since.frames} frames) since the mark`,
    );
  }

  /**
   * Resolves once the last `frames` received frames were all silent (all-zero),
   * or no frame arrived at all for `frames` × 10 ms. "Audio stopped now."
   */
  waitForSilence(frames = 50, options: { timeoutMs?: number } = {}): Promise<void> {
    const quietMs = frames * FRAME_MS;
    return this.until(
      () => this.zeroRun >= frames || performance.now() - this.lastFrameAt >= quietMs,
      options.timeoutMs ?? 10_000,
      () =>
        `waited for ${frames} silent frames; the trailing zero run is ${this.zeroRun}, last non-zero frame ${Math.round(performance.now() - this.lastNonZeroAt)} ms ago`,
      quietMs,
    );
  }

  private until(done: () => boolean, timeoutMs: number, describe: () => string, pollMs = 50): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const finish = (err?: Error) => {
        clearTimeout(deadline);
        clearInterval(poll);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve();
      };
      const check = () => {
        if (done()) finish();
      };
      const deadline = setTimeout(() => finish(new Error(describe())), timeoutMs);
      // frames drive the check; the poll covers "no frames at all"
      const poll = setInterval(check, Math.max(10, Math.min(pollMs, 100)));
      this.waiters.add(check);
    });
  }

  /** Stops every sink. Pending waits keep their own deadlines. Idempotent. */
  stop(): void {
    for (const s of this.sinks) s.stop();
    this.sinks = [];
  }
}

/**
 * An echo service's voice: what a remote track brings is sent back, frame by frame (each 10 ms
 * frame an RTCAudioSink hears is fed to an RTCAudioSource). Before anything is heard it sends
 * nothing, so an agent hears audio only when its own comes back.
 */
export class EchoSource {
  private readonly source = new (wrtc().nonstandard.RTCAudioSource)();
  private readonly sinks: { stop(): void }[] = [];
  private readonly tracks: MediaStreamTrack[] = [];
  framesEchoed = 0;

  createStream(): MediaStream {
    const track = this.source.createTrack() as unknown as MediaStreamTrack;
    this.tracks.push(track);
    return new (wrtc().MediaStream)([track as any]) as unknown as MediaStream;
  }

  /** Sends `track`'s audio back from now on. */
  loop(track: MediaStreamTrack): void {
    const sink = new (wrtc().nonstandard.RTCAudioSink)(track as any);
    sink.ondata = (d: { samples: Int16Array; sampleRate: number; channelCount: number; numberOfFrames: number }) => {
      // RTCAudioSource takes 10 ms of mono at a time; a sink gives exactly that in practice.
      if (d.channelCount !== 1 || d.numberOfFrames * 100 !== d.sampleRate) return;
      try {
        this.source.onData({ samples: d.samples, sampleRate: d.sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: d.numberOfFrames });
        this.framesEchoed++;
      } catch {
        // A frame of another shape: dropped, as a real echo service drops what it cannot decode.
      }
    };
    this.sinks.push(sink);
  }

  stop(): void {
    for (const sink of this.sinks.splice(0)) sink.stop();
    for (const track of this.tracks.splice(0)) track.stop();
  }
}
