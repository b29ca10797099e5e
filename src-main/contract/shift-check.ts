/**
 * The pre-shift check ("Check my workstation"): what the agent sees of it, and what is kept of
 * each run. Results travel as codes (`reason`) with a few parameters; the renderer's catalogue
 * words them in the agent's language, and the log and the support bundle keep the codes.
 */
import { z } from 'zod';

export const shiftCheckItemIdSchema = z.enum(['microphone', 'speaker', 'ring', 'headset', 'network', 'echo']);
export type ShiftCheckItemId = z.output<typeof shiftCheckItemIdSchema>;

/**
 * `waiting`: the check needs the agent (speak, say whether a tone was heard, press a button).
 * `skipped`: not tested — it does not apply here (no echo extension, no SIP account), or the
 * agent skipped it (`reason` tells which; only the first counts as passed).
 */
export const shiftCheckStatusSchema = z.enum(['pending', 'running', 'waiting', 'pass', 'fail', 'skipped']);
export type ShiftCheckStatus = z.output<typeof shiftCheckStatusSchema>;

/**
 * Why an item ended as it did (and what to do about it, in the catalogue's words):
 * - microphone: `heard`, `silent` (no sound at all), `quiet` (sound, never at speech level), `noDevice`,
 *   `noMeter` (the media end gave no level: a browser page not clicked yet);
 * - speaker, ring: `heard`, `notHeard`, `notPlayed` (the media end could not play it);
 * - headset: `ok`, `noHeadset`, `headsetRequired`, `buttonsMissing`, `ledNotSeen`;
 * - network: `ok`, `notRegistered`, `stunFailed`, `turnRefused`;
 * - echo: `echoed`, `noEcho`, `notEcho` (audio came back but went on while the agent was muted:
 *   not an echo service), `callFailed`, `notRegistered`;
 * - any: `skippedByAgent`, `notApplicable`, `interrupted` (a call came or the media end went away).
 */
export const shiftCheckReasonSchema = z.string().regex(/^[A-Za-z]{1,40}$/);

/** One STUN/TURN server or the SIP server, as the network item reached it. */
export const networkProbeSchema = z.object({
  /** `sip`: the line's registration; else a STUN binding or a TURN allocation. */
  kind: z.enum(['sip', 'stun', 'turn']),
  /** The server's URL as configured (never its credential). */
  target: z.string().max(300),
  ok: z.boolean(),
  /** What was tried: a binding, an allocation with the credentials, or nothing (TCP/TLS). */
  method: z.enum(['registration', 'binding', 'allocation', 'notProbed']),
  rttMs: z.number().nonnegative().nullable(),
  /** Our address as the server saw it (binding), or the relayed one (allocation). */
  address: z.string().max(100).nullable(),
  detail: z.string().max(300).nullable(),
});
export type NetworkProbe = z.output<typeof networkProbeSchema>;

export const shiftCheckItemSchema = z.object({
  id: shiftCheckItemIdSchema,
  status: shiftCheckStatusSchema,
  reason: shiftCheckReasonSchema.nullable(),
  /** Words for logs and support (a server's reply, an error), never for the agent's screen alone. */
  detail: z.string().max(300).nullable(),
});
export type ShiftCheckItem = z.output<typeof shiftCheckItemSchema>;

export const shiftCheckViewSchema = z.object({
  /** What IT's policy says (settings.shiftCheck.mode). */
  mode: z.enum(['off', 'offered', 'required']),
  /** Required and not passed for this period (app start or day): Ready is refused. */
  due: z.boolean(),
  /** A run under way (or the last one, shown until the agent closes it). */
  run: z
    .object({
      id: z.string().max(64),
      state: z.enum(['running', 'done']),
      startedAt: z.number().int(),
      finishedAt: z.number().int().nullable(),
      items: z.array(shiftCheckItemSchema),
      /** The microphone's level now (0–1) while the microphone item listens; else null. */
      micLevel: z.number().min(0).max(1).nullable(),
      /** The headset item: the connected headset's buttons (ticked as pressed) and the LED lit now. */
      headset: z
        .object({
          name: z.string().max(200),
          buttons: z.array(z.object({ name: z.string().max(40), pressed: z.boolean() })),
          leds: z.array(z.object({ name: z.string().max(40), seen: z.boolean().nullable() })),
          /** The LED lit now, waiting for the agent's "I see it" / "I don't". */
          lit: z.string().max(40).nullable(),
        })
        .nullable(),
      network: z.array(networkProbeSchema),
      passed: z.boolean().nullable(),
    })
    .nullable(),
  /** The last finished run's time and result (also from an earlier start of the app), or null. */
  last: z.object({ at: z.number().int(), passed: z.boolean() }).nullable(),
});
export type ShiftCheckView = z.output<typeof shiftCheckViewSchema>;

/** What the agent answers while an item waits: a tone heard, an LED seen, an item skipped. */
export const shiftCheckAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('heard'), item: z.enum(['speaker', 'ring']), heard: z.boolean() }).strict(),
  z.object({ kind: z.literal('replay'), item: z.enum(['speaker', 'ring']) }).strict(),
  z.object({ kind: z.literal('led'), seen: z.boolean() }).strict(),
  z.object({ kind: z.literal('skip'), item: shiftCheckItemIdSchema }).strict(),
]);
export type ShiftCheckAnswer = z.output<typeof shiftCheckAnswerSchema>;

/** One finished run as the store keeps it (and the support bundle will include). */
export const shiftCheckRecordSchema = z.object({
  id: z.string(),
  startedAt: z.number().int(),
  finishedAt: z.number().int(),
  passed: z.boolean(),
  items: z.array(shiftCheckItemSchema),
  network: z.array(networkProbeSchema),
});
export type ShiftCheckRecord = z.output<typeof shiftCheckRecordSchema>;
