/**
 * electron-builder.yml checked the way electron-builder checks it at `npm run dist`: against the
 * scheme.json shipped in the installed app-builder-lib, with the ajv that app-builder-lib itself
 * resolves and its options (util/config/schemaValidator.js). The packaging machine would find a
 * misspelt key only there; this finds it in every test run, and names file, line and key.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';
import { projectRoot } from './paths';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
type AjvClass = new (options: Record<string, unknown>) => { compile(schema: unknown): Validate };

const builderLib = path.join(projectRoot, 'node_modules', 'app-builder-lib');
const fromBuilderLib = createRequire(path.join(builderLib, 'package.json'));
const Ajv = (fromBuilderLib('ajv') as { default: AjvClass }).default;
export const builderSchema = JSON.parse(fs.readFileSync(path.join(builderLib, 'scheme.json'), 'utf8')) as Record<string, any>;
const validate = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(builderSchema);

/** A key that composite keywords report once more for every branch that failed. */
const COMPOSITE = new Set(['anyOf', 'oneOf', 'if']);

/** Every place the text breaks the schema, as `file:line: key: what` (empty when it is valid). */
export function builderConfigProblems(text: string, file = 'electron-builder.yml'): string[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) return doc.errors.map((error) => `${file}:${error.linePos?.[0].line ?? '?'}: ${error.message}`);
  if (validate(doc.toJS())) return [];
  const errors = validate.errors ?? [];
  // The branch errors of an anyOf say the same twice ("should be null"); keep the specific ones,
  // and the composite one only where nothing more specific was found at or below its place.
  const specific = errors.filter((e) => !COMPOSITE.has(e.keyword) && !(e.keyword === 'type' && e.params.type === 'null'));
  const shown = specific.length ? specific : errors;
  const problems = shown.map((error) => {
    const keys = error.instancePath
      .split('/')
      .filter(Boolean)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    let where = doc.getIn(keys, true) as Node | undefined;
    let what = error.message ?? error.keyword;
    if (error.keyword === 'additionalProperties') {
      const unknown = String(error.params.additionalProperty);
      const parent = doc.getIn(keys, true);
      const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === unknown) : undefined;
      if (pair && isScalar(pair.key)) where = pair.key;
      keys.push(unknown);
      what = 'unknown key (electron-builder would refuse it; misspelt?)';
    }
    const line = where?.range ? lines.linePos(where.range[0]).line : '?';
    return `${file}:${line}: ${keys.join('.') || '(top level)'}: ${what}`;
  });
  return [...new Set(problems)];
}
