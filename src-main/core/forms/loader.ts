import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { FORM_FIELD_TYPES, formKindSchema, type FormFieldType } from '../../contract/forms';
import { closestName } from '../../shared/closest-name';
import { ownValue, setOwn } from '../own';
import { explainLayout, layoutErrors } from '../scripts/layout';
import { fastRead } from '../scripts/fast-read';
import { checkTranslations, variantLanguages } from '../scripts/languages';
import { MAX_SCRIPT_BYTES, toPlain } from '../scripts/loader';
import type { Matcher } from '../scripts/model';
import { Positions, ProblemList, type Path, type ScriptProblem } from '../scripts/problems';
import { checkMatcher, checkShape, describe, ID_PATTERN } from '../scripts/structure';
import { isBound } from './bounds';
import { PREFILL_SOURCES, type Form, type FormField, type PrefillSource } from './model';

/**
 * Form files: checked as thoroughly as scripts, with the scripts' machinery (positions, layout
 * explanations, language variants, `when` matchers). Every problem names file:line:col and the
 * field; a misspelt key, type or prefill source names what was probably meant.
 */

export type FormParseResult = { ok: true; form: Form; warnings: ScriptProblem[] } | { ok: false; problems: ScriptProblem[] };

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A file holding a form, not a script: a top-level `form:` key (its id). */
export function isFormText(text: string): boolean {
  return /^form[ \t]*:/m.test(text);
}

const id = z.string().regex(ID_PATTERN, 'must start with a letter and contain only letters, digits, "_" and "-"');

const formSchema = z.strictObject({
  form: id,
  title: z.string().min(1),
  kind: formKindSchema,
  client: id.optional(),
  language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language code such as de or en'),
  description: z.string().optional(),
  sections: z.array(z.unknown()).min(1).optional(),
  fields: z.array(z.unknown()).min(1).optional(),
});
const sectionSchema = z.strictObject({ title: z.string().min(1), fields: z.array(z.unknown()).min(1) });
const fieldSchema = z.strictObject({
  id,
  label: z.string().min(1),
  type: z.string(),
  required: z.boolean().optional(),
  help: z.string().optional(),
  options: z.array(z.unknown()).min(1).optional(),
  min: z.union([z.number(), z.string()]).optional(),
  max: z.union([z.number(), z.string()]).optional(),
  when: z.record(z.string(), z.unknown()).optional(),
  prefill: z.string().optional(),
});
const optionSchema = z.strictObject({ value: z.union([z.string(), z.number()]), label: z.string().optional() });

/** Texts shown to the agent, for `languages:` (each written as `{ de: …, en: … }`). */
const FIELD_TEXTS = ['label', 'help'] as const;

/** A written field with where it stands. */
interface Written {
  /** As written (a field that is no mapping is reported); `raw` is it as a mapping, else empty. */
  value: unknown;
  raw: Raw;
  path: Path;
  section: string | null;
}

function writtenFields(root: Raw): Written[] {
  if (root.sections !== undefined)
    return list(root.sections).flatMap((section, s) =>
      list(obj(section)?.fields).map((field, f) => ({
        value: field,
        raw: obj(field) ?? {},
        path: ['sections', s, 'fields', f],
        section: str(obj(section)?.title),
      })),
    );
  return list(root.fields).map((field, f) => ({ value: field, raw: obj(field) ?? {}, path: ['fields', f], section: null }));
}

function textPaths(root: Raw): Path[] {
  const paths: Path[] = [['title'], ['description']];
  list(root.sections).forEach((_s, s) => paths.push(['sections', s, 'title']));
  for (const field of writtenFields(root)) {
    for (const text of FIELD_TEXTS) paths.push([...field.path, text]);
    list(field.raw.options).forEach((_o, i) => paths.push([...field.path, 'options', i, 'label']));
  }
  return paths;
}

