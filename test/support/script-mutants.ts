import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { projectRoot } from './paths';

/**
 * Broken script files for fuzzing: the real samples and broken fixtures, cut, salted with random
 * bytes, given wrong types, built-in names (`__proto__`, `constructor` …) as ids, variables,
 * option values and answers, huge values, deep nesting and anchor/alias bombs.
 */

const folders = [path.join(projectRoot, 'resources', 'scripts'), path.join(projectRoot, 'test', 'fixtures', 'scripts', 'broken')];
const SEEDS = folders.flatMap((dir) => fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8')));
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'prototype', '__defineGetter__'];
const WRONG_VALUES = [
  '[]',
  '{}',
  '~',
  '0',
  '-1',
  '1e400',
  'true',
  '"yes"',
  '[a, [b, {c: d}]]',
  '!!binary aGk=',
  '!!js/function x',
  '*nowhere',
  '&a',
  '"\\u0000"',
  "'",
  '|',
  '>-',
  '? x',
];

/** Every key: value line of a text, as [offset of the value, its length]. */
function valueSpans(text: string): [number, number][] {
  return [...text.matchAll(/^[ \t-]*[\w"']+:[ \t]*(.*)$/gm)].map((m) => [(m.index ?? 0) + m[0].length - (m[1] ?? '').length, (m[1] ?? '').length]);
}

const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);
const replaceSpan = (text: string, spans: [number, number][], n: number, value: string) => {
  const span = pick(spans, n);
  return span ? text.slice(0, span[0]) + value + text.slice(span[0] + span[1]) : text + value;
};

/** `x0: &x0 [lol, lol, …]`, each level repeating the one before: a small file that expands a lot. */
const aliasBomb = (levels: number, width: number) =>
  Array.from({ length: levels }, (_, i) => `x${i}: &x${i} [${Array.from({ length: width }, () => (i === 0 ? 'lol' : `*x${i - 1}`)).join(', ')}]`).join('\n') +
  '\n';

type Mutation = (text: string) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n) => (text: string) => text.slice(0, n % (text.length + 1))),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 40 })).map(
    ([n, junk]) =>
      (text: string) =>
        text.slice(0, n % (text.length + 1)) + junk + text.slice(n % (text.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 64 })).map(([n, bytes]) => (text: string) => {
    const at = n % (text.length + 1);
    return text.slice(0, at) + Buffer.from(bytes).toString('latin1') + text.slice(at);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...WRONG_VALUES)).map(
    ([n, value]) =>
      (text: string) =>
        replaceSpan(text, valueSpans(text), n, value),
  ),
  // A built-in name as a node id, option value, variable, branch key or answer.
  fc.tuple(fc.nat(), fc.constantFrom(...PROTOTYPE_NAMES)).map(([n, name]) => (text: string) => {
    const ids = [...new Set([...text.matchAll(/\b(?:id|value|next|answer): *([A-Za-z][\w-]*)/g)].map((m) => m[1] as string))];
    const id = pick(ids, n);
    return id ? text.replace(new RegExp(`\\b${id}\\b`, 'g'), name) : text;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...PROTOTYPE_NAMES), fc.boolean()).map(([n, name, dotted]) => (text: string) => {
    const refs = [...text.matchAll(/\{\{[^{}]*\}\}/g)];
    const ref = pick(refs, n);
    const variable = `{{${name}${dotted ? '.name' : ''}}}`;
    return ref ? text.slice(0, ref.index) + variable + text.slice((ref.index ?? 0) + ref[0].length) : text + `\n${variable}`;
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...PROTOTYPE_NAMES)).map(([n, name]) => (text: string) => {
    const whens = [...text.matchAll(/when: \{ ?([\w.]+):/g)];
    const when = pick(whens, n);
    if (!when) return `${name}: 1\n${text}`;
    const at = (when.index ?? 0) + when[0].indexOf(when[1] as string);
    return text.slice(0, at) + name + text.slice(at + (when[1] as string).length);
  }),
  // Huge values: a long text, rarely one past what a script may be.
  fc
    .tuple(
      fc.nat(),
      fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1_000, max: 20_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 600_000, max: 700_000 }) }),
    )
    .map(
      ([n, size]) =>
        (text: string) =>
          replaceSpan(text, valueSpans(text), n, `"${'x'.repeat(size)}"`),
    ),
  // Deep nesting, in flow and in block style.
  fc.tuple(fc.nat(), fc.integer({ min: 10, max: 1_000 }), fc.boolean()).map(([n, depth, flow]) => (text: string) => {
    // Block nesting indents each level one more space: a fifth of the depth keeps it small.
    const nested = flow
      ? '['.repeat(depth) + ']'.repeat(depth)
      : '\n' + Array.from({ length: Math.ceil(depth / 5) }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n') + ' 1';
    return replaceSpan(text, valueSpans(text), n, nested);
  }),
  // Anchors and aliases that expand a small file into a huge value.
  fc.tuple(fc.nat(), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 })).map(
    ([n, levels, width]) =>
      (text: string) =>
        replaceSpan(aliasBomb(levels, width) + text, valueSpans(text), n, `*x${levels - 1}`),
  ),
);

export const brokenFile: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([seed, edits]) => edits.reduce((text, edit) => edit(text), seed));

const FORM_SEEDS = [path.join(projectRoot, 'resources', 'forms'), path.join(projectRoot, 'test', 'fixtures', 'forms')].flatMap((dir) =>
  fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name), 'utf8')),
);

/** Broken form files (docs/forms.md): the shipped forms and the broken fixtures, broken as the scripts are. */
export const brokenForm: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...FORM_SEEDS), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([seed, edits]) => edits.reduce((text, edit) => edit(text), seed));
