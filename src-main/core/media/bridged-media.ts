/**
 * Stand-ins for the WebRTC objects JsSIP uses, living in main. Each forwards to the real object
 * in the media context over the bridge and keeps a mirror of the state JsSIP reads synchronously.
 * Only what JsSIP 3.13's RTCSession touches is here (see docs/architecture.md, "media bridge").
 */
import { v7 as uuidv7 } from 'uuid';
import type { MediaEvent, MediaRequest, MediaResult, MediaTrackConstraintsInit, PeerState, PeerStats, SessionDescriptionInit, TrackInfo } from '../../contract';

export interface BridgeLink {
  /** Whether the media end can send RFC 4733 DTMF (its senders have `dtmf`). */
  readonly rfc4733Dtmf: boolean;
  /** The microphone to use when a track must be acquired anew (the agent's choice). */
  audioConstraints?(): MediaTrackConstraintsInit;
  request(request: MediaRequest): Promise<MediaResult>;
  /** Requests whose reply nobody awaits (JsSIP calls these synchronously). */
  fire(request: MediaRequest): void;
}

type Listener = (event: { type: string; [key: string]: unknown }) => void;

/** Minimal EventTarget: JsSIP uses addEventListener/removeEventListener only. */
class Events {
  private readonly listeners = new Map<string, Set<Listener>>();

  addEventListener(type: string, listener: Listener): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  protected dispatch(type: string, fields: Record<string, unknown> = {}): void {
    const event = { type, target: this, ...fields };
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener(event);
    const handler = (this as unknown as Record<string, unknown>)[`on${type}`];
    if (typeof handler === 'function') (handler as Listener).call(this, event);
  }
}

export class BridgedMediaStreamTrack {
  /** The real track's id; a new media end gives the same logical track a new real one. */
  id: string;
  readonly kind: 'audio' | 'video';
  label: string;
  readyState: 'live' | 'ended' = 'live';
  private isEnabled = true;

  constructor(
    info: TrackInfo,
    private readonly link: BridgeLink,
  ) {
    this.id = info.id;
    this.kind = info.kind;
    this.label = info.label;
  }

  get enabled(): boolean {
    return this.isEnabled;
  }

  /** Mute: JsSIP sets `sender.track.enabled`; the real track then sends silence. */
  set enabled(value: boolean) {
    if (value === this.isEnabled) return;
    this.isEnabled = value;
    this.link.fire({ op: 'track.setEnabled', trackId: this.id, enabled: value });
  }

  stop(): void {
    if (this.readyState === 'ended') return;
    this.readyState = 'ended';
    this.link.fire({ op: 'track.stop', trackId: this.id });
  }

  /**
   * Takes the sound from another microphone (`null`: the system default): the media end acquires
   * it and replaces the real track on every sender, keeping mute and hold. The id stays.
   */
  async switchDevice(deviceId: string | null): Promise<void> {
    if (this.readyState === 'ended') return;
    const result = await this.link.request({ op: 'track.switchDevice', trackId: this.id, deviceId });
    const info = result.tracks?.[0];
    if (info) this.label = info.label;
  }

  /** Points this track at a real one on a new media end, keeping its enabled state (mute, hold). */
  async rebind(info: TrackInfo): Promise<void> {
    this.id = info.id;
    this.label = info.label;
    if (!this.isEnabled) await this.link.request({ op: 'track.setEnabled', trackId: this.id, enabled: false });
  }
}

export class BridgedMediaStream {
  constructor(
    readonly id: string,
    private readonly tracks: BridgedMediaStreamTrack[],
  ) {}

  getTracks(): BridgedMediaStreamTrack[] {
    return [...this.tracks];
  }

  getAudioTracks(): BridgedMediaStreamTrack[] {
    return this.tracks.filter((track) => track.kind === 'audio');
  }

  getVideoTracks(): BridgedMediaStreamTrack[] {
    return this.tracks.filter((track) => track.kind === 'video');
  }
}

export class BridgedDtmfSender extends Events {
  toneBuffer = '';
  ontonechange: Listener | null = null;

  constructor(
    private readonly pc: BridgedPeerConnection,
    private readonly senderId: string,
  ) {
    super();
  }

  insertDTMF(tones: string, duration = 100, interToneGap = 70): void {
    this.toneBuffer = tones;
    this.pc.forward({ op: 'pc.insertDTMF', pcId: this.pc.id, senderId: this.senderId, tones, duration, interToneGap });
  }

  toneChanged(tone: string, toneBuffer: string): void {
    this.toneBuffer = toneBuffer;
    this.dispatch('tonechange', { tone });
  }
}

