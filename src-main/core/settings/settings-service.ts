import fs from 'node:fs';
import path from 'node:path';
import { settingsSchema, userSettingsPatchSchema, type Settings, type UserSettingsPatch } from '../../contract';
import { clientsConflicts } from '../clients/clients-settings';
import { systemClock, type Clock } from '../clock';
import { Emitter } from '../events';
import { parseLocatedDetailed, readText } from '../files/located-parse';
import { ensurePrivateDir, openPrivateForWriting } from '../files/private-files';
import { setOwn } from '../own';

export const USER_SETTINGS_FILE = 'user-settings.json';

/**
 * The settings schema with the checks that need phone-number parsing: a dialed number or IVR
 * code claimed by two clients would greet callers in the wrong company's name, so such a file is
 * refused with the line of the second claim.
 */
export const checkedSettingsSchema = settingsSchema.superRefine((settings, ctx) => {
  for (const problem of clientsConflicts(settings.clients, settings.sip.defaultCountry)) {
    ctx.addIssue({ code: 'custom', path: ['clients', ...problem.path], message: problem.message });
  }
});

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = Object.hasOwn(out, key) ? out[key] : undefined;
    // Own properties only: a settings file's "__proto__" key is a (wrong) setting, never a prototype.
    setOwn(out, key, isPlain(prior) && isPlain(value) ? deepMerge(prior, value) : value);
  }
  return out;
}

function leafPaths(layer: Plain, prefix = ''): string[] {
  return Object.entries(layer).flatMap(([key, value]) => (isPlain(value) ? leafPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

export interface SettingsSources {
  /** The settings file given with --config / ANLAUF_CONFIG, if any. */
  configFile?: string | undefined;
  /** Where the agent's own changes are kept. */
  dataDir: string;
  /** The workstation's clock (names the copy of a damaged preferences file); the system's by default. */
  clock?: Clock;
}

/** What the Dispatcher may ask of the settings: read them, and change the agent's own. */
export interface ISettings {
  get(): Settings;
  update(patch: UserSettingsPatch): Settings;
}

/**
 * Effective settings in layers: schema defaults < settings file < the agent's own changes.
 * Relative paths in the settings file are resolved against the file's folder.
 */
export class SettingsService implements ISettings {
  private fileLayer: Plain = {};
  private userLayer: Plain = {};
  private current: Settings;
  private readonly changed = new Emitter<Settings>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly sources: SettingsSources) {
    if (sources.configFile) {
      // Keep the file as written: schema defaults must not shadow the agent's own changes.
      const { raw } = parseLocatedDetailed(readText(sources.configFile), sources.configFile, checkedSettingsSchema);
      this.fileLayer = this.resolvePaths(raw as Plain);
    }
    this.userLayer = this.readUserLayer();
    this.current = this.compute();
  }

  get(): Settings {
    return this.current;
  }

  update(patch: UserSettingsPatch): Settings {
    const checked = userSettingsPatchSchema.parse(patch);
    const nextUser = deepMerge(this.userLayer, checked);
    const next = checkedSettingsSchema.parse(deepMerge(this.fileLayer, nextUser));
    this.writeUserLayer(nextUser);
    this.userLayer = nextUser;
    this.current = next;
    this.changed.fire(next);
    return next;
  }

  /**
   * Where the effective settings came from, for support: the settings file and the paths it set,
   * the paths the agent changed (which win), and every other value is the default.
   */
  origins(): { settingsFile: string | null; fromFile: string[]; fromAgent: string[] } {
    return { settingsFile: this.sources.configFile ?? null, fromFile: leafPaths(this.fileLayer), fromAgent: leafPaths(this.userLayer) };
  }

  private compute(): Settings {
    return checkedSettingsSchema.parse(deepMerge(this.fileLayer, this.userLayer));
  }

  private resolvePaths(layer: Plain): Plain {
    const training = layer.training;
    if (isPlain(training) && typeof training.scenarioFile === 'string' && this.sources.configFile) {
      training.scenarioFile = path.resolve(path.dirname(this.sources.configFile), training.scenarioFile);
    }
    // Client logos given as file paths are found next to the settings file, like the scenario.
    if (Array.isArray(layer.clients) && this.sources.configFile) {
      for (const client of layer.clients) {
        if (isPlain(client) && typeof client.logo === 'string' && !client.logo.startsWith('data:')) {
          client.logo = path.resolve(path.dirname(this.sources.configFile), client.logo);
        }
      }
    }
    return layer;
  }

  private userFile(): string {
    return path.join(this.sources.dataDir, USER_SETTINGS_FILE);
  }

  private readUserLayer(): Plain {
    let text: string;
    try {
      text = fs.readFileSync(this.userFile(), 'utf8');
    } catch {
      return {};
    }
    try {
      return userSettingsPatchSchema.parse(JSON.parse(text));
    } catch {
      // A damaged preferences file must not stop the workstation; keep it for inspection.
      fs.renameSync(this.userFile(), `${this.userFile()}.unreadable-${(this.sources.clock ?? systemClock).now()}`);
      return {};
    }
  }

  private writeUserLayer(layer: Plain): void {
    ensurePrivateDir(this.sources.dataDir);
    const tmp = `${this.userFile()}.tmp`;
    // The agent's name and choices are theirs: the file is owner-only whatever the umask.
    const fd = openPrivateForWriting(tmp);
    try {
      fs.writeSync(fd, JSON.stringify(layer, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.userFile());
  }
}
