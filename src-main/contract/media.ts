/**
 * The media bridge: how the core's stand-in RTCPeerConnections (given to JsSIP in main) drive
 * the real ones in the media context (the hidden media window in Electron, the page in the
 * browser host, @roamhq/wrtc in Node tests). One protocol, three ends.
 *
 * Every reply and every event carries the peer's state, so main's mirror of the synchronous
 * getters JsSIP reads (signalingState, iceGatheringState, iceConnectionState, localDescription)
 * is up to date before the matching promise resolves or listener fires.
 */
import { z } from 'zod';

const id = z.string().min(1).max(100);

export const sessionDescriptionSchema = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.string().max(200_000),
});
export type SessionDescriptionInit = z.output<typeof sessionDescriptionSchema>;

export const peerStateSchema = z.object({
  signalingState: z.string().max(40),
  iceGatheringState: z.string().max(40),
  iceConnectionState: z.string().max(40),
  connectionState: z.string().max(40),
  localDescription: sessionDescriptionSchema.nullable(),
  remoteDescription: sessionDescriptionSchema.nullable(),
  /**
   * The media end numbers its snapshots as it takes them. Main may handle a reply after an event
   * that was sent later (both can arrive in one chunk), so it keeps the newest, never the last
   * handled. Absent: always taken.
   */
  seq: z.number().int().nonnegative().optional(),
});
export type PeerState = z.output<typeof peerStateSchema>;

