import type { z } from 'zod';
import { POLICY_KEYS, settingsSchema, type Message, type PolicyKey } from '../../../contract';
import { zodDef, unwrapZod } from '../../../contract/zod-walk';
import { closestName } from '../../../shared/closest-name';
import { setOwn } from '../../own';
import { plainHttpToRemote } from '../settings-checks';

/**
 * Machine policy as its sources write it (a JSON file, a plist, registry values), turned into one
 * layer of settings. Each source only gathers entries; what a key means and which values it takes
 * is decided here, from the settings schema, so a registry DWORD and a JSON `true` end up the same.
 */

/** One value as a source wrote it, before the schema looked at it. */
export interface PolicyEntry {
  /** The setting's path as written (`['sip', 'websocketUrl']`). */
  path: string[];
  value: unknown;
  /** Where it is written: the file, or the registry key holding the value (`HKLM\SOFTWARE\Policies\Anlauf\sip`). */
  source: string;
  line: number | null;
  /** The key as the admin wrote it in that source: `sip.websocketUrl` in a file, `websocketUrl` under a registry key. */
  key: string;
}

/** A problem with one place of a policy source; the rest of the source still applies. */
export interface PolicyProblem {
  source: string;
  line: number | null;
  key: string | null;
  problem: string;
}

/** A source that cannot be used at all (a file others may write, a syntax error): why, for people and for the log. */
export interface PolicyRefusal {
  source: string;
  line: number | null;
  problem: string;
  /** The reason worded for the agent's screen (a `policyReason.*` message). */
  reason: Message;
}

/** What one reading of the machine's policy found. */
export interface PolicyRead {
  /** The sources that were there and read (an absent file is no source). */
  read: string[];
  /** Strongest first: for a key written twice (HKLM and HKCU), the first entry wins. */
  entries: PolicyEntry[];
  problems: PolicyProblem[];
  refused: PolicyRefusal[];
}

export const emptyRead = (): PolicyRead => ({ read: [], entries: [], problems: [], refused: [] });

type Plain = Record<string, unknown>;

/** The settings layer policy sets, where each path came from, and the entries it could not use. */
export interface PolicyLayer {
  layer: Plain;
  /** Dotted path → where it is written (file or registry key). */
  sources: Record<string, string>;
  problems: PolicyProblem[];
}

export function formatPolicyProblem(p: { source: string; line: number | null; key?: string | null; problem: string }): string {
  return `${p.source}${p.line ? `:${p.line}` : ''}: ${p.key ? `${p.key}: ` : ''}${p.problem}`;
}

/** "unknown setting", with the policy key it most likely meant when one is close. */
function unknownSetting(path: string): string {
  const meant = closestName(path, Object.keys(POLICY_KEYS));
  return `unknown setting "${path}"${meant ? ` (did you mean "${meant}"?)` : ''}`;
}

export const isPolicyKey = (path: string): path is PolicyKey => Object.hasOwn(POLICY_KEYS, path);

const defOf = zodDef;
const unwrap = unwrapZod;

/** The schema of one setting, `sip.websocketUrl` → the field's schema (defaults and all). */
export function settingSchema(path: string): z.ZodType | null {
  let schema: z.ZodType = settingsSchema;
  for (const key of path.split('.')) {
    const shape = defOf(unwrap(schema)).shape;
    const next = shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!next) return null;
    schema = next;
  }
  return schema;
}

/** The kinds of value a setting takes, looking through unions and literals. */
function kinds(schema: z.ZodType): Set<string> {
  const def = defOf(unwrap(schema));
  if (def.type === 'union' && def.options) return new Set(def.options.flatMap((o) => [...kinds(o)]));
  if (def.type === 'literal' && def.values) return new Set(def.values.map((v) => typeof v));
  if (def.type === 'enum') return new Set(['string']);
  if (def.type === 'int') return new Set(['number']);
  return new Set([def.type]);
}

/**
 * The ways a value from a policy source may be meant. The registry has no booleans and GPO's
 * decimal element writes a DWORD, so 0/1 mean false/true where the setting is a switch; a
 * REG_SZ holds numbers and lists as text; a plist's integer may come as a bigint.
 */
function readings(value: unknown, wanted: Set<string>): unknown[] {
  const out: unknown[] = [value];
  if (typeof value === 'bigint') out.push(Number(value));
  if (wanted.has('boolean') && (value === 0 || value === 1)) out.push(value === 1);
  if (typeof value === 'string') {
    const text = value.trim();
    if (wanted.has('number') && /^-?\d+(\.\d+)?$/.test(text)) out.push(Number(text));
    if (wanted.has('boolean') && /^(true|false|0|1)$/i.test(text)) out.push(/^(true|1)$/i.test(text));
    if (wanted.has('array') && text.startsWith('[')) {
      try {
        out.push(JSON.parse(text) as unknown);
      } catch {
        // Not JSON after all: the schema says what it wanted.
      }
    }
  }
  return out;
}

const WANTED: Record<string, string> = {
  boolean: 'true or false (a DWORD 1 or 0)',
  number: 'a number',
  string: 'a text',
  array: 'a list (REG_MULTI_SZ, a plist array or a JSON list of texts)',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return value instanceof Date ? 'a date' : value instanceof ArrayBuffer ? 'data' : 'a group of settings';
  return String(value);
}

