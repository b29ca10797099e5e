import { ownValue } from '../own';

/**
 * The variables a script text may use, in one place: the loader checks every `{{…}}` against this
 * list, the session fills them in, and docs/scripts.md lists the same names.
 */
export const VARIABLES = {
  customer: ['firstName', 'lastName', 'name', 'salutation', 'address', 'customerNumber', 'email', 'postcode', 'city', 'phone'],
  call: ['number', 'concern', 'queue', 'dialedNumber', 'direction'],
  client: ['name', 'id'],
  campaign: ['name', 'id'],
  agent: ['name'],
} as const;

export type Namespace = keyof typeof VARIABLES;
/** Answers of earlier questions: `answers.<question id>`. */
export const ANSWERS_NAMESPACE = 'answers';
/** Calculated values of the script's `values:` list: `values.<value id>` (see values.ts). */
export const VALUES_NAMESPACE = 'values';

/** What the session knows about the call; every field may be missing. */
export type ScriptContext = {
  [N in Namespace]?: { [F in (typeof VARIABLES)[N][number]]?: string | null };
};

export interface VariableRef {
  /** As written between the braces, trimmed: `customer.firstName | there`. */
  raw: string;
  /** `customer.firstName` */
  name: string;
  namespace: string;
  field: string;
  /** Text after `|`, shown when the value is unknown. */
  fallback: string | null;
  /** Offset of `{{` in the text. */
  index: number;
  /** The whole token as written, braces included. */
  token: string;
}

const TOKEN = /\{\{([^{}]*)\}\}/g;

export function findVariables(text: string): VariableRef[] {
  const refs: VariableRef[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const inner = match[1] ?? '';
    const bar = inner.indexOf('|');
    const name = (bar >= 0 ? inner.slice(0, bar) : inner).trim();
    const fallback = bar >= 0 ? inner.slice(bar + 1).trim() : null;
    const dot = name.indexOf('.');
    refs.push({
      raw: inner.trim(),
      name,
      namespace: dot >= 0 ? name.slice(0, dot) : name,
      field: dot >= 0 ? name.slice(dot + 1) : '',
      fallback,
      index: match.index,
      token: match[0],
    });
  }
  return refs;
}

/**
 * Why a variable name is not known, as a sentence, or null when it is fine. `questionIds` are the
 * ids of the script's questions, which `answers.*` may name.
 */
export function variableProblem(name: string, questionIds: ReadonlySet<string>, valueIds: ReadonlySet<string> = new Set()): string | null {
  const dot = name.indexOf('.');
  const namespace = dot >= 0 ? name.slice(0, dot) : name;
  const field = dot >= 0 ? name.slice(dot + 1) : '';
  if (namespace === VALUES_NAMESPACE) {
    if (valueIds.has(field)) return null;
    const close = [...valueIds].find((v) => isClose(v, field));
    return `unknown variable "${name}": there is no calculated value with id "${field}"${close ? ` (did you mean values.${close}?)` : valueIds.size ? '' : ' (the script has no values: list)'}`;
  }
  if (namespace === ANSWERS_NAMESPACE) {
    if (!field) return `unknown variable "${name}": name a question, e.g. answers.q_satisfaction`;
    if (!questionIds.has(field)) return `unknown variable "${name}": there is no question with id "${field}"`;
    return null;
  }
  if (!Object.hasOwn(VARIABLES, namespace)) {
    const known = [...Object.keys(VARIABLES), ANSWERS_NAMESPACE, VALUES_NAMESPACE].join(', ');
    return `unknown variable "${name}": "${namespace}" is not one of ${known}`;
  }
  const fields: readonly string[] = VARIABLES[namespace as Namespace];
  if (!fields.includes(field)) {
    const close = fields.find((f) => isClose(f, field));
    const hint = close ? `did you mean ${namespace}.${close}?` : `known: ${fields.map((f) => `${namespace}.${f}`).join(', ')}`;
    return `unknown variable "${name}" (${hint})`;
  }
  return null;
}

/** The value of `customer.name` when only first and last name are known, and the like. */
export function lookupContext(context: ScriptContext, namespace: string, field: string): string | null {
  const values = ownValue(context as Record<string, Record<string, string | null | undefined> | undefined>, namespace);
  const value = ownValue(values, field);
  if (value !== undefined && value !== null && value !== '') return value;
  if (namespace === 'customer' && field === 'name') {
    const joined = [ownValue(values, 'firstName'), ownValue(values, 'lastName')].filter((v) => v).join(' ');
    return joined || null;
  }
  return null;
}

/**
 * Whether two names differ by at most two edits, for "did you mean" hints. Names whose lengths
 * differ by more cannot be that close, so a huge value written where an id belongs is not
 * compared letter by letter against every id of the script.
 */
export function isClose(a: string, b: string): boolean {
  return Math.abs(a.length - b.length) <= 2 && editDistance(a.toLowerCase(), b.toLowerCase()) <= 2;
}

/** Levenshtein distance, for "did you mean" hints on short names. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
