/**
 * Follows each talked-on call's quality: one getStats reading a second from the media end, scored
 * (quality.ts), with the warnings the agent needs and a summary for the call log.
 */
import type { CallQuality, PeerStats, QualityGrade, QualitySummary } from '../../contract';
import type { Clock } from '../clock';
import { grade, mos } from './quality';

/** Poor in this many of the last WINDOW seconds: "the line is breaking up". */
export const BREAKING_UP_POOR = 5;
export const BREAKING_UP_WINDOW = 10;
/** Louder than this (audioLevel, 0–1) on a muted microphone is speech. */
const SPEAKING_LEVEL = 0.05;
const SPEAKING_SECONDS = 2;
/** Quieter than this on an open microphone is no signal at all (a dead or wrong device): ~ −66 dBFS. */
const SILENT_LEVEL = 0.0005;
const SILENT_SECONDS = 5;

/** Scores one call's readings; pure, fed one reading a second. */
export class QualityTracker {
  private previous: PeerStats | null = null;
  private readonly recent: QualityGrade[] = [];
  private speakingMuted = 0;
  private silent = 0;
  private count = 0;
  private mosMin = Infinity;
  private mosSum = 0;
  private lossSum = 0;
  private jitterSum = 0;
  private rttSum = 0;
  private rttCount = 0;
  private poor = 0;

  add(stats: PeerStats, muted: boolean): CallQuality {
    const lossPercent = lossOf(this.previous, stats);
    this.previous = stats;
    const jitterMs = (stats.jitter ?? 0) * 1000;
    const rttMs = stats.roundTripTime === null ? null : stats.roundTripTime * 1000;
    const score = mos({ lossPercent, jitterMs, rttMs });
    const quality = grade(score);

    this.recent.push(quality);
    if (this.recent.length > BREAKING_UP_WINDOW) this.recent.shift();
    const breakingUp = this.recent.filter((g) => g === 'poor').length >= BREAKING_UP_POOR;

    const level = stats.micLevel;
    this.speakingMuted = muted && level !== null && level > SPEAKING_LEVEL ? this.speakingMuted + 1 : 0;
    this.silent = !muted && level !== null && level < SILENT_LEVEL ? this.silent + 1 : 0;
    const mic = this.speakingMuted >= SPEAKING_SECONDS ? 'mutedSpeaking' : this.silent >= SILENT_SECONDS ? 'silent' : 'ok';

    this.count += 1;
    this.mosMin = Math.min(this.mosMin, score);
    this.mosSum += score;
    this.lossSum += lossPercent;
    this.jitterSum += jitterMs;
    if (rttMs !== null) {
      this.rttSum += rttMs;
      this.rttCount += 1;
    }
    if (quality === 'poor') this.poor += 1;
    return {
      grade: quality,
      mos: round(score, 2),
      lossPercent: round(lossPercent, 1),
      jitterMs: round(jitterMs, 1),
      rttMs: rttMs === null ? null : round(rttMs, 1),
      breakingUp,
      mic,
    };
  }

  /** The call so far; null before the first reading. */
  summary(): QualitySummary | null {
    if (this.count === 0) return null;
    return {
      samples: this.count,
      mosMin: round(this.mosMin, 2),
      mosAvg: round(this.mosSum / this.count, 2),
      lossPercent: round(this.lossSum / this.count, 1),
      jitterMs: round(this.jitterSum / this.count, 1),
      rttMs: this.rttCount ? round(this.rttSum / this.rttCount, 1) : null,
      poorSeconds: this.poor,
    };
  }
}

/**
 * The worse of the two directions over the last second: what we missed of the far end's packets
 * (inbound-rtp counters since the previous reading), and what the far end reports missing of ours
 * (RTCP's fraction lost).
 */
function lossOf(previous: PeerStats | null, stats: PeerStats): number {
  const lost = Math.max(0, stats.packetsLost - (previous?.packetsLost ?? 0));
  const received = Math.max(0, stats.packetsReceived - (previous?.packetsReceived ?? 0));
  const inbound = lost + received > 0 ? (100 * lost) / (lost + received) : 0;
  const outbound = (stats.remoteFractionLost ?? 0) * 100;
  return Math.max(inbound, outbound);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface QualityPort {
  /** The call's media reading now; null when it has none (no media, held, training line). */
  read(callId: string): Promise<PeerStats | null>;
  muted(callId: string): boolean;
  /** A new reading was scored. */
  changed(callId: string, quality: CallQuality): void;
}

/** Reads every followed call once a second, on the injected clock. */
export class QualityMonitor {
  private readonly trackers = new Map<string, QualityTracker>();
  private timer: unknown = null;
  private reading = false;

  constructor(
    private readonly clock: Clock,
    private readonly port: QualityPort,
    private readonly intervalMs = 1000,
  ) {}

  follow(callId: string): void {
    if (this.trackers.has(callId)) return;
    this.trackers.set(callId, new QualityTracker());
    this.schedule();
  }

  /** Stops following a call; its summary, if it was ever measured. */
  forget(callId: string): QualitySummary | null {
    const tracker = this.trackers.get(callId);
    this.trackers.delete(callId);
    if (this.trackers.size === 0 && this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    return tracker?.summary() ?? null;
  }

  stop(): void {
    for (const id of [...this.trackers.keys()]) this.forget(id);
  }

  private schedule(): void {
    if (this.timer !== null || this.trackers.size === 0) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.schedule());
    }, this.intervalMs);
  }

  private async tick(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      for (const [callId, tracker] of [...this.trackers]) {
        const stats = await this.port.read(callId).catch(() => null);
        // Forgotten while the media end answered: the call is over.
        if (!stats || this.trackers.get(callId) !== tracker) continue;
        this.port.changed(callId, tracker.add(stats, this.port.muted(callId)));
      }
    } finally {
      this.reading = false;
    }
  }
}
