import { describe, expect, it } from 'vitest';
import type { PeerStats } from '../../src-main/contract';
import { QualityTracker } from '../../src-main/core/phone/call-quality';
import { grade, mos, mosFromR, rFactor } from '../../src-main/core/phone/quality';

const clean = { lossPercent: 0, jitterMs: 2, rttMs: 20 };

describe('the E-model MOS estimate (G.107, simplified)', () => {
  it('scores a clean call good, above 4', () => {
    expect(mos(clean)).toBeGreaterThanOrEqual(4.3);
    expect(grade(mos(clean))).toBe('good');
  });

  it('maps R to MOS as G.107 Annex B does', () => {
    expect(mosFromR(-5)).toBe(1);
    expect(mosFromR(120)).toBe(4.5);
    expect(mosFromR(80)).toBeCloseTo(4.02, 2);
    expect(mosFromR(70)).toBeCloseTo(3.6, 2);
    expect(mosFromR(50)).toBeCloseTo(2.58, 2);
  });

  it('falls with loss: a few percent is fair, a fifth of the packets is poor', () => {
    expect(grade(mos({ ...clean, lossPercent: 5 }))).toBe('fair');
    expect(grade(mos({ ...clean, lossPercent: 20 }))).toBe('poor');
    expect(mos({ ...clean, lossPercent: 20 })).toBeLessThan(mos({ ...clean, lossPercent: 5 }));
  });

  it('falls with delay and jitter, steeply past 177 ms one way', () => {
    expect(rFactor({ ...clean, rttMs: 100 })).toBeLessThan(rFactor(clean));
    expect(rFactor({ ...clean, jitterMs: 40 })).toBeLessThan(rFactor(clean));
    const drop = (a: number, b: number) => rFactor({ ...clean, rttMs: a }) - rFactor({ ...clean, rttMs: b });
    expect(drop(500, 600)).toBeGreaterThan(3 * drop(100, 200));
    expect(grade(mos({ ...clean, rttMs: 800 }))).toBe('poor');
  });
});

function stats(over: Partial<PeerStats> = {}): PeerStats {
  return {
    packetsReceived: 0,
    packetsLost: 0,
    jitter: 0.002,
    remoteFractionLost: 0,
    roundTripTime: 0.02,
    remoteLevel: 0.2,
    micLevel: 0.2,
    codec: 'opus',
    ...over,
  };
}

/** One reading a second with `lossPercent` of 50 packets lost each second. */
function feed(tracker: QualityTracker, seconds: number, lossPercent: number, state = { received: 0, lost: 0 }, muted = false, micLevel = 0.2) {
  let last;
  for (let i = 0; i < seconds; i++) {
    const lost = Math.round((50 * lossPercent) / 100);
    state.received += 50 - lost;
    state.lost += lost;
    last = tracker.add(stats({ packetsReceived: state.received, packetsLost: state.lost, micLevel }), muted);
  }
  return last!;
}

describe('a call followed second by second', () => {
  it('grades each second from the loss of that second, not of the whole call', () => {
    const tracker = new QualityTracker();
    const state = { received: 0, lost: 0 };
    expect(feed(tracker, 5, 0, state).grade).toBe('good');
    const bad = feed(tracker, 1, 20, state);
    expect(bad).toMatchObject({ grade: 'poor', lossPercent: 20 });
    expect(feed(tracker, 1, 0, state).grade).toBe('good');
  });

  it('takes the loss the far end reports of our audio, too', () => {
    const tracker = new QualityTracker();
    expect(tracker.add(stats({ packetsReceived: 50, remoteFractionLost: 0.2 }), false)).toMatchObject({ grade: 'poor', lossPercent: 20 });
  });

  it('warns that the line is breaking up after 5 poor seconds in 10, and stops once it recovers', () => {
    const tracker = new QualityTracker();
    const state = { received: 0, lost: 0 };
    expect(feed(tracker, 4, 25, state).breakingUp).toBe(false);
    expect(feed(tracker, 1, 25, state).breakingUp).toBe(true);
    expect(feed(tracker, 5, 0, state).breakingUp).toBe(true);
    expect(feed(tracker, 1, 0, state).breakingUp).toBe(false);
  });

  it('tells a muted agent who speaks, and an open microphone that gives no sound', () => {
    const tracker = new QualityTracker();
    const state = { received: 0, lost: 0 };
    expect(feed(tracker, 1, 0, state, true, 0.3).mic).toBe('ok');
    expect(feed(tracker, 1, 0, state, true, 0.3).mic).toBe('mutedSpeaking');
    expect(feed(tracker, 1, 0, state, true, 0).mic).toBe('ok');
    expect(feed(tracker, 4, 0, state, false, 0).mic).toBe('ok');
    expect(feed(tracker, 1, 0, state, false, 0).mic).toBe('silent');
    expect(feed(tracker, 1, 0, state, false, 0.1).mic).toBe('ok');
  });

  it('sums the call up: min and mean MOS, loss, jitter, RTT and poor seconds', () => {
    const tracker = new QualityTracker();
    expect(tracker.summary()).toBeNull();
    const state = { received: 0, lost: 0 };
    feed(tracker, 8, 0, state);
    feed(tracker, 2, 20, state);
    const summary = tracker.summary()!;
    expect(summary).toMatchObject({ samples: 10, poorSeconds: 2, lossPercent: 4, jitterMs: 2, rttMs: 20 });
    expect(summary.mosMin).toBeLessThan(3.6);
    expect(summary.mosAvg).toBeGreaterThan(summary.mosMin);
    expect(summary.mosAvg).toBeLessThan(mos(clean));
  });
});
