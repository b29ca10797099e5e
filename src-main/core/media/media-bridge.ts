import { v7 as uuidv7 } from 'uuid';
import {
  mediaEventSchema,
  mediaResultSchema,
  type AudioDevice,
  type MediaCapabilities,
  type MediaChannel,
  type MediaEvent,
  type MediaRequest,
  type MediaResult,
  type MediaTrackConstraintsInit,
} from '../../contract';
import { Emitter } from '../events';
import type { Logger } from '../log';
import { BridgedMediaStream, BridgedMediaStreamTrack, BridgedPeerConnection, type BridgeLink } from './bridged-media';

export class MediaUnavailableError extends Error {
  constructor() {
    super('No media context is connected (the audio window or page is not open).');
    this.name = 'MediaUnavailableError';
  }
}

/**
 * Main's side of the media bridge. It owns the stand-in peer connections and routes the media
 * end's events to them. The media end can go away and come back (a page reload in the browser
 * host): `attach` takes the new one, and `onAttach` lets the phone re-negotiate its calls.
 */
export class MediaBridge implements BridgeLink {
  private channel: MediaChannel | null = null;
  private detachChannel: (() => void) | null = null;
  private readonly peers = new Map<string, BridgedPeerConnection>();
  private readonly attached = new Emitter<void>();
  readonly onDidAttach = this.attached.event;
  private readonly detached = new Emitter<void>();
  readonly onDidDetach = this.detached.event;
  /** A new media end took over open peer connections: their calls must re-offer now. */
  private readonly reattached = new Emitter<BridgedPeerConnection[]>();
  readonly onDidReattach = this.reattached.event;
  /** The media end saw a device come or go; the whole new list. */
  private readonly devicesChanged = new Emitter<AudioDevice[]>();
  readonly onDidChangeDevices = this.devicesChanged.event;
  /** A microphone track in use ended on its own (its device was unplugged). */
  private readonly trackEnded = new Emitter<BridgedMediaStreamTrack>();
  readonly onDidEndTrack = this.trackEnded.event;
  /** Microphone tracks handed out and not stopped yet. */
  private readonly tracks = new Set<BridgedMediaStreamTrack>();
  private constraints: () => MediaTrackConstraintsInit = () => ({});

  constructor(private readonly logger: Logger) {}

  get rfc4733Dtmf(): boolean {
    return this.channel?.capabilities.rfc4733Dtmf ?? false;
  }

  /** What the attached media end can do; null while none is attached. */
  get capabilities(): MediaCapabilities | null {
    return this.channel?.capabilities ?? null;
  }

  /** Where the agent's microphone choice comes from, for tracks acquired anew (a new media end). */
  useAudioConstraints(constraints: () => MediaTrackConstraintsInit): void {
    this.constraints = constraints;
  }

  audioConstraints(): MediaTrackConstraintsInit {
    return this.constraints();
  }

  /** Microphone tracks in use (by calls), live on the media end. */
  liveTracks(): BridgedMediaStreamTrack[] {
    for (const track of this.tracks) if (track.readyState === 'ended') this.tracks.delete(track);
    return [...this.tracks];
  }

  get isAttached(): boolean {
    return this.channel !== null;
  }

  get openPeers(): number {
    return this.peers.size;
  }

  attach(channel: MediaChannel): void {
    const hadOne = this.channel !== null || this.everAttached;
    this.detach();
    this.everAttached = true;
    this.channel = channel;
    const offEvent = channel.onEvent((raw) => this.onEvent(raw));
    const offClose = channel.onClose(() => {
      if (this.channel === channel) this.detach();
    });
    this.detachChannel = () => {
      offEvent();
      offClose();
    };
    // The calls' peers first: their audio waits on the new media end, and it works through its
    // requests in order, so the device list and the speaker asked for by `attached` come after.
    if (hadOne && this.peers.size > 0) void this.rebindPeers(channel);
    this.attached.fire();
  }

  private everAttached = false;

  private async rebindPeers(channel: MediaChannel): Promise<void> {
    const moved: BridgedPeerConnection[] = [];
    for (const pc of [...this.peers.values()]) {
      try {
        await pc.rebind();
        moved.push(pc);
      } catch (error) {
        this.logger.log('error', "could not move a call's media to the new media end", { error: String(error) });
      }
    }
    if (this.channel === channel && moved.length) this.reattached.fire(moved);
  }

  detach(): void {
    if (!this.channel) return;
    this.detachChannel?.();
    this.detachChannel = null;
    this.channel = null;
    this.detached.fire();
  }

  createPeerConnection(config: { iceServers?: { urls: string | string[]; username?: string; credential?: string }[] } = {}): BridgedPeerConnection {
    const pc = new BridgedPeerConnection(this, (closed) => this.peers.delete(closed.id), { iceServers: config.iceServers ?? [] });
    this.peers.set(pc.id, pc);
    return pc;
  }

  async getUserMedia(audio: MediaTrackConstraintsInit = this.constraints()): Promise<BridgedMediaStream> {
    const streamId = uuidv7();
    const result = await this.request({ op: 'getUserMedia', streamId, audio });
    const tracks = (result.tracks ?? []).map((info) => new BridgedMediaStreamTrack(info, this));
    // Forget tracks whose calls are over, so a long shift does not collect them.
    for (const track of this.tracks) if (track.readyState === 'ended') this.tracks.delete(track);
    for (const track of tracks) this.tracks.add(track);
    return new BridgedMediaStream(streamId, tracks);
  }

  /** WebHID's devices from the media end (Electron's media window); empty where it has none. */
  async hidDevices(): Promise<{ vendorId: number; productId: number; productName: string; collections: unknown[] }[]> {
    if (!this.channel) return [];
    return (await this.request({ op: 'hid.devices' })).hidDevices ?? [];
  }

  async request(request: MediaRequest): Promise<MediaResult> {
    const channel = this.channel;
    if (!channel) throw new MediaUnavailableError();
    const raw = await channel.request(request);
    const parsed = mediaResultSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`the media end sent a malformed reply to ${request.op}`);
    return parsed.data;
  }

  fire(request: MediaRequest): void {
    this.request(request).catch((error: unknown) => {
      this.logger.log('warn', 'media request failed', { op: request.op, error: String(error) });
    });
  }

  private onEvent(raw: unknown): void {
    const parsed = mediaEventSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.log('warn', 'media end sent a malformed event');
      return;
    }
    const event: MediaEvent = parsed.data;
    if ('pcId' in event) this.peers.get(event.pcId)?.receive(event);
    else if (event.type === 'devices.changed') this.devicesChanged.fire(event.devices);
    else if (event.type === 'track.ended') {
      const track = this.liveTracks().find((candidate) => candidate.id === event.trackId);
      if (track) this.trackEnded.fire(track);
    }
  }
}
