/**
 * The media end of the bridge: executes main's requests on real RTCPeerConnections and reports
 * their events. The same code runs in the Electron media window, in the browser host's page and,
 * with @roamhq/wrtc, in Node tests. Requests run strictly in order, as JsSIP issued them.
 */
import { peerStatsFrom } from './peer-stats';
import type { AudioDevice, MediaEvent, MediaRequest, MediaResult, PeerState, SessionDescriptionInit, TrackInfo } from '../../src-main/contract';

/** The fields of a MediaDeviceInfo the media end reads. */
export interface DeviceInfoLike {
  deviceId: string;
  kind: string;
  label: string;
  groupId?: string;
}

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
  /** WebHID's devices, where the platform has WebHID (Electron's media window). */
  hidDevices?(): Promise<{ vendorId: number; productId: number; productName: string; collections: unknown[] }[]>;
  /** A local track was stopped (a generated source can stop generating). */
  onLocalTrackStopped?(track: MediaStreamTrack): void;
  /** The platform's devices (navigator.mediaDevices.enumerateDevices); none without it. */
  enumerateDevices?(): Promise<readonly DeviceInfoLike[]>;
  /** Call audio plays on this speaker from now on (`null`: the default); false if it could not. */
  setOutput?(sinkId: string | null): Promise<boolean>;
  /**
   * A level meter on a microphone track that hears it also while muted (mic-meter.ts); without
   * one, the stats' media-source level is used (wrtc keeps measuring a disabled track, Chromium not).
   */
  meterMicrophone?(track: MediaStreamTrack): MicMeter | null;
  /** The ringtone; `start` says whether it plays (a page may refuse sound before a user gesture). */
  ring?: { start(sinkId: string | null, caller: string, volume: number): Promise<boolean>; stop(): void };
  /** The pre-shift check's test tone on a device; whether it played. */
  testTone?(sinkId: string | null, volume: number): Promise<boolean>;
}

/** A microphone's level now (0–1), or null when the meter cannot hear (a suspended audio context). */
export interface MicMeter {
  level(): number | null;
  stop(): void;
}

interface Peer {
  pc: RTCPeerConnection;
  senders: Map<string, RTCRtpSender>;
  /** The bridge's track id each sender sends, so a switched microphone reaches every sender. */
  senderTracks: Map<string, string>;
  /** Directions of transceivers an early answer made inactive, to give back on the real answer. */
  ownDirections: Map<RTCRtpTransceiver, RTCRtpTransceiverDirection>;
}

/**
 * The audio devices of an enumerateDevices() list, as the bridge reports them. Chromium's
 * 'default' and 'communications' entries are aliases, not devices: they are dropped and mark the
 * device they stand for as the default. Without such an alias the first device of a kind is the
 * default (the order the specification asks for).
 */
export function audioDevicesFrom(infos: readonly DeviceInfoLike[]): AudioDevice[] {
  const kinds = ['audioinput', 'audiooutput'] as const;
  const out: AudioDevice[] = [];
  for (const kind of kinds) {
    const ofKind = infos.filter((info) => info.kind === kind && info.deviceId !== '');
    const alias = ofKind.find((info) => info.deviceId === 'default');
    const real = ofKind.filter(
      (info, index) =>
        info.deviceId !== 'default' && info.deviceId !== 'communications' && ofKind.findIndex((other) => other.deviceId === info.deviceId) === index,
    );
    // Chromium labels the alias "Default - <the device's label>"; the group id is the fallback.
    const byLabel = alias ? real.find((info) => info.label !== '' && alias.label.endsWith(` - ${info.label}`)) : undefined;
    const byGroup = alias?.groupId ? real.filter((info) => info.groupId === alias.groupId) : [];
    const chosen = alias ? (byLabel ?? (byGroup.length === 1 ? byGroup[0] : undefined)) : real[0];
    for (const info of real) {
      const device: AudioDevice = { deviceId: info.deviceId.slice(0, 500), kind, label: (info.label ?? '').slice(0, 300) };
      if (info === chosen) device.isDefault = true;
      out.push(device);
    }
  }
  return out;
}

function describe(description: RTCSessionDescription | RTCSessionDescriptionInit | null): SessionDescriptionInit | null {
  if (!description || !description.type) return null;
  return { type: description.type, sdp: description.sdp ?? '' };
}

/** Numbers every snapshot this page takes, across its peers: main keeps the newest (PeerState.seq). */
let snapshots = 0;

