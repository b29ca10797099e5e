import { z } from 'zod';
import { objectShapesOf, zodDef, ZOD_WRAPPERS } from './zod-walk';

/**
 * Secrets in the settings (the SIP password, TURN credentials, the sync token, the CRM's header
 * value) are marked in the schema with `.meta(SECRET)`. From that one mark, every secret is kept
 * from the renderers twice: `withoutSecrets` turns each into a `…Set` flag in the settings view,
 * and `scrubSecrets` (applied by the Dispatcher to everything it sends, both hosts) blanks a
 * secret's value wherever else it turns up — a backend that echoes the token in its error text,
 * say. A new secret setting needs only the mark; test/unit/secrets.test.ts refuses a setting that
 * is named like a secret but not marked.
 */
export const SECRET = { secret: true } as const;

/** What scrubbing puts where a secret's value was. */
export const SCRUBBED = '•••';

/**
 * Values shorter than this are not scrubbed from free text: a four-digit PIN would otherwise
 * blank every phone number that contains it. The settings view strips them whatever their length.
 */
export const SCRUB_MIN_LENGTH = 6;

const defOf = zodDef;
const isMarked = (schema: z.ZodType): boolean => z.globalRegistry.get(schema)?.secret === true;
const WRAPPERS = ZOD_WRAPPERS;

/** The schema under optional/nullable/default wrappers, and whether any layer is marked secret. */
function unwrap(schema: z.ZodType): { core: z.ZodType; secret: boolean } {
  let core = schema;
  let secret = isMarked(core);
  for (;;) {
    const def = defOf(core);
    const inner = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (!inner) return { core, secret };
    core = inner;
    secret ||= isMarked(core);
  }
}

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

const isSet = (value: unknown): boolean => value !== null && value !== undefined && value !== '';

/**
 * The value as renderers may see it: each secret field `x` is replaced by `xSet` (whether it has a
 * value), at any depth, in lists too (`sip.iceServers[].credential` → `credentialSet`).
 */
export function withoutSecrets(schema: z.ZodType, value: unknown): unknown {
  const { core } = unwrap(schema);
  if (Array.isArray(value)) {
    const element = defOf(core).element;
    return element ? value.map((item) => withoutSecrets(element, item)) : value;
  }
  if (!isPlain(value)) return value;
  const shapes = objectShapesOf(core);
  if (!shapes.length) return value;
  const out: Plain = {};
  for (const [key, item] of Object.entries(value)) {
    const field = shapes.map((shape) => shape[key]).find((s) => s !== undefined);
    out[key] = field ? withoutSecrets(field, item) : item;
  }
  for (const shape of shapes) {
    for (const [key, field] of Object.entries(shape)) {
      if (!unwrap(field).secret) continue;
      delete out[key];
      out[`${key}Set`] = isSet(value[key]);
    }
  }
  return out;
}

/** Every secret's value in `value` (strings only), for scrubbing. */
export function secretValues(schema: z.ZodType, value: unknown): string[] {
  const { core, secret } = unwrap(schema);
  if (secret) return typeof value === 'string' && value !== '' ? [value] : [];
  if (Array.isArray(value)) {
    const element = defOf(core).element;
    return element ? value.flatMap((item) => secretValues(element, item)) : [];
  }
  if (!isPlain(value)) return [];
  const shapes = objectShapesOf(core);
  return Object.entries(value).flatMap(([key, item]) => {
    const field = shapes.map((shape) => shape[key]).find((s) => s !== undefined);
    return field ? secretValues(field, item) : [];
  });
}

/** One secret in a value: where it is (keys and list positions) and its text. */
export interface SecretLeaf {
  path: (string | number)[];
  value: string;
}

/**
 * `value` without its secrets, and the secrets apart: what may be written to a file, and what
 * goes to the vault. The value is left as it is; `joinSecrets` puts them back.
 */
