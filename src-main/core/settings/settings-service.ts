import fs from 'node:fs';
import path from 'node:path';
import { settingsSchema, userSettingsPatchSchema, type Message, type SettingSource, type Settings, type UserSettingsPatch } from '../../contract';
import { clientsConflicts } from '../clients/clients-settings';
import { systemClock, type Clock } from '../clock';
import { AnlaufError } from '../errors';
import { Emitter, type IDisposable } from '../events';
import { problemsError, type LocatedProblem } from '../files/located-parse';
import { ensurePrivateDir, openPrivateForWriting } from '../files/private-files';
import { setOwn } from '../own';
import { MemoryVault, type SecretVault, type VaultDescription } from '../platform/secret-vault';
import { readLastGood, saveLastGood } from './last-good';
import { checkSettingsFile } from './settings-file';
import type { PolicySource } from './policy/policy-sources';
import { noPolicy, policyNotices, resolvePolicy, type PolicyState } from './policy/policy-state';
import { formatPolicyProblem } from './policy/policy-values';

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
  /** The machine's policy (core/settings/policy/); none: nothing is locked. */
  policy?: PolicySource;
  /** Where the last good settings file's secrets are kept (last-good.ts); memory by default. */
  vault?: SecretVault;
  /**
   * False for a command that only reads the settings (the CLI's support bundle): it leaves the
   * last good copy as the app wrote it, since its vault may not be the app's (a copy written with
   * other vault names would cost the app its secrets).
   */
  keepLastGood?: boolean;
  /** Where IT's last good settings file is kept, when not in `dataDir`: the machine's folder on a shared desk. */
  lastGoodDir?: string;
}

/** Where one effective setting came from: the source's kind, and the file or registry key. */
export interface SettingOrigin {
  path: string;
  source: SettingSource;
  /** The policy file or registry key, the settings file, the agent's preferences file; null for a default. */
  from: string | null;
}

/** What the agent's screen shows of the policy: the settings it locks, and what to tell IT. */
export interface PolicyView {
  locked: string[];
  notices: Message[];
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
  /**
   * The file has errors and the settings are its last good version, saved at `savedAt`;
   * `secretsLost` names the secrets that version had and the vault no longer kept (absent: none).
   */
  lastGood: { savedAt: number; errors: LocatedProblem[]; secretsLost?: string[] } | null;
}

/**
 * Effective settings in layers: schema defaults < settings file < the agent's own changes <
 * machine policy. Relative paths in the settings file are resolved against the file's folder. A
 * settings file with errors is replaced by its last good version when there is one
 * (last-good.ts); so is a policy source that cannot be used (policy/policy-state.ts).
 *
 * What policy sets is locked: the agent's change is refused, and an earlier one stays in the
 * preferences file without effect, so it is back when IT lets the setting go.
 */
