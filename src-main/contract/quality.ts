/**
 * Call quality as the agent sees it (the call area's indicator) and as the call log keeps it.
 * The numbers come from the media end's getStats every second; core/phone/quality.ts scores them.
 */
import { z } from 'zod';

export const qualityGradeSchema = z.enum(['good', 'fair', 'poor']);
export type QualityGrade = z.output<typeof qualityGradeSchema>;

/** The live call's quality: the latest second, and what the agent should be warned about. */
export const callQualitySchema = z.object({
  grade: qualityGradeSchema,
  /** E-model MOS estimate, 1–4.5. */
  mos: z.number().min(1).max(5),
  lossPercent: z.number().min(0).max(100),
  jitterMs: z.number().nonnegative(),
  rttMs: z.number().nonnegative().nullable(),
  /** Poor for a sustained stretch: the customer may not hear the agent. */
  breakingUp: z.boolean(),
  /** `mutedSpeaking`: the agent talks into a muted microphone; `silent`: no sound from it at all. */
  mic: z.enum(['ok', 'mutedSpeaking', 'silent']),
});
export type CallQuality = z.output<typeof callQualitySchema>;

/** One call's quality over its whole talk time, kept in the call log and synced. */
export const qualitySummarySchema = z.object({
  /** Seconds measured. */
  samples: z.number().int().nonnegative(),
  mosMin: z.number().min(1).max(5),
  mosAvg: z.number().min(1).max(5),
  lossPercent: z.number().min(0).max(100),
  jitterMs: z.number().nonnegative(),
  rttMs: z.number().nonnegative().nullable(),
  /** Seconds graded poor. */
  poorSeconds: z.number().int().nonnegative(),
});
export type QualitySummary = z.output<typeof qualitySummarySchema>;
