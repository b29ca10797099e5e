import { z } from 'zod';

/**
 * The one settings schema. Effective settings are built in layers:
 * defaults < settings file (`--config` / ANLAUF_CONFIG) < the agent's own changes.
 * docs/settings.md is generated from this schema (`npm run docs:settings`).
 */
export const languageSetting = z
  .enum(['auto', 'de', 'en'])
  .describe('Language of the workstation. `auto` follows the operating system or browser locale (German for any `de-*` locale, else English).');

export const settingsSchema = z
  .object({
    ui: z
      .object({
        language: languageSetting.default('auto'),
      })
      .strict()
      .prefault({})
      .describe('How the workstation looks to the agent.'),
    training: z
      .object({
        scenarioFile: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe('Path of a training scenario file (YAML or JSON) with the simulated calls to place. Relative paths are resolved against the settings file. `null` uses the built-in scenario.'),
        autoStart: z
          .boolean()
          .default(false)
          .describe('Start placing the scenario\'s calls as soon as the workstation is ready.'),
        ringTimeoutSeconds: z
          .number()
          .int()
          .min(5)
          .max(600)
          .default(45)
          .describe('How long a simulated caller waits before hanging up (a missed call).'),
      })
      .strict()
      .prefault({})
      .describe('The built-in training line: simulated customer calls for new installs, demos and rehearsal.'),
  })
  .strict();

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

/** What the agent may change from the workstation itself. */
export const userSettingsPatchSchema = z
  .object({
    ui: z.object({ language: languageSetting }).partial().strict().optional(),
  })
  .strict();

export type UserSettingsPatch = z.output<typeof userSettingsPatchSchema>;