/** The form as if written in one language (each `{ de, en }` text replaced by that language's). */
function localize(root: Raw, languages: readonly string[], language: string): Raw {
  const pick = (v: unknown) => (obj(v) && Object.hasOwn(obj(v) as Raw, language) ? (obj(v) as Raw)[language] : v);
  const texts = (record: Raw, keys: readonly string[]) => {
    const out = { ...record };
    for (const key of keys) if (Object.hasOwn(out, key)) out[key] = pick(out[key]);
    return out;
  };
  const field = (f: unknown) => {
    const r = obj(f);
    if (!r) return f;
    const out = texts(r, FIELD_TEXTS);
    if (Array.isArray(r.options)) out.options = list(r.options).map((o: unknown) => (obj(o) ? texts(obj(o) as Raw, ['label']) : o));
    return out;
  };
  const { languages: _languages, ...rest } = root;
  const out: Raw = { ...texts(rest, ['title', 'description']), language: languages[0] };
  if (Array.isArray(root.sections))
    out.sections = list(root.sections).map((s: unknown) => (obj(s) ? { ...texts(obj(s) as Raw, ['title']), fields: list(obj(s)?.fields).map(field) } : s));
  if (Array.isArray(root.fields)) out.fields = list(root.fields).map(field);
  return out;
}

/**
 * Checks a form's text; every problem in the file is reported, sorted by position. Never throws,
 * as a form is loaded from the watched folder where a throw would stop the workstation.
 */
export interface FormCheckOptions {
  /** The client ids of the desk's settings: a form for another client would never be offered. Absent: not checked. */
  clients?: readonly string[] | null;
}

export function parseForm(text: string, file: string, options: FormCheckOptions = {}): FormParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCRIPT_BYTES)
    return atStart(file, 'too-large', `the file is too large (${Math.ceil(bytes / 1024)} KB); a form may be at most ${MAX_SCRIPT_BYTES / 1024} KB`);
  try {
    return check(text, file, options);
  } catch (error) {
    return atStart(file, 'not-checked', `Anlauf could not check this file (${error instanceof Error ? error.message : String(error)}); please send it to IT`);
  }
}

function atStart(file: string, code: ScriptProblem['code'], message: string): { ok: false; problems: ScriptProblem[] } {
  return { ok: false, problems: [{ file, line: 1, col: 1, code, message }] };
}

function check(text: string, file: string, options: FormCheckOptions): FormParseResult {
  const counter = new LineCounter();
  const parse = () => parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const fast = fastRead(text);
  const doc = fast ? null : parse();
  const problems = new ProblemList(file, new Positions(doc ?? parse, counter, text, undefined, fast?.starts));
  let plain: unknown = fast?.value;
  if (doc) {
    const mistakes = layoutErrors(doc);
    if (mistakes.length) {
      const first = explainLayout(text, mistakes, counter);
      problems.add('yaml-syntax', first, first.message);
      return { ok: false, problems: problems.sorted() };
    }
    plain = toPlain(doc, counter, problems, text);
    if (problems.items.length) return { ok: false, problems: problems.sorted() };
  }
  const root = obj(plain);
  if (!root) {
    problems.add(
      plain === null || plain === undefined ? 'missing-field' : 'wrong-type',
      { line: 1, col: 1 },
      'the file holds no form: a form starts with form (its id), title, kind, language and sections or fields',
    );
    return { ok: false, problems: problems.sorted() };
  }
  const languages = variantLanguages(root, problems);
  if (languages) checkTranslations(root, languages, problems, textPaths, 'form');
  if (problems.items.length) return { ok: false, problems: problems.sorted() };
  const first = languages ? localize(root, languages, languages[0] as string) : root;
  checkForm(first, problems);
  const clients = options.clients;
  if (clients && clients.length && typeof first.client === 'string' && !clients.includes(first.client)) {
    const close = closestName(first.client, clients);
    problems.add(
      'unknown-reference',
      problems.positions.value(['client']),
      `unknown client "${first.client}": the settings have no client with this id (${close ? `did you mean "${close}"?` : `known: ${clients.join(', ')}`})`,
    );
  }
  if (problems.items.length) return { ok: false, problems: problems.sorted() };
  // Lines from the fields as read (the fast reader knows where they start); the languages' copies share them.
  const lines = writtenFields(root).map((f) => problems.positions.lineOf(f.raw, f.path));
  const form = build(first, lines);
  if (!languages) return { ok: true, form, warnings: [] };
  const variants = new Map<string, Form>(languages.map((language) => [language, { ...build(localize(root, languages, language), lines), language }]));
  for (const variant of variants.values()) variant.variants = variants;
  return { ok: true, form: { ...form, variants }, warnings: [] };
}

