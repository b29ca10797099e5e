import { z } from 'zod';

const seconds = z.number().nonnegative();

/**
 * The agent's own figures for today (the local day of this computer), from the call log and the
 * agent log on this desk. Time in a state runs on: the renderer adds the time since `asOf` to the
 * state the agent is in now.
 */
export const ownFiguresSchema = z.object({
  /** When these were counted (ms since the epoch). */
  asOf: z.number().int(),
  /** Start of the day they count (local midnight, ms since the epoch). */
  dayStart: z.number().int(),
  /** Calls answered today (not the training line's). */
  calls: z.number().int().nonnegative(),
  /** Over today's answered calls that ended; null before the first. */
  averageTalkSeconds: seconds.nullable(),
  /** Over today's finished wrap-ups; null before the first. */
  averageWrapUpSeconds: seconds.nullable(),
  /** Time in each state today, up to `asOf`. */
  stateSeconds: z.object({ ready: seconds, notReady: seconds, onCall: seconds, wrapUp: seconds }).strict(),
  /**
   * From the queue adapter, where it provides them (absent, not zero, where it cannot): calls
   * waiting in the agent's queues, and how long the oldest of them has waited.
   */
  callsWaiting: z.number().int().nonnegative().optional(),
  oldestWaitSeconds: seconds.optional(),
});

export type OwnFigures = z.output<typeof ownFiguresSchema>;
export type FigureState = keyof OwnFigures['stateSeconds'];
