/**
 * Starts the media end in a browser context (the Electron media window, or the browser host's
 * page): real RTCPeerConnections, the microphone from getUserMedia, remote audio played through
 * an <audio> element per call on the chosen speaker, and the ringtone on the chosen ring device.
 *
 * Sound without a user gesture: the Electron media window is created with
 * `autoplayPolicy: 'no-user-gesture-required'`. A browser-host page in a real Chrome may play
 * nothing until the agent clicked in it once; `ring.start` then answers `applied: false` and main
 * tells the agent. Tests start Chromium with autoplay allowed.
 */
import type { AnlaufMediaHost } from '../../src-main/contract';
import { MediaEnd, type DeviceInfoLike } from './media-end';
import { createMicMeter } from './mic-meter';
import { ringtoneWav, testToneWav } from './ringtone';

type SinkElement = HTMLMediaElement & { setSinkId?(sinkId: string): Promise<void> };

const canChooseOutput = typeof (HTMLMediaElement.prototype as SinkElement).setSinkId === 'function';

/** Plays `element` on `sinkId` (`null`: the default); false if that device could not be used. */
async function routeTo(element: SinkElement, sinkId: string | null): Promise<boolean> {
  if (typeof element.setSinkId !== 'function') return sinkId === null;
  try {
    await element.setSinkId(sinkId ?? '');
    return true;
  } catch {
    // Unplugged or not allowed: the default speaker is better than silence.
    await element.setSinkId('').catch(() => undefined);
    return false;
  }
}

/** The ringtone: one <audio> element looping the generated ring cycle. */
class Ringer {
  private element: HTMLAudioElement | null = null;

  async start(sinkId: string | null, volume: number): Promise<boolean> {
    const element = this.element ?? this.create();
    element.volume = Math.min(1, Math.max(0, volume));
    await routeTo(element, sinkId);
    if (!element.paused) return true;
    element.currentTime = 0;
    const playing = element.play().then(
      () => true,
      () => false,
    );
    return playingWithin(playing);
  }

  stop(): void {
    if (!this.element) return;
    this.element.pause();
    this.element.currentTime = 0;
  }

  private create(): HTMLAudioElement {
    const wav = ringtoneWav();
    const element = new Audio(URL.createObjectURL(new Blob([wav.buffer as ArrayBuffer], { type: 'audio/wav' })));
    element.loop = true;
    element.preload = 'auto';
    // In the document (without controls it shows nothing) so tests and devtools can find it.
    element.dataset.anlaufRing = '';
    element.hidden = true;
    document.body?.append(element);
    this.element = element;
    return element;
  }
}

/** The pre-shift check's tone, once, on one device; resolves with whether it played. */
async function playTestTone(sinkId: string | null, volume: number): Promise<boolean> {
  const element = new Audio(URL.createObjectURL(new Blob([testToneWav().buffer as ArrayBuffer], { type: 'audio/wav' }))) as SinkElement;
  element.volume = Math.min(1, Math.max(0, volume));
  element.dataset.anlaufTestTone = sinkId ?? 'default';
  element.hidden = true;
  document.body?.append(element);
  const routed = await routeTo(element, sinkId);
  const ended = () => {
    URL.revokeObjectURL(element.src);
    element.remove();
  };
  element.addEventListener('ended', ended, { once: true });
  const playing = element.play().then(
    () => true,
    () => {
      ended();
      return false;
    },
  );
  const played = await playingWithin(playing);
  // Played on the default because the chosen device is gone: the agent would confirm the wrong one.
  return played && (routed || sinkId === null);
}

/**
 * What `play()` said, or true after 1 s: it resolves when sound starts and rejects at once without
 * a user gesture, but may not settle otherwise; the media queue is not held up longer than that.
 */
function playingWithin(playing: Promise<boolean>): Promise<boolean> {
  return Promise.race([playing, new Promise<boolean>((resolve) => window.setTimeout(() => resolve(true), 1000))]);
}

export function startBrowserMedia(host: AnlaufMediaHost): MediaEnd {
  const players = new Map<string, HTMLAudioElement>();
  const ringer = new Ringer();
  let speaker: string | null = null;
  let labelsAsked = false;
  let emitter: ReturnType<AnlaufMediaHost['connect']> | null = null;
  const devices = navigator.mediaDevices as MediaDevices | undefined;

  const enumerateDevices = async (): Promise<readonly DeviceInfoLike[]> => {
    if (!devices?.enumerateDevices) return [];
    let infos = await devices.enumerateDevices();
    if (!labelsAsked && infos.some((info) => info.kind === 'audioinput') && infos.every((info) => info.label === '')) {
      // Devices have no ids or names until the microphone was allowed once; a softphone needs it
      // anyway, and asking now beats asking while a caller waits for the answer.
      labelsAsked = true;
      try {
        const stream = await devices.getUserMedia({ audio: true, video: false });
        for (const track of stream.getTracks()) track.stop();
        infos = await devices.enumerateDevices();
      } catch {
        // Refused: the lists stay without names; calls will ask again.
      }
    }
    return infos;
  };

  const end = new MediaEnd({
    hidDevices: webHidDevices,
    RTCPeerConnection: window.RTCPeerConnection,
    getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
    createStream: (tracks) => new MediaStream(tracks),
    emit: (event) => emitter?.emit(event),
    onRemoteTrack: (pcId, track) => {
      if (track.kind !== 'audio') return;
      const player = players.get(pcId) ?? new Audio();
      player.autoplay = true;
      player.srcObject = new MediaStream([track]);
      players.set(pcId, player);
      void routeTo(player, speaker).finally(() => {
        // Playback may wait for a user gesture; answering a call is one.
        player.play().catch(() => undefined);
      });
    },
    onPeerClosed: (pcId) => {
      const player = players.get(pcId);
      if (!player) return;
      player.pause();
      player.srcObject = null;
      players.delete(pcId);
    },
    enumerateDevices,
    meterMicrophone: createMicMeter,
    setOutput: async (sinkId) => {
      speaker = sinkId;
      const results = await Promise.all([...players.values()].map((player) => routeTo(player, sinkId)));
      return canChooseOutput ? results.every(Boolean) : sinkId === null;
    },
    ring: {
      start: (sinkId, _caller, volume) => ringer.start(sinkId, volume),
      stop: () => ringer.stop(),
    },
    testTone: playTestTone,
  });
  emitter = host.connect({
    capabilities: { rfc4733Dtmf: typeof window.RTCDTMFSender === 'function', setSinkId: canChooseOutput },
    handle: (request) => end.handle(request),
  });
  devices?.addEventListener?.('devicechange', () => {
    end.reportDevices().catch(() => undefined);
  });
  window.addEventListener('pagehide', () => end.closeAll());
  return end;
}

/** WebHID's view of the permitted HID devices, as plain data (Electron grants our origin). */
async function webHidDevices(): Promise<{ vendorId: number; productId: number; productName: string; collections: unknown[] }[]> {
  const hid = (
    navigator as Navigator & { hid?: { getDevices(): Promise<{ vendorId: number; productId: number; productName: string; collections: unknown[] }[]> } }
  ).hid;
  if (!hid) return [];
  const devices = await hid.getDevices();
  // HIDCollectionInfo is a dictionary: a JSON round trip gives the plain data the bridge carries.
  return devices.map((d) => ({
    vendorId: d.vendorId,
    productId: d.productId,
    productName: d.productName,
    collections: JSON.parse(JSON.stringify(d.collections)) as unknown[],
  }));
}