const CHOICES = new Set<string>(['choice', 'multiple']);
const DATES = new Set<string>(['date', 'dateRange', 'datetime']);
const COUNTED = new Set<string>(['text', 'longText', 'multiple']);

function checkForm(root: Raw, problems: ProblemList): void {
  const pos = problems.positions;
  checkShape(formSchema, root, [], problems, true, 'key');
  if (root.sections !== undefined && root.fields !== undefined)
    problems.add('unknown-field', pos.key(['fields']), 'write either sections (with fields in each) or fields, not both');
  if (root.sections === undefined && root.fields === undefined)
    problems.add('missing-field', pos.value([]), '"fields" is missing (or "sections" with fields in each)');
  list(root.sections).forEach((section, s) => {
    if (!obj(section))
      problems.add('wrong-type', pos.value(['sections', s]), `sections[${s}] must be a mapping with title and fields, not ${describe(section)}`);
    else checkShape(sectionSchema, section, ['sections', s], problems, true, 'key');
  });
  const seen = new Map<string, Path>();
  const fields = writtenFields(root);
  const ids = fields.map((f) => str(f.raw.id));
  fields.forEach((field, index) => {
    const r = field.raw;
    if (!obj(field.value)) {
      problems.add('wrong-type', pos.value(field.path), `each field must be a mapping with id, label and type, not ${describe(field.value)}`);
      return;
    }
    checkShape(fieldSchema, r, field.path, problems, true, 'key');
    const fieldId = str(r.id);
    if (fieldId !== null) {
      const earlier = seen.get(fieldId);
      if (earlier)
        problems.add('duplicate-id', pos.value([...field.path, 'id']), `duplicate field id "${fieldId}": already used on line ${pos.value(earlier).line}`);
      else seen.set(fieldId, field.path);
    }
    const type = str(r.type);
    if (type !== null && !(FORM_FIELD_TYPES as readonly string[]).includes(type)) {
      const close = closestName(type, FORM_FIELD_TYPES);
      problems.add(
        'wrong-type',
        pos.value([...field.path, 'type']),
        `unknown field type "${type}" (${close ? `did you mean "${close}"? ` : ''}known types: ${FORM_FIELD_TYPES.join(', ')})`,
      );
    } else if (type !== null) checkKind(type as FormFieldType, r, field.path, problems);
    if (typeof r.prefill === 'string' && !(PREFILL_SOURCES as readonly string[]).includes(r.prefill)) {
      const close = germanSource(r.prefill) ?? closestName(r.prefill, PREFILL_SOURCES);
      problems.add(
        'unknown-variable',
        pos.value([...field.path, 'prefill']),
        `unknown prefill source "${r.prefill}" (${close ? `did you mean "${close}"? ` : ''}known: ${PREFILL_SOURCES.join(', ')})`,
      );
    }
    const when = obj(r.when);
    if (when) {
      if (Object.keys(when).length === 0) problems.add('wrong-type', pos.value([...field.path, 'when']), 'when must name at least one field');
      for (const [key, matcher] of Object.entries(when)) {
        const at = [...field.path, 'when', key];
        const named = ids.indexOf(key);
        if (key === fieldId)
          problems.add('unknown-variable', pos.key(at), `when names the field "${key}" itself; a field's condition can only name fields above it`);
        else if (named > index)
          problems.add(
            'unknown-variable',
            pos.key(at),
            `when names the field "${key}", which comes later (line ${pos.value(fields[named]?.path ?? []).line}); a condition can only name fields above it`,
          );
        else if (named < 0) {
          const close = closestName(
            key,
            ids.slice(0, index).filter((i): i is string => i !== null),
          );
          problems.add('unknown-variable', pos.key(at), `when names no field "${key}"${close ? ` (did you mean "${close}"?)` : ''}`);
        }
        checkMatcher(matcher, at, problems);
        if (named >= 0 && named < index) checkWhenValues(fields[named]?.raw ?? {}, key, matcher, at, problems);
      }
    }
  });
}

