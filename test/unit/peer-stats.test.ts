import { describe, expect, it } from 'vitest';
import { peerStatsFrom } from '../../src-renderer/media/peer-stats';

/** A report as Chromium gives it (standard entries only; the level on inbound-rtp itself). */
const chromium = new Map<string, Record<string, unknown>>([
  ['IT01A', { id: 'IT01A', type: 'inbound-rtp', kind: 'audio', codecId: 'CIT01_111', packetsReceived: 1200, packetsLost: 30, jitter: 0.012, audioLevel: 0.31 }],
  ['RIA1', { id: 'RIA1', type: 'remote-inbound-rtp', kind: 'audio', fractionLost: 0.0390625, roundTripTime: 0.084 }],
  ['CP1', { id: 'CP1', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.08 }],
  ['CP2', { id: 'CP2', type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 0.5 }],
  ['SA1', { id: 'SA1', type: 'media-source', kind: 'audio', audioLevel: 0.02 }],
  ['CIT01_111', { id: 'CIT01_111', type: 'codec', mimeType: 'audio/opus' }],
]);

describe('a getStats report, reduced to what call quality needs', () => {
  it("reads Chromium's standard report", () => {
    expect(peerStatsFrom(chromium)).toEqual({
      packetsReceived: 1200,
      packetsLost: 30,
      jitter: 0.012,
      remoteFractionLost: 0.0390625,
      roundTripTime: 0.084,
      remoteLevel: 0.31,
      micLevel: 0.02,
      codec: 'opus',
    });
  });

  it("takes the nominated pair's round trip before the first RTCP report, and leaves out what is missing", () => {
    const early = new Map([...chromium].filter(([id]) => id !== 'RIA1' && id !== 'SA1'));
    expect(peerStatsFrom(early)).toMatchObject({ roundTripTime: 0.08, remoteFractionLost: null, micLevel: null });
    expect(peerStatsFrom(new Map())).toEqual({
      packetsReceived: 0,
      packetsLost: 0,
      jitter: null,
      remoteFractionLost: null,
      roundTripTime: null,
      remoteLevel: null,
      micLevel: null,
      codec: null,
    });
  });
});
