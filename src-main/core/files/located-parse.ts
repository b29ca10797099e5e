import fs from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/**
 * A file a person wrote (settings, training scenario) that does not fit its schema. The message
 * names the file, the line and the field, so the writer can go straight to the mistake.
 */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly problem: string,
    /** Further problems in the same file, so the writer can fix them in one go. */
    readonly others: readonly { line: number | null; field: string | null; problem: string }[] = [],
    /** Problems found beyond those listed. */
    readonly unlisted = 0,
  ) {
    const where = (p: { line: number | null; field: string | null; problem: string }) =>
      `${file}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.problem}`;
    const lines = [where({ line, field, problem }), ...others.map(where)];
    if (unlisted > 0) lines.push(`… and ${unlisted} more`);
    super(lines.join('\n'));
    this.name = 'InputFileError';
  }
}

/** How many problems of one file are listed (a file written wrongly throughout says so in a few lines). */
const MAX_PROBLEMS = 10;

/** A schema problem in the words of whoever wrote the file; messages the schema spells out itself are kept. */
function plainProblem(issue: z.core.$ZodIssue, doc: Document): string {
  const found = describeValue(doc.getIn(issue.path as unknown[]));
  switch (issue.code) {
    case 'invalid_type': {
      const wanted: Record<string, string> = {
        number: 'a number, written without quotes',
        int: 'a whole number, written without quotes',
        string: 'a text in quotes',
        boolean: 'true or false, written without quotes',
        array: 'a list in [ ]',
        object: 'a group of settings in { }',
      };
      if (found === 'nothing') return `missing: ${wanted[issue.expected] ?? issue.expected} is needed here`;
      return `${wanted[issue.expected] ?? issue.expected} (found ${found})`;
    }
    case 'too_small':
      if (issue.origin === 'string') return `at least ${String(issue.minimum)} characters (found ${found})`;
      if (issue.origin === 'array') return `at least ${String(issue.minimum)} entries`;
      return `${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)} (found ${found})`;
    case 'too_big':
      if (issue.origin === 'string') return `at most ${String(issue.maximum)} characters`;
      if (issue.origin === 'array') return `at most ${String(issue.maximum)} entries`;
      return `${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)} (found ${found})`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (found ${found})`;
    case 'invalid_format':
      return /^Invalid /.test(issue.message) ? `not in the expected form (found ${found})` : issue.message;
    default:
      return /^Invalid input$/.test(issue.message) ? `not a value this setting takes (found ${found})` : issue.message;
  }
}

function describeValue(node: unknown): string {
  const value: unknown = isNode(node) ? node.toJSON() : node;
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a group of settings';
  return String(value);
}

/** `calls[1].ivr.client` for a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | null {
  // Walk up the path until a node with a position is found (a missing key has none of its own).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}

/** Parses YAML or JSON text (JSON is read by the YAML 1.2 parser) and checks it against a schema. */
export function parseLocated<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  return parseLocatedDetailed(text, file, schema).data;
}

/** Like parseLocated, and also gives the document as written (without schema defaults). */
export function parseLocatedDetailed<S extends z.ZodType>(text: string, file: string, schema: S): { data: z.output<S>; raw: unknown } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? counter.linePos(syntax.pos[0]).line;
    throw new InputFileError(file, line, null, syntax.message.split('\n')[0] ?? 'cannot be read');
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
      let path = issue.path;
      let problem = plainProblem(issue, doc);
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '';
        path = [...issue.path, key];
        problem = `unknown setting "${key}"`;
      }
      return { line: lineOf(doc, counter, path), field: formatPath(path) || null, problem };
    });
    const [first, ...others] = problems;
    if (!first) throw new InputFileError(file, null, null, 'does not fit its schema');
    const more = result.error.issues.length - problems.length;
    throw new InputFileError(file, first.line, first.field, first.problem, others, more);
  }
  return { data: result.data, raw };
}

export function readLocated<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return parseLocated(readText(file), file, schema);
}

export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputFileError(file, null, null, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