export class BridgedRtpSender {
  /** null where the media end cannot send RFC 4733 (JsSIP then sends nothing; the line uses INFO). */
  readonly dtmf: BridgedDtmfSender | null;

  constructor(
    readonly id: string,
    readonly track: BridgedMediaStreamTrack,
    pc: BridgedPeerConnection,
    canDtmf: boolean,
  ) {
    this.dtmf = canDtmf ? new BridgedDtmfSender(pc, id) : null;
  }
}

export class BridgedPeerConnection extends Events {
  readonly id = uuidv7();
  private state: PeerState = {
    signalingState: 'stable',
    iceGatheringState: 'new',
    iceConnectionState: 'new',
    connectionState: 'new',
    localDescription: null,
    remoteDescription: null,
  };
  /** The `seq` of the snapshot the mirror holds (-1: none numbered yet). */
  private stateSeq = -1;
  private readonly senders: BridgedRtpSender[] = [];
  private closed = false;
  /** Requests of this peer whose reply has not come yet, and the events held behind them. */
  private pendingCalls = 0;
  private readonly heldEvents: (() => void)[] = [];
  private flushScheduled = false;
  onicecandidate: Listener | null = null;
  ontrack: Listener | null = null;

  constructor(
    private readonly link: BridgeLink,
    private readonly onClosed: (pc: BridgedPeerConnection) => void,
    readonly config: { iceServers: { urls: string | string[]; username?: string; credential?: string }[] },
  ) {
    super();
    this.forward({ op: 'pc.create', pcId: this.id, config: { iceServers: config.iceServers } });
  }

  get signalingState(): string {
    return this.closed ? 'closed' : this.state.signalingState;
  }
  get iceGatheringState(): string {
    return this.state.iceGatheringState;
  }
  get iceConnectionState(): string {
    return this.closed ? 'closed' : this.state.iceConnectionState;
  }
  get connectionState(): string {
    return this.closed ? 'closed' : this.state.connectionState;
  }
  get localDescription(): SessionDescriptionInit | null {
    return this.state.localDescription;
  }
  get remoteDescription(): SessionDescriptionInit | null {
    return this.state.remoteDescription;
  }

  /** JsSIP passes `null` when it has no offer constraints. */
  async createOffer(options?: { iceRestart?: boolean } | null): Promise<SessionDescriptionInit> {
    const result = await this.call({ op: 'pc.createOffer', pcId: this.id, options: { iceRestart: options?.iceRestart === true } });
    if (!result.description) throw new Error('the media end returned no offer');
    return result.description;
  }

  async createAnswer(): Promise<SessionDescriptionInit> {
    const result = await this.call({ op: 'pc.createAnswer', pcId: this.id });
    if (!result.description) throw new Error('the media end returned no answer');
    return result.description;
  }

  async setLocalDescription(description?: SessionDescriptionInit): Promise<void> {
    await this.call({ op: 'pc.setLocalDescription', pcId: this.id, description: description ? { type: description.type, sdp: description.sdp } : null });
  }

  async setRemoteDescription(description: SessionDescriptionInit): Promise<void> {
    await this.call({ op: 'pc.setRemoteDescription', pcId: this.id, description: { type: description.type, sdp: description.sdp } });
  }

  /**
   * Answers `offer` in one round trip (the media end's `pc.answer`): `inactive` for an early
   * answer while the call rings, then again with `inactive: false` when the agent answers. The
   * second answer keeps the ICE credentials and the DTLS certificate of the first.
   */
  async answerOffer(offer: string, options: { inactive: boolean }): Promise<SessionDescriptionInit> {
    const result = await this.call({ op: 'pc.answer', pcId: this.id, offer: { type: 'offer', sdp: offer }, inactive: options.inactive });
    if (!result.description) throw new Error('the media end returned no answer');
    return result.description;
  }

  addTrack(track: BridgedMediaStreamTrack, ...streams: BridgedMediaStream[]): BridgedRtpSender {
    const sender = new BridgedRtpSender(uuidv7(), track, this, this.link.rfc4733Dtmf);
    this.senders.push(sender);
    this.forward({ op: 'pc.addTrack', pcId: this.id, senderId: sender.id, trackId: track.id, streamIds: streams.map((s) => s.id) });
    return sender;
  }

  getSenders(): BridgedRtpSender[] {
    return [...this.senders];
  }

