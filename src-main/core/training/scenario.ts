import path from 'node:path';
import { z } from 'zod';
import { ivrDataSchema } from '../../contract';
import { readLocated } from '../files/located-parse';
import { languageCode } from '../../shared/language-code';

/** One simulated customer call. */
export const scenarioCallSchema = z
  .object({
    caller: z.string().min(1).max(64),
    callerName: z.string().min(1).max(120).optional(),
    dialed: z.string().min(1).max(64).optional(),
    /** Seconds to wait before this call rings: after the scenario starts, or after the previous call ended. */
    delaySeconds: z.number().min(0).max(3600).default(3),
    /** The caller hangs up by themselves after this many seconds of talk; absent: the agent ends the call. */
    talkSeconds: z.number().positive().max(36_000).optional(),
    /** The caller gives up after ringing this long (rehearses missed calls); default from settings. */
    ringSeconds: z.number().positive().max(600).optional(),
    // The language is checked as the SIP line checks X-Language, so a typo is reported with its line instead of being passed over.
    ivr: ivrDataSchema
      .extend({
        language: z
          .string()
          .refine((value) => languageCode(value) !== null, 'a language code such as de, en or de-AT')
          .transform((value) => languageCode(value) ?? value)
          .optional(),
      })
      .default({}),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1).max(200),
    /** Start again from the first call after the last one. */
    loop: z.boolean().default(false),
    calls: z.array(scenarioCallSchema).min(1).max(10_000),
  })
  .strict();

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioCall = z.output<typeof scenarioCallSchema>;

export function loadScenario(file: string): Scenario {
  return readLocated(file, scenarioSchema);
}

/** The scenario the app ships, inside its resources folder. */
export const BUILT_IN_SCENARIO = path.join('training', 'default-scenario.yaml');

/** The desk's training scenario: the settings' file, else the built-in one. */
export function loadTrainingScenario(scenarioFile: string | null, resourcesDir: string): Scenario {
  const file = scenarioFile ?? path.join(resourcesDir, BUILT_IN_SCENARIO);
  return loadScenario(file);
}