export function splitSecrets(schema: z.ZodType, value: unknown, at: (string | number)[] = []): { rest: unknown; secrets: SecretLeaf[] } {
  const { core } = unwrap(schema);
  if (Array.isArray(value)) {
    const element = defOf(core).element;
    if (!element) return { rest: value, secrets: [] };
    const parts = value.map((item, index) => splitSecrets(element, item, [...at, index]));
    return { rest: parts.map((part) => part.rest), secrets: parts.flatMap((part) => part.secrets) };
  }
  if (!isPlain(value)) return { rest: value, secrets: [] };
  const shapes = objectShapesOf(core);
  const rest: Plain = {};
  const secrets: SecretLeaf[] = [];
  for (const [key, item] of Object.entries(value)) {
    const field = shapes.map((shape) => shape[key]).find((s) => s !== undefined);
    if (field && unwrap(field).secret && typeof item === 'string') {
      secrets.push({ path: [...at, key], value: item });
      continue;
    }
    const part = field ? splitSecrets(field, item, [...at, key]) : { rest: item, secrets: [] };
    Object.defineProperty(rest, key, { value: part.rest, enumerable: true, writable: true, configurable: true });
    secrets.push(...part.secrets);
  }
  return { rest, secrets };
}

/** A copy of `value` with each secret put back at its path (where the path still leads somewhere). */
export function joinSecrets(value: unknown, secrets: readonly SecretLeaf[]): unknown {
  const copy = structuredClone(value);
  for (const { path, value: secret } of secrets) {
    let node: unknown = copy;
    for (const step of path.slice(0, -1)) node = node !== null && typeof node === 'object' ? (node as Plain)[step as string] : undefined;
    const last = path[path.length - 1];
    if (last === undefined || node === null || typeof node !== 'object') continue;
    Object.defineProperty(node, last, { value: secret, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** A secret's path as text: `sip.iceServers.0.credential`. */
export const secretPathText = (path: readonly (string | number)[]): string => path.join('.');

/** Where the schema keeps secrets, as `sip.password`, `sip.iceServers[].credential`. */
export function secretPaths(schema: z.ZodType, prefix = ''): string[] {
  const { core, secret } = unwrap(schema);
  if (secret) return [prefix];
  const def = defOf(core);
  if (def.type === 'array' && def.element) return secretPaths(def.element, `${prefix}[]`);
  return objectShapesOf(core).flatMap((shape) => Object.entries(shape).flatMap(([key, field]) => secretPaths(field, prefix ? `${prefix}.${key}` : key)));
}

/**
 * A copy of a payload with every secret value (of at least SCRUB_MIN_LENGTH characters) blanked
 * in every string, keys included. Returns the payload itself when there is nothing to scrub.
 */
export function scrubSecrets<T>(payload: T, secrets: readonly string[]): T {
  const needles = [...new Set(secrets.filter((s) => s.length >= SCRUB_MIN_LENGTH))].sort((a, b) => b.length - a.length);
  if (!needles.length) return payload;
  const scrubString = (text: string): string => (needles.some((n) => text.includes(n)) ? needles.reduce((t, n) => t.split(n).join(SCRUBBED), text) : text);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return scrubString(value);
    if (Array.isArray(value)) return value.map(walk);
    // Payloads are plain data (they go through JSON or structured clone); anything else is left alone.
    if (isPlain(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null))
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrubString(key), walk(item)]));
    return value;
  };
  // Almost every payload has no secret in it: a look without copying says so (and is what costs).
  const holds = (value: unknown): boolean => {
    if (typeof value === 'string') {
      for (const needle of needles) if (value.includes(needle)) return true;
      return false;
    }
    if (typeof value !== 'object' || value === null) return false;
    if (Array.isArray(value)) {
      for (const item of value) if (holds(item)) return true;
      return false;
    }
    for (const key in value) if (holds(key) || holds((value as Plain)[key])) return true;
    return false;
  };
  return holds(payload) ? (walk(payload) as T) : payload;
}
