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
  | { op: 'pc.insertDTMF'; pcId: string; senderId: string; tones: string; duration: number; interToneGap: number }
  | { op: 'pc.close'; pcId: string };

/** The parts of MediaTrackConstraints we forward (device choice, processing). */
export interface MediaTrackConstraintsInit {
  deviceId?: string;
  echoCancellation?: boolean;
  noiseSuppression?: boolean;
  autoGainControl?: boolean;
}

export const trackInfoSchema = z.object({ id, kind: z.enum(['audio', 'video']), label: z.string().max(300) });
export type TrackInfo = z.output<typeof trackInfoSchema>;

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
  z.object({ type: z.literal('pc.statechange'), pcId: id, event: z.enum(['icegatheringstatechange', 'iceconnectionstatechange', 'signalingstatechange', 'connectionstatechange']), state: peerStateSchema }),
  z.object({ type: z.literal('pc.track'), pcId: id, track: trackInfoSchema, state: peerStateSchema }),
  z.object({ type: z.literal('pc.tonechange'), pcId: id, senderId: id, tone: z.string().max(10), toneBuffer: z.string().max(1000) }),
  z.object({ type: z.literal('track.ended'), trackId: id }),
]);
export type MediaEvent = z.output<typeof mediaEventSchema>;

/** What the media end's platform can do; @roamhq/wrtc, for one, has no RTCDTMFSender. */
export interface MediaCapabilities {
  /** RFC 4733 telephone-events through RTCRtpSender.dtmf. */
  rfc4733Dtmf: boolean;
}

/** A media end as main sees it: requests with replies, and events. */
export interface MediaChannel {
  readonly capabilities: MediaCapabilities;
  request(request: MediaRequest): Promise<MediaResult>;
  onEvent(listener: (event: MediaEvent) => void): () => void;
  /** Fires when the media end goes away (page reload, window crash). */
  onClose(listener: () => void): () => void;
}
