/**
 * The media end of the bridge: executes main's requests on real RTCPeerConnections and reports
 * their events. The same code runs in the Electron media window, in the browser host's page and,
 * with @roamhq/wrtc, in Node tests. Requests run strictly in order, as JsSIP issued them.
 */
import type { MediaEvent, MediaRequest, MediaResult, PeerState, SessionDescriptionInit, TrackInfo } from '../../src-main/contract';

export interface MediaEndDeps {
  RTCPeerConnection: new (config: RTCConfiguration) => RTCPeerConnection;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  /** Builds a stream around tracks (the platform's MediaStream constructor). */
  createStream(tracks: MediaStreamTrack[]): MediaStream;
  emit(event: MediaEvent): void;
  /** Remote audio arrived: play it (an <audio> element in a page, a sink in tests). */
  onRemoteTrack?(pcId: string, track: MediaStreamTrack): void;
  /** The peer is gone: stop playing its audio. */
  onPeerClosed?(pcId: string): void;
}

interface Peer {
  pc: RTCPeerConnection;
  senders: Map<string, RTCRtpSender>;
}

function describe(description: RTCSessionDescription | RTCSessionDescriptionInit | null): SessionDescriptionInit | null {
  if (!description || !description.type) return null;
  return { type: description.type, sdp: description.sdp ?? '' };
}

function stateOf(pc: RTCPeerConnection): PeerState {
  return {
    signalingState: pc.signalingState,
    iceGatheringState: pc.iceGatheringState,
    iceConnectionState: pc.iceConnectionState,
    connectionState: pc.connectionState ?? 'new',
    localDescription: describe(pc.localDescription),
    remoteDescription: describe(pc.remoteDescription),
  };
}

function trackInfo(track: MediaStreamTrack): TrackInfo {
  return { id: track.id, kind: track.kind === 'video' ? 'video' : 'audio', label: track.label ?? '' };
}

export class MediaEnd {
  private readonly peers = new Map<string, Peer>();
  private readonly tracks = new Map<string, MediaStreamTrack>();
  private readonly streams = new Map<string, MediaStream>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: MediaEndDeps) {}

  /** Runs one request after all earlier ones have finished. */
  handle(request: MediaRequest): Promise<MediaResult> {
    const run = this.queue.then(() => this.execute(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends every peer and track (the bridge to main is gone). */
  closeAll(): void {
    for (const [pcId, peer] of this.peers) {
      peer.pc.close();
      this.deps.onPeerClosed?.(pcId);
    }
    this.peers.clear();
    for (const track of this.tracks.values()) track.stop();
    this.tracks.clear();
    this.streams.clear();
  }

  get peerCount(): number {
    return this.peers.size;
  }

  private peer(pcId: string): Peer {
    const peer = this.peers.get(pcId);
    if (!peer) throw new Error(`no peer connection ${pcId}`);
    return peer;
  }

  private async execute(request: MediaRequest): Promise<MediaResult> {
    switch (request.op) {
      case 'getUserMedia': {
        const stream = await this.deps.getUserMedia({ audio: Object.keys(request.audio).length ? request.audio : true, video: false });
        this.streams.set(request.streamId, stream);
        for (const track of stream.getTracks()) {
          this.tracks.set(track.id, track);
          track.addEventListener('ended', () => this.deps.emit({ type: 'track.ended', trackId: track.id }));
        }
        return { tracks: stream.getTracks().map(trackInfo) };
      }
      case 'track.setEnabled': {
        const track = this.tracks.get(request.trackId);
        if (track) track.enabled = request.enabled;
        return {};
      }
      case 'track.stop': {
        this.tracks.get(request.trackId)?.stop();
        this.tracks.delete(request.trackId);
        return {};
      }
      case 'pc.create': {
        const pc = new this.deps.RTCPeerConnection({
          iceServers: request.config.iceServers,
          iceTransportPolicy: request.config.iceTransportPolicy ?? 'all',
          bundlePolicy: 'max-bundle',
          rtcpMuxPolicy: 'require',
        });
        this.peers.set(request.pcId, { pc, senders: new Map() });
        this.wire(request.pcId, pc);
        return { state: stateOf(pc) };
      }
      case 'pc.createOffer': {
        const { pc } = this.peer(request.pcId);
        const offer = await pc.createOffer({ iceRestart: request.options.iceRestart === true });
        return { description: describe(offer) ?? undefined, state: stateOf(pc) };
      }
      case 'pc.createAnswer': {
        const { pc } = this.peer(request.pcId);
        const answer = await pc.createAnswer();
        return { description: describe(answer) ?? undefined, state: stateOf(pc) };
      }
      case 'pc.setLocalDescription': {
        const { pc } = this.peer(request.pcId);
        await (request.description ? pc.setLocalDescription(request.description) : pc.setLocalDescription());
        return { state: stateOf(pc) };
      }
      case 'pc.setRemoteDescription': {
        const { pc } = this.peer(request.pcId);
        await pc.setRemoteDescription(request.description);
        return { state: stateOf(pc) };
      }
      case 'pc.addTrack': {
        const peer = this.peer(request.pcId);
        const track = this.tracks.get(request.trackId);
        if (!track) throw new Error(`no local track ${request.trackId}`);
        const streams = request.streamIds.map((streamId) => this.streams.get(streamId) ?? this.deps.createStream([track]));
        const sender = peer.pc.addTrack(track, ...streams);
        peer.senders.set(request.senderId, sender);
        const dtmf = sender.dtmf;
        if (dtmf) {
          dtmf.addEventListener('tonechange', (event) => {
            this.deps.emit({ type: 'pc.tonechange', pcId: request.pcId, senderId: request.senderId, tone: (event as RTCDTMFToneChangeEvent).tone, toneBuffer: dtmf.toneBuffer });
          });
        }
        return { state: stateOf(peer.pc) };
      }
      case 'pc.insertDTMF': {
        const peer = this.peer(request.pcId);
        const dtmf = peer.senders.get(request.senderId)?.dtmf;
        if (!dtmf) throw new Error('this call has no audio sender that can send DTMF');
        dtmf.insertDTMF(request.tones, request.duration, request.interToneGap);
        return { toneBuffer: dtmf.toneBuffer };
      }
      case 'pc.close': {
        const peer = this.peers.get(request.pcId);
        if (peer) {
          peer.pc.close();
          this.peers.delete(request.pcId);
          this.deps.onPeerClosed?.(request.pcId);
        }
        return {};
      }
    }
  }

  private wire(pcId: string, pc: RTCPeerConnection): void {
    const alive = () => this.peers.get(pcId)?.pc === pc;
    pc.addEventListener('icecandidate', (event) => {
      if (!alive()) return;
      const candidate = event.candidate
        ? { candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid ?? null, sdpMLineIndex: event.candidate.sdpMLineIndex ?? null }
        : null;
      this.deps.emit({ type: 'pc.icecandidate', pcId, candidate, state: stateOf(pc) });
    });
    for (const name of ['icegatheringstatechange', 'iceconnectionstatechange', 'signalingstatechange', 'connectionstatechange'] as const) {
      pc.addEventListener(name, () => {
        if (alive()) this.deps.emit({ type: 'pc.statechange', pcId, event: name, state: stateOf(pc) });
      });
    }
    pc.addEventListener('track', (event) => {
      if (!alive()) return;
      this.deps.onRemoteTrack?.(pcId, event.track);
      this.deps.emit({ type: 'pc.track', pcId, track: trackInfo(event.track), state: stateOf(pc) });
    });
  }
}
