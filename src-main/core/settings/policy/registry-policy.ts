import { POLICY_KEYS } from '../../../contract';
import type { PolicyEntry, PolicyProblem } from './policy-values';

/**
 * Group Policy writes Anlauf's policy to `HKLM\SOFTWARE\Policies\Anlauf` (per machine) and
 * `HKCU\SOFTWARE\Policies\Anlauf` (per user), a subkey per section: `…\Anlauf\sip` holds the value
 * `websocketUrl`. Two texts of those values are read here: what `reg query … /s` prints (the
 * running desk asks the registry through it) and a `.reg` export (what an admin checks with
 * `anlauf policy validate` before a rollout). Both are parsed into the same values.
 */
export interface RegistryValue {
  /** `HKLM\SOFTWARE\Policies\Anlauf\sip`, hive shortened as the admin tools write it. */
  key: string;
  name: string;
  type: string;
  /** REG_SZ: text; REG_DWORD / REG_QWORD: a number; REG_MULTI_SZ: texts; null for a type policy has no use for. */
  data: string | number | string[] | null;
  line: number | null;
}

export interface RegistryText {
  values: RegistryValue[];
  problems: PolicyProblem[];
}

const HIVES: Record<string, string> = { HKEY_LOCAL_MACHINE: 'HKLM', HKEY_CURRENT_USER: 'HKCU', HKLM: 'HKLM', HKCU: 'HKCU' };
const ROOT = ['software', 'policies', 'anlauf'];

function shortKey(key: string): string {
  const [hive = '', ...rest] = key.split('\\');
  return [HIVES[hive.toUpperCase()] ?? hive, ...rest].join('\\');
}

/** The UTF-16 LE texts of a `hex(7)` / `hex(2)` value's bytes. */
function utf16(bytes: number[]): string {
  return Buffer.from(bytes).toString('utf16le');
}

function hexBytes(text: string): number[] | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (!parts.every((p) => /^[0-9a-f]{1,2}$/i.test(p))) return null;
  return parts.map((p) => parseInt(p, 16));
}

/** A `"…"` of a .reg file: backslash escapes `\\` and `\"`; returns the text and what follows it. */
function quoted(text: string): { value: string; rest: string } | null {
  if (!text.startsWith('"')) return null;
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) value += text[++i];
    else if (c === '"') return { value, rest: text.slice(i + 1) };
    else value += c;
  }
  return null;
}

/**
 * A `.reg` export as regedit writes it: "Windows Registry Editor Version 5.00" (UTF-16 LE with
 * BOM; decoded before this) or "REGEDIT4", `[KEY]` lines, `"name"=value` lines, long hex values
 * continued with `\` on the next line.
 */
export function parseRegExport(text: string, file: string): RegistryText | { refusal: string; line: number } {
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = raw[0]?.trim();
  if (header !== 'Windows Registry Editor Version 5.00' && header !== 'REGEDIT4')
    return { refusal: 'not a .reg export: the first line must be "Windows Registry Editor Version 5.00"', line: 1 };
  const values: RegistryValue[] = [];
  const problems: PolicyProblem[] = [];
  let key: string | null = null;
  for (let i = 1; i < raw.length; i++) {
    const line = i + 1;
    let text = raw[i] ?? '';
    while (text.trimEnd().endsWith('\\') && i + 1 < raw.length) text = text.trimEnd().slice(0, -1) + (raw[++i] ?? '').trimStart();
    text = text.trim();
    if (text === '' || text.startsWith(';')) continue;
    const problem = (p: string, name: string | null = null) => problems.push({ source: key ?? file, line, key: name, problem: p });
    if (text.startsWith('[')) {
      if (!text.endsWith(']')) {
        key = null;
        problem(`a key line must end with "]"`);
      } else if (text.startsWith('[-')) {
        key = null;
        problem('removes a key; a policy export only sets values, so this is ignored');
      } else key = shortKey(text.slice(1, -1));
      continue;
    }
    const name = text.startsWith('@=') ? { value: '', rest: text.slice(1) } : quoted(text);
    if (!name || !name.rest.startsWith('=')) {
      problem('not a value line ("name"=value)');
      continue;
    }
    if (key === null) continue;
    const data = name.rest.slice(1).trim();
    const value = regValue(data);
    if ('problem' in value) problem(value.problem, name.value);
    else values.push({ key, name: name.value, type: value.type, data: value.data, line });
  }
  return { values, problems };
}