/** What the setting wants, in words an admin acts on. */
function problemOf(issue: z.core.$ZodIssue, value: unknown, wanted: Set<string>): string {
  const found = describe(value);
  switch (issue.code) {
    case 'invalid_type':
    case 'invalid_union':
      return `${[...wanted].map((k) => WANTED[k] ?? k).join(' or ')} (found ${found})`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (found ${found})`;
    case 'too_small':
      return issue.origin === 'array' ? `at least ${String(issue.minimum)} entries` : `at least ${String(issue.minimum)} (found ${found})`;
    case 'too_big':
      return issue.origin === 'array' ? `at most ${String(issue.maximum)} entries` : `at most ${String(issue.maximum)} (found ${found})`;
    default:
      return /^Invalid/.test(issue.message) ? `not a value this setting takes (found ${found})` : `${issue.message} (found ${found})`;
  }
}

/** The value the setting takes, or why not. */
export function convertPolicyValue(path: PolicyKey, value: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  const schema = settingSchema(path);
  if (!schema) return { ok: false, problem: 'not a setting of this version' };
  const wanted = kinds(schema);
  let first: z.core.$ZodIssue | undefined;
  for (const reading of readings(value, wanted)) {
    // `undefined` would take the default: a policy that names a key must say what it sets.
    if (reading === undefined) break;
    const result = schema.safeParse(reading);
    if (result.success) return { ok: true, value: result.data };
    first ??= result.error.issues[0];
  }
  return { ok: false, problem: first ? problemOf(first, value, wanted) : 'has no value' };
}

/** URLs policy may set whose section has `allowPlainHttp`, with what plain http:// to another computer would expose. */
const PLAIN_HTTP_REFUSALS: readonly [section: string, key: string, problem: string][] = [
  [
    'sync',
    'url',
    "plain http:// to another computer would send the token and every call record in clear text; use https://, or set sync.allowPlainHttp to true by policy as well if the network is IT's end to end",
  ],
  [
    'colleagues',
    'directoryUrl',
    // The colleague list decides where agents transfer callers: nobody on the way may rewrite it unasked.
    "plain http:// to another computer: anyone on the way could change the colleague list, and so where agents transfer callers; use https://, or set colleagues.allowPlainHttp to true by policy as well if the network is IT's end to end",
  ],
];

/**
 * The layer policy sets: each entry through the schema, the first entry of a key winning. An
 * entry the schema refuses is a problem naming its source and key, and only that key is left out:
 * one wrong value pushed to 500 desks must not take the rest of IT's policy with it.
 */
export function policyLayer(read: Pick<PolicyRead, 'entries'>): PolicyLayer {
  const layer: Plain = {};
  const sources: Record<string, string> = {};
  const problems: PolicyProblem[] = [];
  const wheres: Record<string, PolicyEntry> = {};
  for (const entry of read.entries) {
    const path = entry.path.join('.');
    const problem = (text: string) => problems.push({ source: entry.source, line: entry.line, key: entry.key, problem: text });
    if (!isPolicyKey(path)) {
      problem(
        settingSchema(path)
          ? `"${path}" is a setting machine policy does not set (docs/settings.md, "Machine policy", lists those it does)`
          : unknownSetting(path),
      );
      continue;
    }
    if (Object.hasOwn(sources, path)) continue;
    const converted = convertPolicyValue(path, entry.value);
    if (!converted.ok) {
      problem(converted.problem);
      continue;
    }
    setPath(layer, entry.path, converted.value);
    sources[path] = entry.source;
    wheres[path] = entry;
  }
  // As in the settings file: nothing crosses the network in clear text unasked.
  for (const [section, key, problem] of PLAIN_HTTP_REFUSALS) {
    const values = layer[section] as Record<string, unknown> | undefined;
    const url = values?.[key];
    const at = wheres[`${section}.${key}`];
    if (!values || typeof url !== 'string' || !plainHttpToRemote(url) || values.allowPlainHttp === true || !at) continue;
    delete values[key];
    delete sources[`${section}.${key}`];
    problems.push({ source: at.source, line: at.line, key: at.key, problem });
  }
  return { layer, sources, problems };
}

function setPath(layer: Plain, path: string[], value: unknown): void {
  let at = layer;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) at = next as Plain;
    else {
      const made: Plain = {};
      setOwn<unknown>(at, key, made);
      at = made;
    }
  }
  setOwn<unknown>(at, path[path.length - 1] ?? '', value);
}

/**
 * The entries of a nested document (a JSON object, a plist dictionary): a group of settings is
 * walked into, a policy key's value is taken as it is (a list, or a wrong group the schema names).
 */
export function nestedEntries(document: Plain, source: string, lineOf: (path: string[]) => number | null, prefix: string[] = []): PolicyEntry[] {
  return Object.entries(document).flatMap(([key, value]) => {
    const path = [...prefix, key];
    const dotted = path.join('.');
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      !(value instanceof Date) &&
      !(value instanceof ArrayBuffer) &&
      !isPolicyKey(dotted)
    )
      return nestedEntries(value as Plain, source, lineOf, path);
    return [{ path, value, source, line: lineOf(path), key: dotted }];
  });
}