/** The values a `when` compares a field with: a choice's options, true/false for a yes/no field. */
function checkWhenValues(named: Raw, key: string, matcher: unknown, at: Path, problems: ProblemList): void {
  const type = named.type;
  const known =
    type === 'yesno' ? ['true', 'false', 'yes', 'no'] : type === 'choice' || type === 'multiple' ? list(named.options).map((o) => optionOf(o).value) : null;
  if (!known) return;
  const operands = (m: unknown): { value: unknown; path: Path }[] => {
    if (m === null || typeof m !== 'object') return [{ value: m, path: at }];
    const ops = m as Raw;
    return Object.entries(ops).flatMap(([op, operand]) =>
      op === 'eq' || op === 'ne' || op === 'contains'
        ? [{ value: operand, path: [...at, op] }]
        : op === 'in' || op === 'notIn'
          ? list(operand).map((v, i) => ({ value: v, path: [...at, op, i] }))
          : [],
    );
  };
  for (const { value, path } of operands(matcher)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const text = String(value).trim().toLowerCase();
    if (known.some((k) => k.trim().toLowerCase() === text)) continue;
    const close = type === 'yesno' ? null : closestName(String(value), known);
    problems.add(
      'never-matches',
      problems.positions.value(path),
      type === 'yesno'
        ? `the field "${key}" is answered yes or no: write true or false, not ${describe(value)}`
        : `the field "${key}" has no option "${String(value)}"${close ? ` (did you mean "${close}"?)` : `; its options: ${known.join(', ')}`}`,
    );
  }
}

/** What a type allows: options for choices only, min/max of the type's kind. */
function checkKind(type: FormFieldType, r: Raw, base: Path, problems: ProblemList): void {
  const pos = problems.positions;
  if (CHOICES.has(type)) {
    if (r.options === undefined) problems.add('missing-field', pos.value([...base, 'type']), `a ${type} field needs "options" to pick from`);
    const values = new Map<string, number>();
    list(r.options).forEach((option, i) => {
      const at = [...base, 'options', i];
      if (typeof option === 'string' || typeof option === 'number') {
        if (values.has(String(option))) problems.add('duplicate-id', pos.value(at), `option "${String(option)}" is listed twice`);
        values.set(String(option), i);
        return;
      }
      if (!obj(option)) {
        problems.add('wrong-type', pos.value(at), `options[${i}] must be text or { value, label }, not ${describe(option)}`);
        return;
      }
      checkShape(optionSchema, option, at, problems, true, 'key');
      const value = obj(option)?.value;
      if (typeof value === 'string' || typeof value === 'number') {
        if (values.has(String(value))) problems.add('duplicate-id', pos.value([...at, 'value']), `option "${String(value)}" is listed twice`);
        values.set(String(value), i);
      }
    });
  } else if (r.options !== undefined)
    problems.add('unknown-field', pos.key([...base, 'options']), `options apply only to choice and multiple fields, not to ${type}`);
  for (const key of ['min', 'max'] as const) {
    const value = r[key];
    if (value === undefined) continue;
    const at = [...base, key];
    if (DATES.has(type)) {
      if (typeof value !== 'string' || !isBound(value, type === 'datetime')) {
        const meant = typeof value === 'string' ? (ownValue(GERMAN_BOUNDS, value.toLowerCase()) ?? isoOfGermanDate(value)) : undefined;
        if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(value)) {
          problems.add('wrong-type', pos.value(at), `${key} "${value}" is no day of the calendar: the month is 01–12 and the day one the month has`);
          continue;
        }
        problems.add(
          'wrong-type',
          pos.value(at),
          `${key} of a ${type} field must be a date (YYYY-MM-DD${type === 'datetime' ? ' or YYYY-MM-DDTHH:MM' : ''}), today, now or a distance such as +14d, -1y, not ${describe(value)}${meant ? ` (write ${meant})` : ''}`,
        );
      }
    } else if (type === 'number' || COUNTED.has(type)) {
      if (typeof value !== 'number') problems.add('wrong-type', pos.value(at), `${key} of a ${type} field must be a number, not ${describe(value)}`);
      else if (COUNTED.has(type) && (!Number.isInteger(value) || value < 0))
        problems.add(
          'wrong-type',
          pos.value(at),
          `${key} of a ${type} field must be a whole number of ${type === 'multiple' ? 'options' : 'characters'}, not ${value}`,
        );
    } else problems.add('unknown-field', pos.key(at), `${key} does not apply to a ${type} field`);
  }
  if (typeof r.min === 'number' && typeof r.max === 'number' && r.min > r.max)
    problems.add('wrong-type', pos.value([...base, 'min']), `min (${r.min}) is greater than max (${r.max})`);
  if (typeof r.min === 'string' && typeof r.max === 'string' && /^\d/.test(r.min) && /^\d/.test(r.max) && r.min > r.max)
    problems.add('wrong-type', pos.value([...base, 'min']), `min (${r.min}) is later than max (${r.max})`);
}

