/**
 * Reduces an RTCStatsReport to the few numbers call quality needs (PeerStats). Chromium gives the
 * standard report; @roamhq/wrtc gives the same standard types (inbound-rtp, remote-inbound-rtp,
 * media-source, candidate-pair), with the receiving audio level on its 'track' entry only.
 */
import type { PeerStats } from '../../src-main/contract';

type Entry = Record<string, unknown> & { type?: string; id?: string };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const level = (value: unknown): number | null => {
  const n = num(value);
  return n === null ? null : Math.min(1, Math.max(0, n));
};

export function peerStatsFrom(report: { forEach(fn: (entry: Entry) => void): void }): PeerStats {
  const entries: Entry[] = [];
  report.forEach((entry) => entries.push(entry));
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const audio = (entry: Entry) => (entry.kind ?? entry.mediaType) === 'audio';
  const inbound = entries.filter((entry) => entry.type === 'inbound-rtp' && audio(entry));
  const remoteInbound = entries.find((entry) => entry.type === 'remote-inbound-rtp' && audio(entry));
  const pair = entries.find((entry) => entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded');
  const source = entries.find((entry) => entry.type === 'media-source' && entry.kind === 'audio');
  const first = inbound[0];
  // Older libwebrtc (wrtc) puts the playout level on the receiver's 'track' entry.
  const receiverTrack = first && typeof first.trackId === 'string' ? byId.get(first.trackId) : undefined;
  const codec = first && typeof first.codecId === 'string' ? byId.get(first.codecId) : undefined;
  const mime = typeof codec?.mimeType === 'string' ? codec.mimeType.replace(/^audio\//i, '') : null;
  return {
    packetsReceived: inbound.reduce((sum, entry) => sum + (num(entry.packetsReceived) ?? 0), 0),
    packetsLost: inbound.reduce((sum, entry) => sum + (num(entry.packetsLost) ?? 0), 0),
    jitter: first ? num(first.jitter) : null,
    remoteFractionLost: remoteInbound ? level(remoteInbound.fractionLost) : null,
    roundTripTime: num(remoteInbound?.roundTripTime) ?? num(pair?.currentRoundTripTime),
    remoteLevel: level(first?.audioLevel ?? receiverTrack?.audioLevel),
    micLevel: level(source?.audioLevel),
    codec: mime ? mime.slice(0, 60) : null,
  };
}