function regValue(data: string): { type: string; data: RegistryValue['data'] } | { problem: string } {
  if (data === '-') return { problem: 'removes the value; a policy export only sets values, so this is ignored' };
  const text = quoted(data);
  if (text) return { type: 'REG_SZ', data: text.value };
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(data);
  if (dword) return { type: 'REG_DWORD', data: parseInt(dword[1] ?? '0', 16) };
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(data);
  if (!hex) return { problem: `a value regedit does not write (${data.slice(0, 40)})` };
  const bytes = hexBytes(hex[2] ?? '');
  if (!bytes) return { problem: 'hex data that is not comma-separated bytes' };
  switch ((hex[1] ?? '').toLowerCase()) {
    case '7':
      return { type: 'REG_MULTI_SZ', data: multiString(utf16(bytes)) };
    case '2':
      return { type: 'REG_EXPAND_SZ', data: utf16(bytes).replace(/\0+$/, '') };
    case '1':
      return { type: 'REG_SZ', data: utf16(bytes).replace(/\0+$/, '') };
    case 'b':
      return { type: 'REG_QWORD', data: Number(Buffer.from(bytes.concat([0, 0, 0, 0, 0, 0, 0, 0]).slice(0, 8)).readBigUInt64LE()) };
    case '4':
      return { type: 'REG_DWORD', data: Buffer.from(bytes.concat([0, 0, 0, 0]).slice(0, 4)).readUInt32LE() };
    default:
      return { type: 'REG_BINARY', data: null };
  }
}

/** REG_MULTI_SZ: texts ended by NUL, the list by one more. */
function multiString(text: string): string[] {
  const body = text.replace(/\0+$/, '');
  return body === '' ? [] : body.split('\0');
}

const QUERY_VALUE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * What `reg query HKLM\SOFTWARE\Policies\Anlauf /s` prints: each key's full name on a line of its
 * own, then its values indented by four spaces, as `name    REG_TYPE    data`, columns four spaces
 * apart; a REG_MULTI_SZ's texts joined by a literal `\0`, a DWORD as `0x1e`.
 */
export function parseRegQuery(text: string): RegistryText {
  const values: RegistryValue[] = [];
  const problems: PolicyProblem[] = [];
  let key: string | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (/^HKEY_/i.test(raw)) {
      key = shortKey(raw.trim());
      return;
    }
    const match = QUERY_VALUE.exec(raw);
    if (!match || key === null) return;
    const [, name = '', type = '', data = ''] = match;
    const value = queryValue(type, data);
    const valueName = name === '(Default)' ? '' : name;
    if (value === undefined) problems.push({ source: key, line, key: valueName, problem: `a ${type} value; policy takes REG_SZ, REG_DWORD or REG_MULTI_SZ` });
    else values.push({ key, name: valueName, type, data: value, line });
  });
  return { values, problems };
}

function queryValue(type: string, data: string): RegistryValue['data'] | undefined {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return data;
    case 'REG_DWORD':
    case 'REG_QWORD':
      return Number(BigInt(data.startsWith('0x') ? data : `0x${data || '0'}`));
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0');
    default:
      return undefined;
  }
}

const CANONICAL = new Map(Object.keys(POLICY_KEYS).map((k) => [k.toLowerCase(), k.split('.')]));

/**
 * The values below `…\Policies\Anlauf` as policy entries, the machine's (HKLM) before the user's
 * (HKCU) so the machine wins per key. Registry names are case-insensitive, so `WebSocketUrl`
 * means `websocketUrl`. Values elsewhere in an export are named and ignored.
 */
export function registryEntries(parsed: RegistryText): { entries: PolicyEntry[]; problems: PolicyProblem[] } {
  const entries: PolicyEntry[] = [];
  const problems = [...parsed.problems];
  const ordered = [...parsed.values].sort((a, b) => hiveRank(a.key) - hiveRank(b.key));
  for (const value of ordered) {
    const [hive = '', ...below] = value.key.split('\\');
    const under = below.slice(0, ROOT.length).map((s) => s.toLowerCase());
    if (!['HKLM', 'HKCU'].includes(hive) || under.join('\\') !== ROOT.join('\\')) {
      problems.push({ source: value.key, line: value.line, key: value.name, problem: 'outside HKLM or HKCU\\SOFTWARE\\Policies\\Anlauf; ignored' });
      continue;
    }
    if (value.data === null) {
      problems.push({ source: value.key, line: value.line, key: value.name, problem: `a ${value.type} value; policy takes REG_SZ, REG_DWORD or REG_MULTI_SZ` });
      continue;
    }
    if (value.name === '') continue;
    const written = [...below.slice(ROOT.length), ...value.name.split('.')];
    const path = CANONICAL.get(written.join('.').toLowerCase()) ?? written;
    entries.push({ path, value: value.data, source: value.key, line: value.line, key: value.name });
  }
  return { entries, problems };
}

const hiveRank = (key: string) => (key.startsWith('HKLM') ? 0 : 1);