/** Bounds written in German words, which the file takes in English. */
const GERMAN_BOUNDS: Record<string, string> = { heute: 'today', jetzt: 'now', morgen: '+1d', gestern: '-1d' };

/** The last part of a prefill source written in German (`customer.plz`), as the source meant. */
const GERMAN_PARTS: Record<string, string> = {
  plz: 'postcode',
  postleitzahl: 'postcode',
  ort: 'city',
  stadt: 'city',
  wohnort: 'city',
  telefon: 'phone',
  telefonnummer: 'phone',
  tel: 'phone',
  kundennummer: 'customerNumber',
  kundennr: 'customerNumber',
  mail: 'email',
  heute: 'today',
};

function germanSource(source: string): string | null {
  const dot = source.lastIndexOf('.');
  const part = ownValue(GERMAN_PARTS, source.slice(dot + 1).toLowerCase());
  if (!part) return null;
  const meant = dot < 0 ? part : `${source.slice(0, dot)}.${part}`;
  return (PREFILL_SOURCES as readonly string[]).includes(meant) ? meant : (PREFILL_SOURCES.find((s) => s.endsWith(`.${part}`)) ?? null);
}

function optionOf(option: unknown): { value: string; label: string } {
  if (typeof option === 'string' || typeof option === 'number') return { value: String(option), label: String(option) };
  const r = obj(option) ?? {};
  const value = String(r.value);
  return { value, label: str(r.label) ?? value };
}

function build(root: Raw, lines: readonly number[]): Form {
  const fields: FormField[] = writtenFields(root).map(({ raw: r, section }, index) => {
    const when = obj(r.when);
    let checkedWhen: Record<string, Matcher> | null = null;
    if (when) {
      checkedWhen = {};
      for (const [key, matcher] of Object.entries(when)) setOwn(checkedWhen, key, matcher as Matcher);
    }
    return {
      id: r.id as string,
      label: r.label as string,
      type: r.type as FormFieldType,
      required: r.required === true,
      help: str(r.help),
      options: list(r.options).map(optionOf),
      min: typeof r.min === 'number' || typeof r.min === 'string' ? r.min : null,
      max: typeof r.max === 'number' || typeof r.max === 'string' ? r.max : null,
      when: checkedWhen,
      prefill: (str(r.prefill) as PrefillSource | null) ?? null,
      section,
      line: lines[index] ?? 1,
    };
  });
  return {
    id: root.form as string,
    title: root.title as string,
    kind: root.kind as Form['kind'],
    client: str(root.client),
    language: root.language as string,
    description: str(root.description),
    fields,
    version: null,
  };
}

/** `24.12.2026` as a German trainer writes a day, in the form a bound takes (`2026-12-24`); undefined for anything else. */
function isoOfGermanDate(value: string): string | undefined {
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value.trim());
  return match ? `${match[3]}-${match[2]?.padStart(2, '0')}-${match[1]?.padStart(2, '0')}` : undefined;
}
