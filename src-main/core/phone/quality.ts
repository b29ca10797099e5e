/**
 * A MOS estimate from network figures: the ITU-T G.107 E-model, simplified as the usual WebRTC
 * monitors do (callstats, rtcstats-style scorers) — only the delay (Id) and the loss (Ie_eff)
 * impairments, every other factor at its G.107 default, so R starts at 93.2.
 *
 *   d      = RTT/2 + 2·jitter + 20 ms packetisation   (one-way mouth-to-ear delay, estimated)
 *   Id     = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3)   (Cole & Rosenbluth's fit of G.107's Idd)
 *   Ie_eff = Ie + (95 − Ie) · Ppl / (Ppl + Bpl)        (G.107 §7.5, random loss: BurstR = 1)
 *   R      = 93.2 − Id − Ie_eff
 *   MOS    = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R)  (G.107 Annex B), 1 below R = 0, 4.5 above 100
 *
 * Ie and Bpl: G.113 Appendix I gives G.711 with packet-loss concealment Ie = 0, Bpl = 25.1.
 * G.113 has no Opus entry; libwebrtc conceals Opus at least as well, so the same pair is used for
 * every codec (a conservative estimate). A clean call scores 4.4.
 */
import type { QualityGrade } from '../../contract';

export interface NetworkFigures {
  /** Packets lost, percent (0–100). */
  lossPercent: number;
  jitterMs: number;
  /** Round-trip time; null when unknown (no RTCP yet): counted as 0. */
  rttMs: number | null;
}

const R0 = 93.2;
const IE = 0;
const BPL = 25.1;
const PACKETISATION_MS = 20;

export function rFactor({ lossPercent, jitterMs, rttMs }: NetworkFigures): number {
  const d = (rttMs ?? 0) / 2 + 2 * jitterMs + PACKETISATION_MS;
  const id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
  const ppl = Math.min(100, Math.max(0, lossPercent));
  const ieEff = IE + ((95 - IE) * ppl) / (ppl + BPL);
  return R0 - id - ieEff;
}

export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

export function mos(figures: NetworkFigures): number {
  return mosFromR(rFactor(figures));
}

/**
 * Good from MOS 4.0 (G.107 Annex B: R ≥ 80, "satisfied"), fair from 3.6 (R ≥ 70, "some users
 * dissatisfied"), poor below: the bands G.107 and G.109 name.
 */
export function grade(mosValue: number): QualityGrade {
  if (mosValue >= 4.0) return 'good';
  if (mosValue >= 3.6) return 'fair';
  return 'poor';
}
