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
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'InputFileError';
  }
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
export function parseLocatedDetailed<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): { data: z.output<S>; raw: unknown } {
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
    const issue = result.error.issues[0];
    if (!issue) throw new InputFileError(file, null, null, 'does not fit its schema');
    let path = issue.path;
    let problem = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      path = [...issue.path, key];
      problem = `unknown setting "${key}"`;
    }
    throw new InputFileError(file, lineOf(doc, counter, path), formatPath(path) || null, problem);
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