export class SettingsService implements ISettings {
  /** The demo set's companies and folders (core/demo/): below the file, never written anywhere. */
  private demoLayer: Plain = {};
  private fileLayer: Plain = {};
  private userLayer: Plain = {};
  private policy: PolicyState = noPolicy();
  private policyViewCache: PolicyView = { locked: [], notices: [] };
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
      const vault = sources.vault ?? new MemoryVault();
      const keep = sources.keepLastGood ?? true;
      const lastGood = report.layer && !report.empty ? null : readLastGood(sources.lastGoodDir ?? sources.dataDir, report.file, vault, keep);
      if (lastGood) {
        this.fileLayer = lastGood.layer;
      } else if (report.layer) {
        this.fileLayer = report.layer;
        if (keep) saveLastGood(sources.lastGoodDir ?? sources.dataDir, report.file, report.layer, (sources.clock ?? systemClock).now(), vault);
      } else {
        // Refused only when there is nothing good to run on: a desk's first start.
        throw problemsError(report.file, report.errors);
      }
      const errors = report.errors.length ? report.errors : report.warnings.filter((w) => w.field === null);
      const secretsLost = lastGood?.secretsLost.length ? { secretsLost: lastGood.secretsLost } : {};
      this.fileStatus = {
        file: report.file,
        warnings: report.warnings,
        empty: report.empty,
        lastGood: lastGood && { savedAt: lastGood.savedAt, errors, ...secretsLost },
      };
    }
    this.userLayer = this.readUserLayer();
    if (sources.policy) this.usePolicy(resolvePolicy(sources.policy, sources.dataDir, this.now()));
    this.current = this.compute();
  }

  /** The policy as read last: for the log and support. */
  get policyState(): PolicyState {
    return this.policy;
  }

  /** Dotted paths policy sets, and the notices about the policy (the snapshot's `policy`). */
  policyView(): PolicyView {
    return this.policyViewCache;
  }

  /**
   * Reads the policy again (it changed, or may have) and applies it; announces a change of the
   * settings or of what is locked. A policy that turned bad keeps its last good version.
   */
  reloadPolicy(): boolean {
    if (!this.sources.policy) return false;
    const next = resolvePolicy(this.sources.policy, this.sources.dataDir, this.now());
    const same = (a: PolicyState) => JSON.stringify([a.layer, a.sources, a.problems, a.refused, a.lastGood]);
    if (same(next) === same(this.policy)) return false;
    this.usePolicy(next);
    this.current = this.compute();
    this.changed.fire(this.current);
    return true;
  }

  /** Re-reads the policy whenever its source says it may have changed; disposing stops watching. */
  watchPolicy(report: { changed(state: PolicyState): void; failed(error: unknown): void }): IDisposable | null {
    return (
      this.sources.policy?.watch(() => {
        try {
          if (this.reloadPolicy()) report.changed(this.policy);
        } catch (error) {
          report.failed(error);
        }
      }) ?? null
    );
  }

  private usePolicy(state: PolicyState): void {
    this.policy = state;
    this.policyViewCache = { locked: Object.keys(state.sources).sort(), notices: policyNotices(state) };
  }

  private now(): number {
    return (this.sources.clock ?? systemClock).now();
  }

  get(): Settings {
    return this.current;
  }

  /**
   * Puts the demo set below the settings file (core/demo/demo-set.ts decides whether): its
   * companies and folders apply while nothing real is set, and are in no file the app writes.
   */
  useDemo(layer: Plain): void {
    this.demoLayer = layer;
    this.current = this.compute();
    this.changed.fire(this.current);
  }

  update(patch: UserSettingsPatch): Settings {
    const checked = userSettingsPatchSchema.parse(patch);
    const locked = leafPaths(checked).find((p) => this.lockedAt(p));
    if (locked) throw new AnlaufError('settings.lockedByPolicy', { setting: locked }, 'conflict');
    const nextUser = deepMerge(this.userLayer, checked);
    const next = checkedSettingsSchema.parse(deepMerge(deepMerge(deepMerge(this.demoLayer, this.fileLayer), nextUser), this.policy.layer));
    this.writeUserLayer(nextUser);
    this.userLayer = nextUser;
    this.current = next;
    this.changed.fire(next);
    return next;
  }

  /** The policy path that locks `path` (itself, a section above it, or a setting below it), if any. */
  private lockedAt(path: string): string | undefined {
    return Object.keys(this.policy.sources).find((l) => l === path || path.startsWith(`${l}.`) || l.startsWith(`${path}.`));
  }

  /**
   * Where the effective settings came from, for support and `anlauf policy show`: the policy and
   * the paths it sets (and locks), the settings file and its paths, the paths the agent changed,
   * and for every effective setting its source; anything else is the default.
   */
  origins(): {
    settingsFile: string | null;
    fromFile: string[];
    fromAgent: string[];
    secretStore?: VaultDescription;
    settingsFileStatus?: SettingsFileStatus;
    policy: { where: string | null; locked: Record<string, string>; problems: string[]; refused: string[]; lastGoodSavedAt: number | null };
    /** The agent's own values that policy overrides: kept, and back when IT lets them go. */
    agentOverridden: string[];
    settings: SettingOrigin[];
  } {
    return {
      settingsFile: this.sources.configFile ?? null,
      fromFile: leafPaths(this.fileLayer),
      fromAgent: leafPaths(this.userLayer),
      // Which vault keeps this desk's secrets (never a secret): support's first question when one is lost.
      ...(this.sources.vault?.description ? { secretStore: this.sources.vault.description } : {}),
      // Support must see that the file's last good version ran, and why.
      ...(this.fileStatus ? { settingsFileStatus: this.fileStatus } : {}),
      policy: {
        where: this.policy.where,
        locked: this.policy.sources,
        problems: this.policy.problems.map(formatPolicyProblem),
        refused: this.policy.refused.map(formatPolicyProblem),
        lastGoodSavedAt: this.policy.lastGood?.savedAt ?? null,
      },
      agentOverridden: leafPaths(this.userLayer).filter((p) => this.lockedAt(p)),
      settings: this.settingOrigins(),
    };
  }

  private settingOrigins(): SettingOrigin[] {
    const fromFile = new Set(leafPaths(this.fileLayer));
    const fromAgent = new Set(leafPaths(this.userLayer));
    const within = (set: Set<string>, path: string) => [...set].some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`));
    return leafPaths(this.current as unknown as Plain).map((path): SettingOrigin => {
      const locked = this.lockedAt(path);
      if (locked) return { path, source: 'policy', from: this.policy.sources[locked] ?? null };
      if (within(fromAgent, path)) return { path, source: 'agent', from: this.userFile() };
      if (within(fromFile, path)) return { path, source: 'file', from: this.sources.configFile ?? null };
      return { path, source: 'default', from: null };
    });
  }

  private compute(): Settings {
    return checkedSettingsSchema.parse(deepMerge(deepMerge(deepMerge(this.demoLayer, this.fileLayer), this.userLayer), this.policy.layer));
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
