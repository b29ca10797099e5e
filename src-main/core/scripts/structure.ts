import { z } from 'zod';
import { ownValue } from '../own';
import { closestName } from '../../shared/closest-name';
import { INPUT_KINDS, MATCHER_OPERATORS, NODE_TYPES } from './model';
import { DATETIME, TIME } from './moments';
import { compilePattern } from './pattern';
import { checkMomentLimit, checkQuestionFields } from './structure-questions';
import type { Path, ProblemList } from './problems';

/**
 * The shape checks: every field has the right type, nothing unknown is written, nothing required
 * is missing. Each object is checked on its own, so one bad node does not hide the others' problems.
 */

export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
const id = z.string().regex(ID_PATTERN, 'must start with a letter and contain only letters, digits, "_" and "-"');

const scriptSchema = z.strictObject({
  id,
  title: z.string().min(1),
  campaign: id,
  client: id.optional(),
  language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language code such as de or en'),
  description: z.string().optional(),
  survey: z.boolean().optional(),
  sections: z.array(z.unknown()).min(1),
  values: z.array(z.unknown()).min(1).optional(),
});

const sectionSchema = z.strictObject({
  id,
  title: z.string().optional(),
  nodes: z.array(z.unknown()).min(1),
});

const branchesField = z.array(z.unknown()).min(1).optional();

const nodeSchemas = {
  say: z.strictObject({
    id,
    type: z.literal('say'),
    text: z.string(),
    hint: z.string().optional(),
    form: id.optional(),
    next: id.optional(),
    branches: branchesField,
  }),
  question: z.strictObject({
    id,
    type: z.literal('question'),
    text: z.string(),
    input: z.enum(INPUT_KINDS),
    required: z.boolean().optional(),
    options: z.array(z.unknown()).min(1).optional(),
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    pattern: z.string().optional(),
    patternMessage: z.string().optional(),
    help: z.string().optional(),
    minLabel: z.string().min(1).optional(),
    maxLabel: z.string().min(1).optional(),
    shuffle: z.boolean().optional(),
    items: z.array(z.unknown()).optional(),
    callback: z.boolean().optional(),
    form: id.optional(),
    next: id.optional(),
    branches: branchesField,
  }),
  end: z.strictObject({ id, type: z.literal('end'), text: z.string().optional(), disposition: z.string().min(1).optional() }),
} as const;

const optionSchema = z.strictObject({
  value: z.union([z.string(), z.number()]),
  label: z.string().optional(),
  next: id.optional(),
  specify: z.boolean().optional(),
  exclusive: z.boolean().optional(),
  fixed: z.boolean().optional(),
  score: z.number().optional(),
});
const branchSchema = z.strictObject({ when: z.record(z.string(), z.unknown()), next: id });

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

