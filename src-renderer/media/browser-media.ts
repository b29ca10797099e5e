/**
 * Starts the media end in a browser context (the Electron media window, or the browser host's
 * page): real RTCPeerConnections, the microphone from getUserMedia, remote audio played through
 * an <audio> element per call.
 */
import type { AnlaufMediaHost } from '../../src-main/contract';
import { MediaEnd } from './media-end';

export function startBrowserMedia(host: AnlaufMediaHost): MediaEnd {
  const players = new Map<string, HTMLAudioElement>();
  let emitter: ReturnType<AnlaufMediaHost['connect']> | null = null;
  const end = new MediaEnd({
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
      // Playback may wait for a user gesture; answering a call is one.
      player.play().catch(() => undefined);
    },
    onPeerClosed: (pcId) => {
      const player = players.get(pcId);
      if (!player) return;
      player.pause();
      player.srcObject = null;
      players.delete(pcId);
    },
  });
  emitter = host.connect({
    capabilities: { rfc4733Dtmf: typeof window.RTCDTMFSender === 'function' },
    handle: (request) => end.handle(request),
  });
  window.addEventListener('pagehide', () => end.closeAll());
  return end;
}
