/**
 * A media end in Node: the real MediaEnd (the code the media window runs) on @roamhq/wrtc's real
 * WebRTC, reached through a channel that serialises every message as the real bridges do. Its
 * "microphone" is a tone generator and its "speaker" counts what arrives, so tests can check
 * that audio flows, stops, or is silence.
 */
import wrtc from '@roamhq/wrtc';
import type { MediaChannel, MediaEvent, MediaRequest, MediaResult } from '../../src-main/contract';
import { MediaEnd } from '../../src-renderer/media/media-end';

const { RTCAudioSource, RTCAudioSink } = (wrtc as any).nonstandard;

const SAMPLE_RATE = 48_000;
const FRAME = SAMPLE_RATE / 100; // 10 ms, what RTCAudioSource.onData takes

/** A 10 ms-framed sine tone fed into a wrtc audio track. */
export class ToneSource {
  private readonly source = new RTCAudioSource();
  private readonly timer: NodeJS.Timeout;
  private phase = 0;
  readonly track: MediaStreamTrack;

  constructor(frequency = 440) {
    this.track = this.source.createTrack();
    const samples = new Int16Array(FRAME);
    this.timer = setInterval(() => {
      for (let i = 0; i < FRAME; i++) {
        samples[i] = Math.round(Math.sin(this.phase) * 8000);
        this.phase += (2 * Math.PI * frequency) / SAMPLE_RATE;
      }
      this.source.onData({ samples, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: FRAME });
    }, 10);
  }

  stop(): void {
    clearInterval(this.timer);
    this.track.stop();
  }
}

/** Counts audio frames arriving on a remote track, and those that are not silence. */
export class AudioCounter {
  private sink: any;
  frames = 0;
  audible = 0;

  constructor(track: MediaStreamTrack) {
    this.sink = new RTCAudioSink(track);
    this.sink.ondata = (data: { samples: Int16Array }) => {
      this.frames++;
      if (data.samples.some((sample) => Math.abs(sample) > 64)) this.audible++;
    };
  }

  stop(): void {
    this.sink?.stop();
    this.sink = null;
  }
}

export interface WrtcMediaEnd {
  channel: MediaChannel;
  end: MediaEnd;
  /** Audio heard per peer connection (by the media end's pcId). */
  heard: Map<string, AudioCounter>;
  /** Total audible frames over all peers so far. */
  audible(): number;
  close(): void;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A media end on wrtc with a serialising channel in front of it. */
export function createWrtcMediaEnd(frequency = 440): WrtcMediaEnd {
  const eventListeners = new Set<(event: MediaEvent) => void>();
  const closeListeners = new Set<() => void>();
  const sources: ToneSource[] = [];
  const heard = new Map<string, AudioCounter>();
  const retired: AudioCounter[] = [];
  let open = true;

  const end = new MediaEnd({
    RTCPeerConnection: wrtc.RTCPeerConnection as unknown as new (config: RTCConfiguration) => RTCPeerConnection,
    getUserMedia: async () => {
      const source = new ToneSource(frequency);
      sources.push(source);
      return new wrtc.MediaStream([source.track]) as unknown as MediaStream;
    },
    createStream: (tracks) => new wrtc.MediaStream(tracks as any) as unknown as MediaStream,
    emit: (event) => {
      if (!open) return;
      const copy = clone(event);
      setImmediate(() => {
        for (const listener of eventListeners) listener(copy);
      });
    },
    onRemoteTrack: (pcId, track) => {
      if (track.kind === 'audio') heard.set(pcId, new AudioCounter(track));
    },
    onPeerClosed: (pcId) => {
      const counter = heard.get(pcId);
      if (counter) {
        counter.stop();
        retired.push(counter);
        heard.delete(pcId);
      }
    },
  });

  const channel: MediaChannel = {
    // wrtc's RTCRtpSender has no `dtmf`: RFC 4733 cannot be sent from Node.
    capabilities: { rfc4733Dtmf: false },
    request: async (request: MediaRequest): Promise<MediaResult> => {
      if (!open) throw new Error('media end closed');
      return clone(await end.handle(clone(request)));
    },
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onClose: (listener) => {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
  };

  return {
    channel,
    end,
    heard,
    audible: () => [...heard.values(), ...retired].reduce((sum, counter) => sum + counter.audible, 0),
    close: () => {
      if (!open) return;
      open = false;
      end.closeAll();
      for (const counter of heard.values()) counter.stop();
      heard.clear();
      for (const source of sources) source.stop();
      for (const listener of closeListeners) listener();
    },
  };
}

/** Polls until `check` holds, or fails with `what` after `ms`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000, every = 25): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
