import fs from 'node:fs';
import path from 'node:path';
import { settingsSchema, userSettingsPatchSchema, type Settings, type UserSettingsPatch } from '../../contract';
import { clientsConflicts } from '../clients/clients-settings';
import { systemClock, type Clock } from '../clock';
import { Emitter } from '../events';
import { problemsError, type LocatedProblem } from '../files/located-parse';
import { ensurePrivateDir, openPrivateForWriting } from '../files/private-files';
import { setOwn } from '../own';
import { readLastGood, saveLastGood } from './last-good';
import { checkSettingsFile } from './settings-file';

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
  // A shared desk without the agents' identity would sign everyone in to nothing.
  if (settings.signIn.mode === 'agent' && settings.signIn.uriTemplate === null) {
    ctx.addIssue({ code: 'custom', path: ['signIn', 'uriTemplate'], message: 'signIn.mode agent needs uriTemplate, such as sip:{agentId}@example.org' });
  }
  if (settings.signIn.mode === 'agent' && settings.sip.websocketUrl === null) {
    ctx.addIssue({ code: 'custom', path: ['sip', 'websocketUrl'], message: 'signIn.mode agent needs the SIP server (sip.websocketUrl)' });
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
  /** Where IT's last good settings file is kept, when not in `dataDir`: the machine's folder on a shared desk. */
  lastGoodDir?: string;
}

/** What the Dispatcher may ask of the settings: read them, and change the agent's own. */
export interface ISettings {
  get(): Settings;
  update(patch: UserSettingsPatch): Settings;
}

/** How IT's settings file was read at start, for the log and the agent's screen. */
export interface SettingsFileStatus {
  file: string;
  warnings: LocatedProblem[];
  empty: boolean;
  /** The file has errors and the settings are its last good version, saved at `savedAt`. */
  lastGood: { savedAt: number; errors: LocatedProblem[] } | null;
}

/**
 * Effective settings in layers: schema defaults < settings file < the agent's own changes.
 * Relative paths in the settings file are resolved against the file's folder. A settings file
 * with errors is replaced by its last good version when there is one (last-good.ts).
 */
export class SettingsService implements ISettings {
  private fileLayer: Plain = {};
  private userLayer: Plain = {};
  private current: Settings;
  private readonly changed = new Emitter<Settings>();
  readonly onDidChange = this.changed.event;
  /** Null without a settings file. */
  readonly fileStatus: SettingsFileStatus | null = null;

  constructor(private readonly sources: SettingsSources) {
    if (sources.configFile) {
      // Keep the file as written: schema defaults must not shadow the agent's own changes.
      const report = checkSettingsFile(sources.configFile);
      // An empty file is most likely a copy that failed: the last good version is safer than defaults.
      const lastGood = report.layer && !report.empty ? null : readLastGood(sources.lastGoodDir ?? sources.dataDir, report.file);
      if (lastGood) {
        this.fileLayer = lastGood.layer;
      } else if (report.layer) {
        this.fileLayer = report.layer;
        saveLastGood(sources.lastGoodDir ?? sources.dataDir, report.file, report.layer, (sources.clock ?? systemClock).now());
      } else {
        // Refused only when there is nothing good to run on: a desk's first start.
        throw problemsError(report.file, report.errors);
      }
      const errors = report.errors.length ? report.errors : report.warnings.filter((w) => w.field === null);
      this.fileStatus = { file: report.file, warnings: report.warnings, empty: report.empty, lastGood: lastGood && { savedAt: lastGood.savedAt, errors } };
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
  origins(): { settingsFile: string | null; fromFile: string[]; fromAgent: string[]; settingsFileStatus?: SettingsFileStatus } {
    return {
      settingsFile: this.sources.configFile ?? null,
      fromFile: leafPaths(this.fileLayer),
      fromAgent: leafPaths(this.userLayer),
      // Support must see that the file's last good version ran, and why.
      ...(this.fileStatus ? { settingsFileStatus: this.fileStatus } : {}),
    };
  }

  private compute(): Settings {
    return checkedSettingsSchema.parse(deepMerge(this.fileLayer, this.userLayer));
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
