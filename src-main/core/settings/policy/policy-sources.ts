import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { said } from '../../../contract';
import type { Clock } from '../../clock';
import { toDisposable, type IDisposable } from '../../events';
import { decodeText, TextEncodingError } from '../../files/text-encoding';
import { parsePolicyJson } from './json-policy';
import { parsePolicyPlist } from './plist-policy';
import { emptyRead, type PolicyEntry, type PolicyProblem, type PolicyRead, type PolicyRefusal } from './policy-values';
import { readProtectedFile } from './protected-file';
import { parseRegExport, parseRegQuery, registryEntries, type RegistryText } from './registry-policy';
import { regQuery } from './registry-query';

/** Where a desk's machine policy comes from: read it now, and say when it may have changed. */
export interface PolicySource {
  /** Where it is looked for, as the log and `policy show` name it. */
  readonly where: string;
  read(): PolicyRead;
  watch(changed: () => void): IDisposable;
}

export const LINUX_POLICY_FILE = '/etc/anlauf/policy.json';
export const MAC_POLICY_DIR = '/Library/Managed Preferences';
export const MAC_POLICY_DOMAIN = 'de.anlauf.workstation';
export const WINDOWS_POLICY_KEYS = ['HKLM\\SOFTWARE\\Policies\\Anlauf', 'HKCU\\SOFTWARE\\Policies\\Anlauf'];
/** Group Policy is refreshed every 90 minutes; asking every 5 shows a change soon after, at the cost of one `reg query`. */
const REGISTRY_POLL_MS = 5 * 60_000;

type Parse = (bytes: Uint8Array, source: string) => { entries: PolicyEntry[]; problems?: PolicyProblem[] } | { refusal: PolicyRefusal };

/** Root-owned files (Linux JSON, macOS plists, a .reg export for tests), strongest first. */
export class PolicyFiles implements PolicySource {
  readonly where: string;

  constructor(
    private readonly files: string[],
    private readonly parse: Parse,
  ) {
    this.where = files.join(', ');
  }

  read(): PolicyRead {
    const out = emptyRead();
    for (const file of this.files) {
      const found = readProtectedFile(file);
      if (found.kind === 'absent') continue;
      if (found.kind === 'refused') {
        out.refused.push(found.refusal);
        continue;
      }
      const parsed = this.parse(found.bytes, file);
      if ('refusal' in parsed) out.refused.push(parsed.refusal);
      else {
        out.read.push(file);
        out.entries.push(...parsed.entries);
        out.problems.push(...(parsed.problems ?? []));
      }
    }
    return out;
  }

  /** The folders, not the files: a file replaced by a rename (how tools write safely) is seen too. */
  watch(changed: () => void): IDisposable {
    const stops: (() => void)[] = [];
    for (const file of this.files) {
      const dir = path.dirname(file);
      try {
        const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
          if (name === null || name === path.basename(file)) changed();
        });
        watcher.on('error', () => undefined);
        stops.push(() => watcher.close());
      } catch {
        // No folder yet (no policy on this desk): look now and then whether one appeared.
        const listener = () => changed();
        fs.watchFile(file, { persistent: false, interval: 10_000 }, listener);
        stops.push(() => fs.unwatchFile(file, listener));
      }
    }
    return toDisposable(() => stops.forEach((stop) => stop()));
  }
}

/** A `.reg` export, decoded (regedit writes UTF-16 LE with a BOM) and parsed into policy entries. */
export function parseRegFile(bytes: Uint8Array, file: string): { entries: PolicyEntry[]; problems: RegistryText['problems'] } | { refusal: PolicyRefusal } {
  let text: string;
  try {
    text = decodeText(bytes).text;
  } catch (error) {
    if (!(error instanceof TextEncodingError)) throw error;
    return { refusal: { source: file, line: error.line, problem: error.problem, reason: said('policyReason.invalid', { detail: error.problem }) } };
  }
  const parsed = parseRegExport(text, file);
  if ('refusal' in parsed)
    return { refusal: { source: file, line: parsed.line, problem: parsed.refusal, reason: said('policyReason.invalid', { detail: parsed.refusal }) } };
  return registryEntries(parsed);
}

/** The registry through `reg query`, polled: Windows has no change event a process can wait on without native code. */
export class RegistryPolicy implements PolicySource {
  readonly where = WINDOWS_POLICY_KEYS.join(', ');

  constructor(
    private readonly clock: Clock,
    private readonly query: (key: string) => string | null = regQuery,
  ) {}

  read(): PolicyRead {
    const out = emptyRead();
    const parsed: RegistryText = { values: [], problems: [] };
    for (const key of WINDOWS_POLICY_KEYS) {
      let text: string | null;
      try {
        text = this.query(key);
      } catch (error) {
        const detail = (error as Error).message.split('\n')[0] ?? 'reg query failed';
        out.refused.push({ source: key, line: null, problem: `cannot be read (${detail})`, reason: said('policyReason.unreadable', { detail }) });
        continue;
      }
      if (text === null) continue;
      out.read.push(key);
      const one = parseRegQuery(text);
      // Lines of reg query's output mean nothing to an admin: the key and value name do.
      parsed.values.push(...one.values.map((v) => ({ ...v, line: null })));
      parsed.problems.push(...one.problems.map((p) => ({ ...p, line: null })));
    }
    const { entries, problems } = registryEntries(parsed);
    out.entries = entries;
    out.problems = problems;
    return out;
  }

  watch(changed: () => void): IDisposable {
    let timer: unknown;
    const tick = () => {
      changed();
      timer = this.clock.setTimeout(tick, REGISTRY_POLL_MS);
    };
    timer = this.clock.setTimeout(tick, REGISTRY_POLL_MS);
    return toDisposable(() => this.clock.clearTimeout(timer));
  }
}

/**
 * The desk's policy source: the operating system's place, or for tests and support
 * ANLAUF_POLICY_FILE (a root-owned file under the same rules) read as ANLAUF_POLICY_PLATFORM's
 * format (`linux`: JSON, the default; `darwin`: a plist; `win32`: a .reg export).
 */
export function policySourceFor(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, clock: Clock): PolicySource {
  const file = env.ANLAUF_POLICY_FILE;
  const kind = env.ANLAUF_POLICY_PLATFORM ?? (file ? 'linux' : platform);
  if (kind === 'win32') return file ? new PolicyFiles([path.resolve(file)], parseRegFile) : new RegistryPolicy(clock);
  if (kind === 'darwin') {
    const files = file
      ? [path.resolve(file)]
      : [path.join(MAC_POLICY_DIR, `${MAC_POLICY_DOMAIN}.plist`), path.join(MAC_POLICY_DIR, userName(), `${MAC_POLICY_DOMAIN}.plist`)];
    return new PolicyFiles(files, parsePolicyPlist);
  }
  return new PolicyFiles([path.resolve(file ?? LINUX_POLICY_FILE)], parsePolicyJson);
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}