function stateOf(pc: RTCPeerConnection): PeerState {
  return {
    seq: ++snapshots,
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
  /** Level meters per bridge track id, on the real track they were made for. */
  private readonly meters = new Map<string, { track: MediaStreamTrack; meter: MicMeter | null }>();

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
    for (const track of this.tracks.values()) {
      track.stop();
      this.deps.onLocalTrackStopped?.(track);
    }
    this.tracks.clear();
    this.streams.clear();
    for (const trackId of [...this.meters.keys()]) this.dropMeter(trackId);
    this.deps.ring?.stop();
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** A device was plugged in or out: tell main the new list. */
  async reportDevices(): Promise<void> {
    this.deps.emit({ type: 'devices.changed', devices: await this.listDevices() });
  }

  private async listDevices(): Promise<AudioDevice[]> {
    return audioDevicesFrom(this.deps.enumerateDevices ? await this.deps.enumerateDevices() : []);
  }

  /** Keeps a local track under the bridge's id for it; 'ended' is reported only while it is the one. */
  private keep(trackId: string, track: MediaStreamTrack): void {
    this.tracks.set(trackId, track);
    track.addEventListener('ended', () => {
      if (this.tracks.get(trackId) === track) this.deps.emit({ type: 'track.ended', trackId });
    });
  }

  /** The meter's reading of a microphone track; made on first use, anew after a device switch. */
  private micLevel(trackId: string): number | null {
    const track = this.tracks.get(trackId);
    if (!track || !this.deps.meterMicrophone) return null;
    let kept = this.meters.get(trackId);
    if (kept?.track !== track) {
      this.dropMeter(trackId);
      kept = { track, meter: this.deps.meterMicrophone(track) };
      this.meters.set(trackId, kept);
    }
    return kept.meter?.level() ?? null;
  }

  private dropMeter(trackId: string): void {
    this.meters.get(trackId)?.meter?.stop();
    this.meters.delete(trackId);
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
        for (const track of stream.getTracks()) this.keep(track.id, track);
        return { tracks: stream.getTracks().map(trackInfo) };
      }
      case 'track.switchDevice': {
        const old = this.tracks.get(request.trackId);
        if (!old) throw new Error(`no local track ${request.trackId}`);
        const stream = await this.deps.getUserMedia({ audio: request.deviceId ? { deviceId: request.deviceId } : true, video: false });
        const [fresh, ...extra] = stream.getAudioTracks();
        for (const track of extra) track.stop();
        if (!fresh) throw new Error('the microphone gave no audio track');
        fresh.enabled = old.enabled;
        for (const peer of this.peers.values()) {
          for (const [senderId, trackId] of peer.senderTracks) {
            if (trackId === request.trackId) await peer.senders.get(senderId)?.replaceTrack(fresh);
          }
        }
        for (const kept of this.streams.values()) {
          if (!kept.getTracks().includes(old)) continue;
          try {
            kept.removeTrack(old);
            kept.addTrack(fresh);
          } catch {
            // Only bookkeeping for later addTrack calls; the senders already send the new track.
          }
        }
        this.keep(request.trackId, fresh);
        old.stop();
        return { tracks: [{ ...trackInfo(fresh), id: request.trackId }] };
      }
      case 'devices.list':
        return { devices: await this.listDevices() };
      case 'hid.devices':
        return { hidDevices: this.deps.hidDevices ? await this.deps.hidDevices() : [] };
      case 'output.set':
        return { applied: this.deps.setOutput ? await this.deps.setOutput(request.sinkId) : false };
      case 'ring.start':
        return { applied: this.deps.ring ? await this.deps.ring.start(request.sinkId, request.caller, request.volume) : false };
      case 'ring.stop':
        this.deps.ring?.stop();
        return {};
      case 'track.level':
        return { level: this.micLevel(request.trackId) };
      case 'tone.play':
        return { applied: this.deps.testTone ? await this.deps.testTone(request.sinkId, request.volume) : false };
      case 'track.setEnabled': {
        const track = this.tracks.get(request.trackId);
        if (track) track.enabled = request.enabled;
        return {};
      }
      case 'track.stop': {
        const track = this.tracks.get(request.trackId);
        if (track) {
          track.stop();
          this.deps.onLocalTrackStopped?.(track);
        }
        this.tracks.delete(request.trackId);
        this.dropMeter(request.trackId);
        return {};
      }
      case 'pc.create': {
        const pc = new this.deps.RTCPeerConnection({
          iceServers: request.config.iceServers,
          iceTransportPolicy: request.config.iceTransportPolicy ?? 'all',
          // 'balanced', not 'max-bundle': relays, PBXs and SBCs offer one audio m-line without an
          // a=group:BUNDLE line, which a max-bundle peer refuses outright (the call would get a 488).
          // With a single audio m-line both policies put the same one transport on the wire.
          bundlePolicy: 'balanced',
          // Every WebRTC-facing peer (rtpengine, Asterisk, FreeSWITCH) multiplexes RTCP; an offer
          // that also names a separate a=rtcp port is still accepted as long as it has a=rtcp-mux.
          rtcpMuxPolicy: 'require',
        });
        this.peers.set(request.pcId, { pc, senders: new Map(), senderTracks: new Map(), ownDirections: new Map() });
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
      case 'pc.answer': {
        const peer = this.peer(request.pcId);
        const { pc } = peer;
        await pc.setRemoteDescription(request.offer);
        for (const transceiver of pc.getTransceivers()) {
          if (transceiver.direction === 'stopped') continue;
          const own = peer.ownDirections.get(transceiver);
          if (request.inactive) {
            if (own === undefined) peer.ownDirections.set(transceiver, transceiver.direction);
            transceiver.direction = 'inactive';
          } else if (own !== undefined) {
            transceiver.direction = own;
            peer.ownDirections.delete(transceiver);
          }
        }
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        return { description: describe(answer) ?? undefined, state: stateOf(pc) };
      }
      case 'pc.addTrack': {
        const peer = this.peer(request.pcId);
        const track = this.tracks.get(request.trackId);
        if (!track) throw new Error(`no local track ${request.trackId}`);
        const streams = request.streamIds.map((streamId) => this.streams.get(streamId) ?? this.deps.createStream([track]));
        const sender = peer.pc.addTrack(track, ...streams);
        peer.senders.set(request.senderId, sender);
        peer.senderTracks.set(request.senderId, request.trackId);
        const dtmf = sender.dtmf;
        if (dtmf) {
          dtmf.addEventListener('tonechange', (event) => {
            this.deps.emit({
              type: 'pc.tonechange',
              pcId: request.pcId,
              senderId: request.senderId,
              tone: event.tone,
              toneBuffer: dtmf.toneBuffer,
            });
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
      case 'pc.stats': {
        const peer = this.peer(request.pcId);
        const stats = peerStatsFrom(await peer.pc.getStats());
        const [trackId] = peer.senderTracks.values();
        const level = trackId === undefined ? null : this.micLevel(trackId);
        return { stats: level === null ? stats : { ...stats, micLevel: level } };
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