  /**
   * The media end went away and a new one came: build the real peer again there, with fresh
   * microphone tracks for the same senders. The caller then re-offers (ICE restart), since the
   * far end still talks to the old peer's addresses and keys.
   */
  async rebind(): Promise<void> {
    if (this.closed) return;
    const previous = this.state;
    // The new media end numbers its snapshots from the start again.
    this.stateSeq = -1;
    // Asked for together (the media end works through them in order): a round trip less while
    // the call waits for its audio.
    const streamIds = this.senders.map(() => uuidv7());
    const [, ...acquired] = await Promise.all([
      this.link.request({ op: 'pc.create', pcId: this.id, config: { iceServers: this.config.iceServers } }),
      ...streamIds.map((streamId) => this.link.request({ op: 'getUserMedia', streamId, audio: this.link.audioConstraints?.() ?? {} })),
    ]);
    for (const [i, sender] of this.senders.entries()) {
      const info = acquired[i]?.tracks?.find((t) => t.kind === sender.track.kind);
      if (!info) throw new Error('the new media end gave no microphone track');
      await sender.track.rebind(info);
      await this.link.request({ op: 'pc.addTrack', pcId: this.id, senderId: sender.id, trackId: info.id, streamIds: [streamIds[i]!] });
    }
    // JsSIP goes on from 'stable' with its last descriptions; the real peer is new.
    this.state = { ...previous, signalingState: 'stable', iceGatheringState: 'new', iceConnectionState: 'new', connectionState: 'new' };
  }

  /** One getStats reading from the real peer (call quality); null once closed. */
  async stats(): Promise<PeerStats | null> {
    if (this.closed) return null;
    return (await this.link.request({ op: 'pc.stats', pcId: this.id })).stats ?? null;
  }

  getReceivers(): never[] {
    return [];
  }

  getLocalStreams(): never[] {
    return [];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.forward({ op: 'pc.close', pcId: this.id });
    this.onClosed(this);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** An event from the media end: refresh the mirror first, then tell the listeners. */
  receive(event: MediaEvent): void {
    if (this.closed) return;
    switch (event.type) {
      case 'pc.icecandidate':
        this.mirror(event.state);
        this.fire(() => this.dispatch('icecandidate', { candidate: event.candidate }));
        break;
      case 'pc.statechange':
        this.mirror(event.state);
        this.fire(() => this.dispatch(event.event));
        break;
      case 'pc.track':
        this.mirror(event.state);
        this.dispatch('track', { track: event.track });
        break;
      case 'pc.tonechange':
        this.senders.find((sender) => sender.id === event.senderId)?.dtmf?.toneChanged(event.tone, event.toneBuffer);
        break;
      default:
        break;
    }
  }

  /** A request whose reply updates the mirror before the caller sees the result. */
  private async call(request: MediaRequest): Promise<MediaResult> {
    if (this.closed) throw Object.assign(new Error('The RTCPeerConnection is closed.'), { name: 'InvalidStateError' });
    this.pendingCalls++;
    try {
      const result = await this.link.request(request);
      if (result.state) this.mirror(result.state);
      return result;
    } finally {
      this.pendingCalls--;
      if (this.pendingCalls === 0 && this.heldEvents.length > 0) this.scheduleFlush();
    }
  }

  /**
   * Tells the listeners of an ICE or state event, as a browser does: after the caller of a request
   * under way has seen its result. The media end sends a reply and the events behind it in one
   * chunk; the event was handled at once, the reply microtasks later. JsSIP makes an ICE-restart
   * offer by `await setLocalDescription()`, then listens for the end of gathering, which it does
   * not take from the state: when the gathering ended within the same chunk (quickly, as with
   * the network down), the event had passed before JsSIP listened, the re-INVITE never left, and
   * JsSIP refused every later re-offer of the call until the recovery gave it up.
   */
  private fire(dispatch: () => void): void {
    if (this.pendingCalls === 0 && this.heldEvents.length === 0) return dispatch();
    this.heldEvents.push(dispatch);
    if (this.pendingCalls === 0) this.scheduleFlush();
  }

  /** After the callers' continuations (a macrotask: they are microtasks), in the order they came. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.closed) {
        this.heldEvents.length = 0;
        return;
      }
      // A request went out meanwhile: its end schedules the flush again.
      if (this.pendingCalls > 0) return;
      for (const dispatch of this.heldEvents.splice(0)) dispatch();
    });
  }

  /**
   * Takes a snapshot unless the mirror already holds a newer one. A reply is applied a few
   * microtasks after it arrives; an event that came right behind it in the same chunk is applied
   * at once. Without this, the reply's older "gathering" overwrote the event's "complete", and
   * JsSIP, which then waits for a gathering end that had already passed, never sent its 200 OK:
   * the call rang on after the agent answered.
   */
  private mirror(state: PeerState): void {
    if (state.seq !== undefined) {
      if (state.seq <= this.stateSeq) return;
      this.stateSeq = state.seq;
    }
    this.state = state;
  }

  /** Fire-and-forget, still in order with every other request of this bridge. */
  forward(request: MediaRequest): void {
    this.link.fire(request);
  }
}