export function describe(value: unknown): string {
  if (typeof value === 'string') return `the text "${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function fieldName(path: Path): string {
  const last = path.at(-1);
  if (typeof last === 'number') {
    const parent = path.at(-2);
    return `${typeof parent === 'string' ? parent : 'item'}[${last}]`;
  }
  return last === undefined ? 'the script' : String(last);
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) value = ownValue(value as Record<string, unknown> | null | undefined, String(key));
  return value;
}

const HINTS: Record<string, string> = {
  version: 'the version is assigned when the script is loaded; remove "version"',
  next: 'an end node finishes the call and has no "next"',
};

/** The keys a German-speaking trainer may write in German: the file's keys are English (the texts may be German). */
const GERMAN_KEYS: Record<string, string> = {
  titel: 'title',
  beschreibung: 'description',
  sprache: 'language',
  sprachen: 'languages',
  kunde: 'client',
  auftraggeber: 'client',
  kampagne: 'campaign',
  art: 'kind',
  abschnitte: 'sections',
  felder: 'fields',
  bezeichnung: 'label',
  beschriftung: 'label',
  typ: 'type',
  pflicht: 'required',
  pflichtfeld: 'required',
  erforderlich: 'required',
  hilfe: 'help',
  hinweis: 'hint',
  optionen: 'options',
  auswahl: 'options',
  wenn: 'when',
  bedingung: 'when',
  vorbelegung: 'prefill',
  vorausfuellen: 'prefill',
  weiter: 'next',
  wert: 'value',
};

/**
 * Runs a schema over the value at `base` and adds a sentence for every issue. True when it fits.
 * `suggest`: an unknown field close to a known one is named as what was probably meant.
 * `word`: what a name in the file is called; a form says `key`, since its "fields" are the form's.
 */
export function checkShape(schema: z.ZodObject, value: unknown, base: Path, problems: ProblemList, suggest = false, word: 'field' | 'key' = 'field'): boolean {
  const result = schema.safeParse(value);
  if (result.success) return true;
  const pos = problems.positions;
  for (const issue of result.error.issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    const actual = valueAt(value, issue.path as (string | number)[]);
    const field = fieldName(path);
    if (actual === undefined && issue.code !== 'unrecognized_keys' && issue.path.length > 0) {
      // zod names a missing enum or union field by the values it wanted, not as missing.
      problems.add('missing-field', pos.value(path.slice(0, -1)), `"${field}" is missing`);
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          if (key.startsWith('[object ')) {
            // YAML read `{{x}}` or `{a: b}` at the start of a line as a mapping used as a key.
            problems.add(
              'unknown-field',
              pos.value(path),
              'a mapping ({…}) stands where a field name belongs: a text that starts with { or [ must be in quotes',
            );
            continue;
          }
          const known = Object.keys(schema.shape);
          const close = suggest ? closestName(key, known) : null;
          const english = ownValue(GERMAN_KEYS, key.toLowerCase());
          const german = english && known.includes(english) ? `write "${english}": the ${word}s are English, the texts may be German` : null;
          const hint = ownValue(HINTS, key) ?? german ?? (close ? `did you mean "${close}"?` : `known ${word}s: ${known.join(', ')}`);
          problems.add('unknown-field', pos.key([...path, key]), `unknown ${word} "${key}" (${hint})`);
        }
        break;
      case 'invalid_type':
        problems.add('wrong-type', pos.value(path), `${field} must be ${ownValue(EXPECTED, issue.expected) ?? issue.expected}, not ${describe(actual)}`);
        break;
      case 'invalid_union':
        problems.add(
          'wrong-type',
          pos.value(path),
          `${field} must be ${field === 'min' || field === 'max' ? 'a number or a date' : 'text or a number'}, not ${describe(actual)}`,
        );
        break;
      case 'invalid_value':
        problems.add(
          'wrong-type',
          pos.value(path),
          `${field} must be ${issue.values
            .map((v) => String(v))
            .join(', ')
            .replace(/, ([^,]*)$/, ' or $1')}, not ${describe(actual)}`,
        );
        break;
      case 'too_small':
        problems.add('wrong-type', pos.value(path), `${field} must not be empty`);
        break;
      default:
        problems.add('wrong-type', pos.value(path), `${field} ${issue.message}`);
    }
  }
  return false;
}

const SCALAR_TYPES = new Set(['string', 'number', 'boolean']);
const LIST_OPERATORS = new Set(['in', 'notIn']);
const NUMBER_OPERATORS = new Set(['lt', 'lte', 'gt', 'gte']);

/** A `when` entry's matcher: a value, or operators with operands of the right kind. */
export function checkMatcher(value: unknown, path: Path, problems: ProblemList): void {
  const pos = problems.positions;
  if (SCALAR_TYPES.has(typeof value)) return;
  if (Array.isArray(value)) {
    problems.add('wrong-type', pos.value(path), `${fieldName(path)}: write a list as { in: [...] }`);
    return;
  }
  if (value === null || typeof value !== 'object') {
    problems.add('wrong-type', pos.value(path), `${fieldName(path)} must be a value or operators such as { in: [a, b] }, not ${describe(value)}`);
    return;
  }
  for (const [op, operand] of Object.entries(value)) {
    const at = [...path, op];
    if (!(MATCHER_OPERATORS as readonly string[]).includes(op)) {
      problems.add('unknown-field', pos.key(at), `unknown operator "${op}" (known: ${MATCHER_OPERATORS.join(', ')})`);
    } else if (LIST_OPERATORS.has(op)) {
      if (!Array.isArray(operand) || !operand.every((v) => SCALAR_TYPES.has(typeof v)))
        problems.add('wrong-type', pos.value(at), `${op} must be a list of values, not ${describe(operand)}`);
    } else if (NUMBER_OPERATORS.has(op)) {
      if (
        typeof operand !== 'number' &&
        !(typeof operand === 'string' && (/^\d{4}-\d{2}-\d{2}$/.test(operand) || TIME.test(operand) || DATETIME.test(operand)))
      )
        problems.add(
          'wrong-type',
          pos.value(at),
          `${op} must be a number, a date (YYYY-MM-DD), a time (HH:MM) or both (YYYY-MM-DD HH:MM), not ${describe(operand)}`,
        );
    } else if (op === 'empty') {
      if (typeof operand !== 'boolean') problems.add('wrong-type', pos.value(at), `empty must be true or false, not ${describe(operand)}`);
    } else if (!SCALAR_TYPES.has(typeof operand)) {
      problems.add('wrong-type', pos.value(at), `${op} must be a single value, not ${describe(operand)}`);
    }
  }
}

function checkRange(node: Record<string, unknown>, base: Path, problems: ProblemList): void {
  const input = node.input;
  const pos = problems.positions;
  for (const key of ['min', 'max'] as const) {
    const value = node[key];
    if (value === undefined) continue;
    const at = [...base, key];
    if (input === 'single' || input === 'yesno') {
      problems.add('unknown-field', pos.key(at), `${key} does not apply to a ${input} question`);
    } else if (input === 'time' || input === 'datetime') {
      checkMomentLimit(input, key, value, at, problems);
    } else if (input === 'date') {
      if (typeof value !== 'string' || !(value === 'today' || /^\d{4}-\d{2}-\d{2}$/.test(value)))
        problems.add('wrong-type', pos.value(at), `${key} of a date question must be a date (YYYY-MM-DD) or "today", not ${describe(value)}`);
    } else if (typeof value !== 'number') {
      problems.add('wrong-type', pos.value(at), `${key} must be a number, not ${describe(value)}`);
    } else if ((input === 'text' || input === 'multiple' || input === 'rating' || input === 'grid') && !Number.isInteger(value)) {
      problems.add('wrong-type', pos.value(at), `${key} must be a whole number, not ${value}`);
    }
  }
  if (typeof node.min === 'number' && typeof node.max === 'number' && node.min > node.max) {
    problems.add('wrong-type', pos.value([...base, 'min']), `min (${node.min}) is greater than max (${node.max})`);
  }
  if (node.pattern !== undefined) {
    if (input !== 'text') problems.add('unknown-field', pos.key([...base, 'pattern']), `pattern applies only to text questions`);
    else if (typeof node.pattern === 'string') {
      const check = compilePattern(node.pattern);
      if (!check.ok) {
        const at = [...base, 'pattern'];
        problems.add('bad-pattern', check.fragment ? pos.inText(at, check.fragment, 0) : pos.value(at), check.message);
      }
    }
  }
  const choice = input === 'single' || input === 'multiple';
  if (choice && node.options === undefined) problems.add('missing-field', pos.value(base), `a ${input} choice question needs "options"`);
  if (!choice && input !== 'grid' && input !== undefined && node.options !== undefined)
    problems.add('unknown-field', pos.key([...base, 'options']), `options apply only to single and multiple choice questions (and grids)`);
}

/** Checks one node (at `base`), its options and branches. */
function checkNode(node: unknown, base: Path, problems: ProblemList): void {
  const pos = problems.positions;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    problems.add('wrong-type', pos.value(base), `each node must be a mapping with id and type, not ${describe(node)}`);
    return;
  }
  const record = node as Record<string, unknown>;
  const type = record.type;
  if (type === undefined) {
    problems.add('missing-field', pos.value(base), `"type" is missing (one of ${NODE_TYPES.join(', ')})`);
    return;
  }
  if (typeof type !== 'string' || !(NODE_TYPES as readonly string[]).includes(type)) {
    problems.add('wrong-type', pos.value([...base, 'type']), `type must be ${NODE_TYPES.join(', ').replace(/, ([^,]*)$/, ' or $1')}, not ${describe(type)}`);
    return;
  }
  checkShape(nodeSchemas[type as keyof typeof nodeSchemas], record, base, problems);
  if (type === 'question') checkRange(record, base, problems);
  if (type === 'question') checkQuestionFields(record, base, problems);
  if (Array.isArray(record.options)) {
    record.options.forEach((option, i) => {
      const at = [...base, 'options', i];
      if (typeof option === 'string' || typeof option === 'number') return;
      if (option === null || typeof option !== 'object' || Array.isArray(option)) {
        problems.add('wrong-type', pos.value(at), `options[${i}] must be text or { value, label, next }, not ${describe(option)}`);
        return;
      }
      checkShape(optionSchema, option, at, problems);
      if ((option as { next?: unknown }).next !== undefined && record.input !== 'single') {
        problems.add(
          'unknown-field',
          pos.key([...at, 'next']),
          `only single choice options can have "next"; use branches for ${String(record.input)} questions`,
        );
      }
    });
  }
  if (Array.isArray(record.branches)) {
    record.branches.forEach((branch, i) => {
      const at = [...base, 'branches', i];
      if (branch === null || typeof branch !== 'object' || Array.isArray(branch)) {
        problems.add('wrong-type', pos.value(at), `branches[${i}] must be { when: ..., next: ... }, not ${describe(branch)}`);
        return;
      }
      checkShape(branchSchema, branch, at, problems);
      const when = (branch as { when?: unknown }).when;
      if (when && typeof when === 'object' && !Array.isArray(when)) {
        if (Object.keys(when).length === 0) problems.add('wrong-type', pos.value([...at, 'when']), 'when must name at least one condition');
        for (const [key, matcher] of Object.entries(when)) {
          if (key === 'answer' && type !== 'question')
            problems.add(
              'unknown-variable',
              pos.key([...at, 'when', key]),
              `"answer" can only be used in a question's branches; use answers.<question id> here`,
            );
          checkMatcher(matcher, [...at, 'when', key], problems);
        }
      }
    });
  }
}

/** The whole file's shape. */
export function checkStructure(raw: unknown, problems: ProblemList): void {
  if (raw === null || raw === undefined) {
    problems.add(
      'missing-field',
      { line: 1, col: 1 },
      'the file holds no script (it is empty or only comments): a script starts with id, title, campaign, language and sections',
    );
    return;
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.add('wrong-type', { line: 1, col: 1 }, 'a script must be a mapping with id, title, campaign, language and sections');
    return;
  }
  checkShape(scriptSchema, raw, [], problems);
  const sections = (raw as { sections?: unknown }).sections;
  if (!Array.isArray(sections)) return;
  sections.forEach((section, s) => {
    if (section === null || typeof section !== 'object' || Array.isArray(section)) {
      problems.add('wrong-type', problems.positions.value(['sections', s]), `sections[${s}] must be a mapping with id and nodes, not ${describe(section)}`);
      return;
    }
    checkShape(sectionSchema, section, ['sections', s], problems);
    const nodes = (section as { nodes?: unknown }).nodes;
    if (Array.isArray(nodes)) nodes.forEach((node, n) => checkNode(node, ['sections', s, 'nodes', n], problems));
  });
}
