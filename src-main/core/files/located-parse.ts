import fs from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { keysAt } from '../../contract/zod-walk';
import { closestName } from '../../shared/closest-name';
import { jsonSyntaxProblem } from './json-syntax';
import { decodeText, TextEncodingError } from './text-encoding';

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

/** Keys named like a secret (as test/unit/secrets.test.ts names them): their values are never repeated. */
const SECRET_KEY = /(password|token|credential|secret|apiKey|auth\.value)$/i;

/** A schema problem in the words of whoever wrote the file; messages the schema spells out itself are kept. */
function plainProblem(issue: z.core.$ZodIssue, doc: Document): string {
  // Problems go to logs and support bundles: a wrongly written password is not quoted there.
  const found = SECRET_KEY.test(formatPath(issue.path)) ? 'a value not shown here, as it is a secret' : describeValue(doc.getIn(issue.path as unknown[]));
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
      return /^Invalid /.test(issue.message) ? `not in the expected form (found ${found})` : `${issue.message} (found ${found})`;
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

/** One problem of a file a person wrote, where they wrote it. */
export interface LocatedProblem {
  line: number | null;
  field: string | null;
  problem: string;
}

/** A file as read: its document (for the lines of paths), every problem, and the data when there is none. */
export interface CheckedFile<T> {
  /** The document as written (without schema defaults); `{}` for an empty file. */
  raw: unknown;
  data: T | null;
  problems: LocatedProblem[];
  /** Nothing but blanks and comments: the schema's defaults apply. */
  empty: boolean;
  /** The line a path points to (or its nearest written parent), for problems found after the schema. */
  lineOf(path: readonly PropertyKey[]): number | null;
}

const isJsonFile = (file: string) => /\.json$/i.test(file);

/**
 * Reads YAML, or strict JSON for a file named `.json`, and checks it against a schema, collecting
 * every problem instead of stopping at the first. The YAML parser also reads the JSON, for the
 * line of each value (a JSON document is a YAML 1.2 document).
 */
export function checkLocated<S extends z.ZodType>(text: string, file: string, schema: S): CheckedFile<z.output<S>> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineOfPath = (path: readonly PropertyKey[]) => lineOf(doc, counter, path);
  const empty = doc.contents === null && doc.errors.length === 0;
  const failed = (problems: LocatedProblem[]): CheckedFile<z.output<S>> => ({ raw: {}, data: null, problems, empty: false, lineOf: lineOfPath });
  const json = isJsonFile(file) && text.trim() !== '' ? jsonSyntaxProblem(text) : null;
  if (json) return failed([{ line: json.line, field: null, problem: json.problem }]);
  if (doc.errors.length) {
    return failed(
      doc.errors.slice(0, MAX_PROBLEMS).map((syntax) => ({
        line: syntax.linePos?.[0]?.line ?? counter.linePos(syntax.pos[0]).line,
        field: null,
        problem: syntax.message.split('\n')[0] ?? 'cannot be read',
      })),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = schema.safeParse(raw);
  if (result.success) return { raw, data: result.data, problems: [], empty, lineOf: lineOfPath };
  const problems = result.error.issues.map((issue) => {
    let path = issue.path;
    let problem = plainProblem(issue, doc);
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      path = [...issue.path, key];
      const meant = closestName(key, keysAt(schema, issue.path));
      problem = `unknown setting "${key}"${meant ? ` (did you mean "${meant}"?)` : ''}`;
    }
    return { line: lineOfPath(path), field: formatPath(path) || null, problem };
  });
  return { raw, data: null, problems, empty, lineOf: lineOfPath };
}

/** The problems as one error (the first ten listed, the rest counted). */
export function problemsError(file: string, problems: readonly LocatedProblem[]): InputFileError {
  const listed = problems.slice(0, MAX_PROBLEMS);
  const [first, ...others] = listed;
  if (!first) return new InputFileError(file, null, null, 'does not fit its schema');
  return new InputFileError(file, first.line, first.field, first.problem, others, problems.length - listed.length);
}

/** Parses YAML or JSON text and checks it against a schema; throws every problem as one InputFileError. */
export function parseLocated<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  return parseLocatedDetailed(text, file, schema).data;
}

/** Like parseLocated, and also gives the document as written (without schema defaults). */
export function parseLocatedDetailed<S extends z.ZodType>(text: string, file: string, schema: S): { data: z.output<S>; raw: unknown } {
  const checked = checkLocated(text, file, schema);
  if (checked.problems.length || checked.data === null) throw problemsError(file, checked.problems);
  return { data: checked.data, raw: checked.raw };
}

export function readLocated<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return parseLocated(readText(file), file, schema);
}

/** The file's text: UTF-8 with or without BOM, or UTF-16 with BOM; anything else is refused with its line. */
export function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new InputFileError(file, null, null, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return decodeText(bytes).text;
  } catch (error) {
    if (error instanceof TextEncodingError) throw new InputFileError(file, error.line, null, error.problem);
    throw error;
  }
}