export const iceServerSchema = z
  .object({
    urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .strict();

/** Requests main sends to the media end. */
export type MediaRequest =
  | { op: 'getUserMedia'; streamId: string; audio: MediaTrackConstraintsInit }
  | { op: 'track.setEnabled'; trackId: string; enabled: boolean }
  | { op: 'track.stop'; trackId: string }
  | { op: 'pc.create'; pcId: string; config: { iceServers: z.input<typeof iceServerSchema>[]; iceTransportPolicy?: 'all' | 'relay' } }
  | { op: 'pc.createOffer'; pcId: string; options: { iceRestart?: boolean } }
  | { op: 'pc.createAnswer'; pcId: string }
  | { op: 'pc.setLocalDescription'; pcId: string; description: SessionDescriptionInit | null }
  | { op: 'pc.setRemoteDescription'; pcId: string; description: SessionDescriptionInit }
  | { op: 'pc.addTrack'; pcId: string; senderId: string; trackId: string; streamIds: string[] }
  /**
   * Answers a remote offer in one request: setRemoteDescription(offer), then every transceiver
   * `inactive` (an early answer while the call rings: ICE and DTLS run, no audio either way) or
   * back to its own direction, then createAnswer and setLocalDescription. Applying the same offer
   * again keeps ICE and DTLS as they are. The reply carries the answer and the state.
   */
  | { op: 'pc.answer'; pcId: string; offer: SessionDescriptionInit; inactive: boolean }
  | { op: 'pc.insertDTMF'; pcId: string; senderId: string; tones: string; duration: number; interToneGap: number }
  | { op: 'pc.close'; pcId: string }
  /** One reading of the peer's getStats, reduced to what call quality needs (main asks every second). */
  | { op: 'pc.stats'; pcId: string }
  /**
   * Re-acquires a local track from another microphone (`null`: the system default) and puts the
   * new one on every sender that used it (RTCRtpSender.replaceTrack), keeping its enabled state
   * (mute, hold). The track keeps its id on the bridge; the reply carries its new label.
   */
  | { op: 'track.switchDevice'; trackId: string; deviceId: string | null }
  /** The audio devices the platform sees now (navigator.mediaDevices.enumerateDevices). */
  | { op: 'devices.list' }
  /**
   * The HID devices WebHID may use, with their parsed collections (navigator.hid.getDevices()):
   * where node-hid cannot read a report descriptor (Windows, macOS), the headset's layout is
   * built from these.
   */
  | { op: 'hid.devices' }
  /** Where call audio plays: a speaker's device id, or `null` for the system default (setSinkId). */
  | { op: 'output.set'; sinkId: string | null }
  /**
   * Ring: play the ringtone on `sinkId` (`null`: the system default) until `ring.stop`. A second
   * `ring.start` moves the ringtone (another device or caller) without a gap. `caller` is what
   * rings, for the media end's logs and platform; `volume` is 0–1.
   */
  | { op: 'ring.start'; sinkId: string | null; caller: string; volume: number }
  | { op: 'ring.stop' }
  /**
   * The pre-shift check: a microphone track's level now (0–1), read by the same meter call quality
   * uses (`null`: the platform cannot measure it), outside any call.
   */
  | { op: 'track.level'; trackId: string }
  /** The pre-shift check: a short test tone on `sinkId` (`null`: the default); `applied` false when it could not play. */
  | { op: 'tone.play'; sinkId: string | null; volume: number };

/** The parts of MediaTrackConstraints we forward (device choice, processing). */
export interface MediaTrackConstraintsInit {
  deviceId?: string;
  echoCancellation?: boolean;
  noiseSuppression?: boolean;
  autoGainControl?: boolean;
}

export const audioDeviceSchema = z.object({
  deviceId: z.string().min(1).max(500),
  kind: z.enum(['audioinput', 'audiooutput']),
  label: z.string().max(300),
  /** The device the system uses when none is chosen. */
  isDefault: z.boolean().optional(),
});
export type AudioDevice = z.output<typeof audioDeviceSchema>;

export const trackInfoSchema = z.object({ id, kind: z.enum(['audio', 'video']), label: z.string().max(300) });
export type TrackInfo = z.output<typeof trackInfoSchema>;

const level = z.number().min(0).max(1).nullable();
/**
 * A peer's RTCStatsReport, reduced to what call quality needs. Counters are cumulative (main
 * takes differences between readings); null where the platform's report lacks the field.
 */
export const peerStatsSchema = z.object({
  /** inbound-rtp: what the customer's side sent us. */
  packetsReceived: z.number().int().nonnegative(),
  /** inbound-rtp packetsLost (may go negative with duplicates, as RFC 3550 allows). */
  packetsLost: z.number().int(),
  /** inbound-rtp jitter, seconds. */
  jitter: z.number().nonnegative().nullable(),
  /** remote-inbound-rtp fractionLost: how much of what we send the far end misses (0–1). */
  remoteFractionLost: level,
  /** remote-inbound-rtp roundTripTime, else the candidate pair's currentRoundTripTime; seconds. */
  roundTripTime: z.number().nonnegative().nullable(),
  /** The customer's voice as played (inbound-rtp audioLevel, 0–1). */
  remoteLevel: level,
  /** The agent's microphone as captured (media-source audioLevel, 0–1). */
  micLevel: level,
  /** The codec of the received audio ("opus", "PCMU"…). */
  codec: z.string().max(60).nullable(),
});
export type PeerStats = z.output<typeof peerStatsSchema>;

/** What a successful reply carries, per operation. */
export const mediaResultSchema = z.object({
  /** Present for peer operations: the state after the operation. */
  state: peerStateSchema.optional(),
  /** createOffer / createAnswer. */
  description: sessionDescriptionSchema.optional(),
  /** getUserMedia. */
  tracks: z.array(trackInfoSchema).optional(),
  /** insertDTMF. */
  toneBuffer: z.string().max(1000).optional(),
  /** pc.stats. */
  stats: peerStatsSchema.optional(),
  /** devices.list. */
  devices: z.array(audioDeviceSchema).max(200).optional(),
  /** hid.devices: the collections as WebHID gives them (checked again where they are used). */
  hidDevices: z
    .array(z.object({ vendorId: z.number().int(), productId: z.number().int(), productName: z.string().max(300), collections: z.array(z.unknown()).max(64) }))
    .max(64)
    .optional(),
  /**
   * ring.start: false when the platform refused to play (a browser page without a user gesture
   * yet); output.set: false when the speaker could not be chosen and the default plays instead.
   */
  applied: z.boolean().optional(),
  /** track.level. */
  level: z.number().min(0).max(1).nullable().optional(),
});
export type MediaResult = z.output<typeof mediaResultSchema>;

export const mediaReplySchema = z.union([
  z.object({ seq: z.number().int(), ok: z.literal(true), result: mediaResultSchema }),
  z.object({ seq: z.number().int(), ok: z.literal(false), error: z.object({ name: z.string().max(100), message: z.string().max(2000) }) }),
]);
export type MediaReply = z.output<typeof mediaReplySchema>;

/** Events the media end reports on its own. */
export const mediaEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('pc.icecandidate'),
    pcId: id,
    candidate: z.object({ candidate: z.string().max(2000), sdpMid: z.string().nullable(), sdpMLineIndex: z.number().int().nullable() }).nullable(),
    state: peerStateSchema,
  }),
  z.object({
    type: z.literal('pc.statechange'),
    pcId: id,
    event: z.enum(['icegatheringstatechange', 'iceconnectionstatechange', 'signalingstatechange', 'connectionstatechange']),
    state: peerStateSchema,
  }),
  z.object({ type: z.literal('pc.track'), pcId: id, track: trackInfoSchema, state: peerStateSchema }),
  z.object({ type: z.literal('pc.tonechange'), pcId: id, senderId: id, tone: z.string().max(10), toneBuffer: z.string().max(1000) }),
  z.object({ type: z.literal('track.ended'), trackId: id }),
  /** A device was plugged in or out (navigator.mediaDevices 'devicechange'): the whole new list. */
  z.object({ type: z.literal('devices.changed'), devices: z.array(audioDeviceSchema).max(200) }),
]);
export type MediaEvent = z.output<typeof mediaEventSchema>;

/** What the media end's platform can do; @roamhq/wrtc, for one, has no RTCDTMFSender. */
export interface MediaCapabilities {
  /** RFC 4733 telephone-events through RTCRtpSender.dtmf. */
  rfc4733Dtmf: boolean;
  /** Choosing the speaker (HTMLMediaElement.setSinkId); without it, audio plays on the default. */
  setSinkId: boolean;
}

/** The capabilities as a media end announces them; older ends that do not say cannot choose outputs. */
export const mediaCapabilitiesSchema = z.object({ rfc4733Dtmf: z.boolean(), setSinkId: z.boolean().default(false) });

/** A media end as main sees it: requests with replies, and events. */
export interface MediaChannel {
  readonly capabilities: MediaCapabilities;
  request(request: MediaRequest): Promise<MediaResult>;
  onEvent(listener: (event: MediaEvent) => void): () => void;
  /** Fires when the media end goes away (page reload, window crash). */
  onClose(listener: () => void): () => void;
}
