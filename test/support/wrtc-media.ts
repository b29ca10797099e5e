/**
 * A media end in Node: the real MediaEnd (the code the media window runs) on @roamhq/wrtc's real
 * WebRTC, reached through a channel that serialises every message as the real bridges do. Its
 * "microphone" is a tone generator and its "speaker" counts what arrives, so tests can check
 * that audio flows, stops, or is silence.
 */
import wrtc from '@roamhq/wrtc';
import type { MediaChannel, MediaEvent, MediaRequest, MediaResult } from '../../src-main/contract';
import { MediaEnd, type DeviceInfoLike, type MediaEndDeps } from '../../src-renderer/media/media-end';
import { AudioMeter, ToneSource } from './audio';

export { AudioMeter, ToneSource };

export interface WrtcMediaEnd {
  channel: MediaChannel;
  end: MediaEnd;
  /** Audio heard per peer connection (by the media end's pcId). */
  heard: Map<string, AudioMeter>;
  /** Total loud frames (AudioMeter.loudFrames) heard over all peers so far. */
  audible(): number;
  close(): void;
  /** Every request main sent, in order (copies). */
  requests: MediaRequest[];
  /**
   * Every event the media end reported, in order, in brief: its type, peer and the peer's
   * connection state (not the whole snapshot with both SDPs, which a 200-call soak would hoard).
   */
  events: { type: MediaEvent['type']; pcId?: string; connectionState?: string }[];
  /** What the "microphone" was asked for, per getUserMedia. */
  microphoneRequests: MediaStreamConstraints[];
  /** The ringtone: each start and stop, in order (nothing is played in Node). */
  rings: ({ op: 'start'; sinkId: string | null; caller: string; volume: number } | { op: 'stop' })[];
  /** The pre-shift check's test tones, in order (nothing is played in Node). */
  tones: { sinkId: string | null; volume: number }[];
  /** Whether the ringtone "plays" now. */
  ringing(): boolean;
  /** The fake devices the end reports (enumerateDevices); change them with `setDevices`. */
  devices: DeviceInfoLike[];
  /** Plugs devices in or out: the list changes and main hears 'devices.changed'. */
  setDevices(devices: DeviceInfoLike[]): Promise<void>;
}

/** The devices a wrtc media end reports until a test changes them. */
export const FAKE_DEVICES: readonly DeviceInfoLike[] = [
  { deviceId: 'default', kind: 'audioinput', label: 'Default - Fake Laptop Microphone', groupId: 'laptop' },
  { deviceId: 'fake-laptop-mic', kind: 'audioinput', label: 'Fake Laptop Microphone', groupId: 'laptop' },
  { deviceId: 'fake-headset-mic', kind: 'audioinput', label: 'Fake Headset Microphone', groupId: 'headset' },
  { deviceId: 'default', kind: 'audiooutput', label: 'Default - Fake Laptop Speakers', groupId: 'laptop' },
  { deviceId: 'fake-laptop-speakers', kind: 'audiooutput', label: 'Fake Laptop Speakers', groupId: 'laptop' },
  { deviceId: 'fake-headset-speakers', kind: 'audiooutput', label: 'Fake Headset Speakers', groupId: 'headset' },
];

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A media end on wrtc with a serialising channel in front of it. */
export function createWrtcMediaEnd(frequency = 440, options: { amplitude?: number; meterMicrophone?: MediaEndDeps['meterMicrophone'] } = {}): WrtcMediaEnd {
  const eventListeners = new Set<(event: MediaEvent) => void>();
  const closeListeners = new Set<() => void>();
  // The media end's "microphone": one tone, a track per getUserMedia.
  // `amplitude: 0`: a microphone that gives no sound (a dead or wrong device).
  const tone = new ToneSource({ frequencyHz: frequency, amplitude: options.amplitude });
  const heard = new Map<string, AudioMeter>();
  let retiredAudible = 0;
  const requests: MediaRequest[] = [];
  const events: WrtcMediaEnd['events'] = [];
  const microphoneRequests: MediaStreamConstraints[] = [];
  const rings: WrtcMediaEnd['rings'] = [];
  const tones: WrtcMediaEnd['tones'] = [];
  let ringing = false;
  let devices: DeviceInfoLike[] = FAKE_DEVICES.map((device) => ({ ...device }));
  let open = true;

  const end = new MediaEnd({
    RTCPeerConnection: wrtc.RTCPeerConnection as unknown as new (config: RTCConfiguration) => RTCPeerConnection,
    ...(options.meterMicrophone ? { meterMicrophone: options.meterMicrophone } : {}),
    getUserMedia: async (constraints) => {
      microphoneRequests.push(clone(constraints));
      return new wrtc.MediaStream([tone.createTrack() as any]) as unknown as MediaStream;
    },
    createStream: (tracks) => new wrtc.MediaStream(tracks as any) as unknown as MediaStream,
    emit: (event) => {
      if (!open) return;
      const copy = clone(event);
      events.push({
        type: event.type,
        ...('pcId' in event ? { pcId: event.pcId } : {}),
        ...('state' in event ? { connectionState: event.state.connectionState } : {}),
      });
      setImmediate(() => {
        for (const listener of eventListeners) listener(copy);
      });
    },
    onRemoteTrack: (pcId, track) => {
      if (track.kind !== 'audio') return;
      // A peer that answered inactive first (while the call rang) reports its track again when it
      // answers for real: one meter per peer, or the old one's sink would keep Node alive.
      const previous = heard.get(pcId);
      if (previous) {
        previous.stop();
        retiredAudible += previous.loudFrames;
      }
      const meter = new AudioMeter();
      meter.attach(track);
      heard.set(pcId, meter);
    },
    // A stopped "microphone" stops generating too (stop() fires no 'ended' to listen to).
    onLocalTrackStopped: (track) => {
      tone.releaseTrack(track);
    },
    onPeerClosed: (pcId) => {
      const meter = heard.get(pcId);
      if (meter) {
        meter.stop();
        retiredAudible += meter.loudFrames;
        heard.delete(pcId);
      }
    },
    enumerateDevices: async () => devices.map((device) => ({ ...device })),
    testTone: async (sinkId, volume) => {
      tones.push({ sinkId, volume });
      return true;
    },
    ring: {
      start: async (sinkId, caller, volume) => {
        rings.push({ op: 'start', sinkId, caller, volume });
        ringing = true;
        return true;
      },
      stop: () => {
        if (ringing) rings.push({ op: 'stop' });
        ringing = false;
      },
    },
  });

  const channel: MediaChannel = {
    // wrtc's RTCRtpSender has no `dtmf`: RFC 4733 cannot be sent from Node.
    // No speakers in Node: the output cannot be chosen.
    capabilities: { rfc4733Dtmf: false, setSinkId: false },
    request: async (request: MediaRequest): Promise<MediaResult> => {
      if (!open) throw new Error('media end closed');
      requests.push(clone(request));
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
    audible: () => [...heard.values()].reduce((sum, meter) => sum + meter.loudFrames, retiredAudible),
    requests,
    events,
    microphoneRequests,
    rings,
    tones,
    ringing: () => ringing,
    get devices() {
      return devices;
    },
    setDevices: async (next) => {
      devices = next.map((device) => ({ ...device }));
      await end.reportDevices();
    },
    close: () => {
      if (!open) return;
      open = false;
      end.closeAll();
      for (const meter of heard.values()) meter.stop();
      heard.clear();
      tone.stop();
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
