import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, isAlias, isNode, parseDocument, visit, type Alias, type Document } from 'yaml';
import type { Branch, ChoiceOption, InputKind, Matcher, QuestionNode, Script, ScriptNode, Section } from './model';
import { setOwn } from '../own';
import { explainAlias, explainLayout, layoutErrors } from './layout';
import { Positions, ProblemList, formatProblem, type Origin, type Path, type ScriptProblem } from './problems';
import { checkStructure } from './structure';
import { ANSWERS_NAMESPACE, findVariables, isClose, variableProblem } from './variables';
import { expandIncludes } from './include';
import { fastRead } from './fast-read';
import { checkTranslations, localize, variantLanguages } from './languages';
import { folderReader, type IncludedFile, type ReadInclude } from './include-files';
import { checkValues, type CountedQuestion } from './values';
import { checkWhenValues, yesNoWord, type AskedQuestion } from './when-values';
import { gridItemIds, gridItemsOf, itemAsked, wholeGridProblem } from './structure-questions';
import { checkAnswerOrder } from './answer-order';
import { checkReferences, type References } from './references';

/**
 * `warnings`: what is worth a look but does not stop the script loading (see references.ts).
 * `includes`: the files the script included, as read (the library keeps them with the version).
 */
export type ParseResult =
  { ok: true; script: Script; warnings?: ScriptProblem[]; includes?: IncludedFile[] } | { ok: false; problems: ScriptProblem[]; includes?: IncludedFile[] };

export interface CheckOptions {
  /** The campaigns, clients and dispositions to check the script's names against. */
  references?: References | undefined;
  /** Where `include:` files come from; without it an include is reported. */
  readInclude?: ReadInclude;
}

type Raw = Record<string, unknown>;

/** A node as written, read leniently so the graph checks still run beside shape problems. */
interface Written {
  id: string | null;
  type: string | null;
  path: Path;
  raw: Raw;
  section: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Raw | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A matcher value compared as text; yes/no answers are booleans in the session, "yes"/"no" here. */
export function comparable(v: unknown): string {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  return String(v);
}

function optionValue(option: unknown): string | null {
  if (typeof option === 'string' || typeof option === 'number') return String(option);
  const value = obj(option)?.value;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** The option values a branch on `answer` alone surely covers. */
function coveredValues(branch: unknown): string[] {
  const when = obj(obj(branch)?.when);
  if (!when || Object.keys(when).length !== 1 || !Object.hasOwn(when, 'answer')) return [];
  const matcher = when.answer;
  if (typeof matcher !== 'object' || matcher === null) return [comparable(matcher)];
  const ops = matcher as Raw;
  if (Object.keys(ops).length !== 1) return [];
  if (Object.hasOwn(ops, 'eq') || Object.hasOwn(ops, 'contains')) return [comparable(ops.eq ?? ops.contains)];
  if (Array.isArray(ops.in)) return ops.in.map(comparable);
  return [];
}

/**
 * The largest script file Anlauf reads. Real scripts are a few kilobytes, about 240 bytes a node
 * as the samples are written; the largest script Anlauf is built for (2 000 nodes, the benchmark's)
 * takes about 480 KB, so 1 MB leaves it room for longer texts. Checking a file holds the main
 * process: the 2 000-node script takes about 0.2 s through the fast reader (fast-read.ts), and
 * 0.6–0.75 s when it has a problem and the `yaml` document must be built (docs/benchmarks.md).
 */
export const MAX_SCRIPT_BYTES = 1024 * 1024;

/**
 * Checks a script's text; every problem in the file is reported, sorted by position. Never
 * throws: the folder loads files at start and from a watcher, where a throw would stop the
 * workstation or the host, so anything unforeseen becomes a problem at the file's start.
 */
export function parseScript(text: string, file: string, options: CheckOptions = {}): ParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCRIPT_BYTES) return problemAtStart(file, 'too-large', tooLarge(bytes));
  try {
    return check(text, file, options);
  } catch (error) {
    return problemAtStart(
      file,
      'not-checked',
      `Anlauf could not check this file (${error instanceof Error ? error.message : String(error)}); please send it to IT`,
    );
  }
}

function check(text: string, file: string, options: CheckOptions): ParseResult {
  const counter = new LineCounter();
  // logLevel 'error': what the yaml package would warn about (a mapping used as a key, as in an
  // unquoted `text: {{x}}`) is reported by the checks; it must not go to the process's stderr.
  const parse = () => parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const origins = new WeakMap<object, Origin>();
  // Most files are read by the fast reader, and the document is parsed only if a problem needs
  // its position (fast-read.ts); anything the fast reader does not take goes the full way.
  const fast = fastRead(text);
  const doc = fast ? null : parse();
  const problems = new ProblemList(file, new Positions(doc ?? parse, counter, text, origins, fast?.starts));
  let includes: IncludedFile[] = [];
  let plain: unknown = fast?.value;
  if (doc) {
    const layoutMistakes = layoutErrors(doc);
    if (layoutMistakes.length) {
      // One layout mistake makes the reader stumble over the lines after it: only the first is shown.
      const first = explainLayout(text, layoutMistakes, counter);
      problems.add('yaml-syntax', first, first.message);
      return { ok: false, problems: problems.sorted() };
    }
    includes = expandIncludes(doc, file, counter, options.readInclude ?? null, problems, origins);
    if (problems.items.length) return { ok: false, problems: problems.sorted(), includes };
    plain = toPlain(doc, counter, problems, text);
    if (problems.items.length) return { ok: false, problems: problems.sorted(), includes };
  }
  const languages = variantLanguages(plain, problems);
  if (languages) checkTranslations(plain, languages, problems);
  if (problems.items.length) return { ok: false, problems: problems.sorted(), includes };
  const raw = languages ? localize(plain, languages, languages[0] as string) : plain;
  checkStructure(raw, problems);
  // An empty file (or one holding only comments) has nothing for the graph checks to read.
  if (obj(raw) === null) return { ok: false, problems: problems.sorted(), includes };
  const written = collect(raw);
  const script = checkGraph(raw as Raw, written, problems);
  if (script)
    checkAnswerOrder(
      script,
      written.sections.flatMap((s) => s.nodes),
      problems,
    );
  if (options.references) checkReferences(namesOf(raw as Raw, written), options.references, problems);
  if (problems.items.length || !script) return { ok: false, problems: problems.sorted(), includes };
  const warnings = () => [...problems.warnings].sort((a, b) => a.line - b.line || a.col - b.col);
  if (!languages) return { ok: true, script, warnings: warnings(), includes };
  // The other languages share the structure checked above; only their texts (variables, answers
  // shown before their question) differ. A problem found in several languages is said once.
  const variants = new Map<string, Script>([[languages[0] as string, script]]);
  for (const language of languages.slice(1)) {
    const localized = localize(plain, languages, language);
    const nodes = collect(localized);
    const variant = checkGraph(localized as Raw, nodes, problems);
    if (variant)
      checkAnswerOrder(
        variant,
        nodes.sections.flatMap((s) => s.nodes),
        problems,
      );
    if (variant) variants.set(language, { ...variant, language });
  }
  if (problems.items.length) return { ok: false, problems: [...new Map(problems.sorted().map((p) => [formatProblem(p), p])).values()], includes };
  for (const [language, variant] of variants) variants.set(language, { ...variant, variants });
  return { ok: true, script: { ...script, variants }, warnings: warnings(), includes };
}

/** The campaign, client and end nodes' dispositions as written, for references.ts. */
function namesOf(root: Raw, written: ReturnType<typeof collect>): Parameters<typeof checkReferences>[0] {
  const named = (key: string) => (typeof root[key] === 'string' ? { value: root[key], path: [key] } : null);
  const dispositions = written.sections
    .flatMap((s) => s.nodes)
    .flatMap((n) => (n.type === 'end' && typeof n.raw.disposition === 'string' ? [{ value: n.raw.disposition, path: [...n.path, 'disposition'] }] : []));
  const forms = written.sections
    .flatMap((s) => s.nodes)
    .flatMap((n) => (typeof n.raw.form === 'string' ? [{ value: n.raw.form, path: [...n.path, 'form'] }] : []));
  return { campaign: named('campaign'), client: named('client'), dispositions, forms };
}

/**
 * The document as plain data. Aliases are resolved only here, so this is where an alias to an
 * anchor that is not set, or anchors that repeat each other into a huge value (the "billion
 * laughs"), are found; the yaml package refuses the latter after 100 expansions of one alias.
 */
export function toPlain(doc: Document, counter: LineCounter, problems: ProblemList, text: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // One pass in document order: an anchor counts from where it is set (Alias.resolve would
    // walk the whole document once per alias).
    const anchors = new Set<string>();
    const aliases: Alias[] = [];
    let unresolved: Alias | undefined;
    visit(doc, (_key, node) => {
      if (isAlias(node)) {
        aliases.push(node);
        if (!anchors.has(node.source)) unresolved ??= node;
      } else if (isNode(node) && node.anchor) anchors.add(node.anchor);
    });
    const first = unresolved ?? aliases[0];
    const where = first?.range ? counter.linePos(first.range[0]) : { line: 1, col: 1 };
    const boldText = unresolved?.range ? explainAlias(text, unresolved.range[0], counter) : null;
    if (boldText) problems.add('yaml-syntax', boldText, boldText.message);
    else if (unresolved) problems.add('yaml-syntax', where, `YAML: *${unresolved.source} refers to an anchor &${unresolved.source} that is not set above it`);
    else if (/alias/i.test(message))
      problems.add(
        'yaml-syntax',
        where,
        'YAML: the anchors and aliases (&name, *name) in this file repeat each other too often; write the repeated parts out instead',
      );
    else problems.add('yaml-syntax', where, `YAML: ${message}`);
    return null;
  }
}

function problemAtStart(file: string, code: ScriptProblem['code'], message: string): { ok: false; problems: ScriptProblem[] } {
  return { ok: false, problems: [{ file, line: 1, col: 1, code, message }] };
}

function tooLarge(bytes: number): string {
  return `the file is too large (${Math.ceil(bytes / 1024)} KB); a script may be at most ${MAX_SCRIPT_BYTES / 1024} KB`;
}

/**
 * A script file's text, or why it cannot be had. The size is checked before reading, so a huge
 * file dropped into the folder by mistake is never read into memory.
 */
export function readScriptText(file: string): { ok: true; text: string } | { ok: false; problems: ScriptProblem[] } {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const { size } = fs.fstatSync(fd);
    if (size > MAX_SCRIPT_BYTES) return problemAtStart(file, 'too-large', tooLarge(size));
    return { ok: true, text: fs.readFileSync(fd, 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return problemAtStart(file, 'unreadable', `cannot be read (${reason})`);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Checks a script file; its includes are read from its folder and below. */
export function readScriptFile(file: string, options: CheckOptions = {}): ParseResult {
  const read = readScriptText(file);
  return read.ok ? parseScript(read.text, file, { readInclude: folderReader(path.dirname(file)), ...options }) : read;
}

function collect(raw: unknown): { sections: { id: string | null; path: Path; nodes: Written[] }[] } {
  const sections = list(obj(raw)?.sections).map((section, s) => {
    const id = str(obj(section)?.id);
    const nodes = list(obj(section)?.nodes).map((node, n) => {
      const record = obj(node) ?? {};
      return { id: str(record.id), type: str(record.type), path: ['sections', s, 'nodes', n], raw: record, section: id ?? `#${s + 1}` };
    });
    return { id, path: ['sections', s] as Path, nodes };
  });
  return { sections };
}

function checkGraph(root: Raw, written: ReturnType<typeof collect>, problems: ProblemList): Script | null {
  const pos = problems.positions;
  const all = written.sections.flatMap((s) => s.nodes);
  const lineOf = (path: Path) => pos.value(path).line;

  // One namespace for nodes and sections: a jump target must name exactly one thing.
  const firstUse = new Map<string, Path>();
  const byId = new Map<string, Written>();
  const sectionStart = new Map<string, string>();
  const claim = (id: string | null, path: Path) => {
    if (id === null) return;
    const first = firstUse.get(id);
    if (first) problems.add('duplicate-id', pos.value([...path, 'id']), `duplicate id "${id}": already used on line ${lineOf(first)}`);
    else firstUse.set(id, path);
  };
  for (const section of written.sections) {
    claim(section.id, section.path);
    const firstNode = section.nodes.find((n) => n.id !== null);
    if (section.id !== null && firstNode?.id && !sectionStart.has(section.id)) sectionStart.set(section.id, firstNode.id);
    for (const node of section.nodes) {
      claim(node.id, node.path);
      if (node.id !== null && !byId.has(node.id)) byId.set(node.id, node);
    }
  }
  const resolve = (target: string): string | null => (byId.has(target) ? target : (sectionStart.get(target) ?? null));
  const knownTargets = () => [...byId.keys(), ...sectionStart.keys()];
  const target = (value: unknown, path: Path, what: string): string | null => {
    if (typeof value !== 'string') return null;
    const found = resolve(value);
    if (found === null) {
      const close = knownTargets().find((k) => isClose(k, value));
      problems.add('unknown-node', pos.value(path), `unknown node id "${value}" in ${what}${close ? ` (did you mean "${close}"?)` : ''}`);
    }
    return found;
  };

  const questionIds = new Set(all.filter((n) => n.type === 'question' && n.id).map((n) => n.id as string));
  const counted = new Map<string, CountedQuestion>(
    all
      .filter((n) => n.type === 'question' && n.id)
      .map((n) => [n.id as string, { input: n.raw.input, scores: list(n.raw.options).map((o) => obj(o)?.score) }]),
  );
  const values = checkValues(root.values, counted, problems);
  // Ids as written, so one broken value does not make every use of the others unknown too.
  const valueIds = new Set(list(root.values).flatMap((v) => str(obj(v)?.id) ?? []));
  // A grid's items are named `answers.<grid>.<item>`, like questions of their own.
  for (const node of all) if (node.type === 'question') for (const item of gridItemIds(node.raw)) questionIds.add(`${node.id ?? '?'}.${item}`);
  const checkText = (value: unknown, path: Path) => {
    if (typeof value !== 'string') return;
    const seen = new Map<string, number>();
    for (const ref of findVariables(value)) {
      const occurrence = seen.get(ref.token) ?? 0;
      seen.set(ref.token, occurrence + 1);
      const problem = variableProblem(ref.name, questionIds, valueIds);
      if (problem) problems.add('unknown-variable', pos.inText(path, ref.token, occurrence), problem);
    }
  };

  // What a `when` on `answer` or `answers.<id>` is checked against; see when-values.ts.
  const language = str(root.language);
  const askedOf = (node: Written): AskedQuestion => ({
    id: node.id ?? '?',
    input: node.raw.input,
    options: list(node.raw.options).flatMap((o) => {
      const value = optionValue(o);
      return value === null ? [] : [{ value, label: str(obj(o)?.label) }];
    }),
    min: node.raw.min,
    max: node.raw.max,
  });
  const askedById = (id: string): AskedQuestion | undefined => {
    const node = byId.get(id);
    if (node?.type === 'question') return askedOf(node);
    const dot = id.indexOf('.');
    const grid = dot > 0 ? byId.get(id.slice(0, dot)) : undefined;
    return grid?.type === 'question' ? itemAsked(askedOf(grid), id) : undefined;
  };

  const edges = new Map<Written, string[]>();
  const nodes = new Map<string, ScriptNode>();
  all.forEach((node, index) => {
    const out: string[] = [];
    const add = (id: string | null) => {
      if (id !== null) out.push(id);
    };
    const r = node.raw;
    checkText(r.text, [...node.path, 'text']);
    checkText(r.help, [...node.path, 'help']);
    checkText(r.hint, [...node.path, 'hint']);
    checkText(r.patternMessage, [...node.path, 'patternMessage']);
    checkText(r.minLabel, [...node.path, 'minLabel']);
    checkText(r.maxLabel, [...node.path, 'maxLabel']);
    list(r.items).forEach((item, i) => checkText(obj(item)?.label, [...node.path, 'items', i, 'label']));
    const options = list(r.options);
    options.forEach((option, i) => {
      checkText(obj(option)?.label, [...node.path, 'options', i, 'label']);
      add(target(obj(option)?.next, [...node.path, 'options', i, 'next'], "an option's next"));
    });
    const branches = list(r.branches);
    const resolvedBranches: Branch[] = [];
    branches.forEach((branch, i) => {
      const at = [...node.path, 'branches', i];
      const to = target(obj(branch)?.next, [...at, 'next'], "a branch's next");
      add(to);
      const when = obj(obj(branch)?.when) ?? {};
      const checked: Record<string, Matcher> = {};
      for (const [key, matcher] of Object.entries(when)) {
        setOwn(checked, key, matcher as Matcher);
        if (key !== 'answer') {
          const problem = variableProblem(key, questionIds, valueIds) ?? wholeGridProblem(key, (id) => byId.get(id)?.raw);
          if (problem) problems.add('unknown-variable', pos.key([...at, 'when', key]), problem.replace('unknown variable', 'unknown variable in when'));
        }
        const asked =
          key === 'answer'
            ? node.type === 'question'
              ? askedOf(node)
              : undefined
            : key.startsWith(`${ANSWERS_NAMESPACE}.`)
              ? askedById(key.slice(ANSWERS_NAMESPACE.length + 1))
              : undefined;
        if (asked) setOwn(checked, key, checkWhenValues(asked, matcher as Matcher, language, [...at, 'when', key], problems));
      }
      if (to) resolvedBranches.push({ when: checked, next: to });
    });
    const explicitNext = target(r.next, [...node.path, 'next'], 'next');
    add(explicitNext);

    // A choice question that branches must say where each answer goes, so a forgotten option is
    // caught here; every other node without next continues with the node below it.
    const choice = node.type === 'question' && (r.input === 'single' || r.input === 'multiple' || r.input === 'yesno');
    const branchingChoice = choice && (branches.length > 0 || options.some((o) => obj(o)?.next !== undefined));
    let next: string | null = explicitNext;
    if (node.type !== 'end' && r.next === undefined) {
      if (branchingChoice) {
        checkCoverage(node, language, problems);
      } else {
        const following = all[index + 1];
        if (following) next = following.id;
        else
          problems.add(
            'no-way-on',
            pos.value([...node.path, 'id']),
            `node "${node.id ?? '?'}" is the last one and has no next: make it an end node or add next`,
          );
      }
    }
    add(next === explicitNext ? null : next);
    edges.set(node, out);
    if (node.id !== null && node.type !== null) nodes.set(node.id, build(node, next, resolvedBranches, resolve, pos.lineOf(node.raw, node.path)));
  });

  // Reachability from the first node, over every way on.
  const start = all[0]?.id ?? null;
  const reached = new Set<string>();
  const queue = start ? [start] : [];
  while (queue.length) {
    const id = queue.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    const node = byId.get(id);
    if (node) queue.push(...(edges.get(node) ?? []));
  }
  for (const node of all) {
    if (node.id === null || reached.has(node.id) || byId.get(node.id) !== node) continue;
    problems.add(
      'unreachable-node',
      pos.value([...node.path, 'id']),
      `node "${node.id}" is never reached: no next, option or branch leads here, and the node before it does not continue to it`,
    );
  }

  if (problems.items.length || start === null || values === null) return null;
  const sections: Section[] = written.sections.map((s) => ({
    id: s.id as string,
    title: str(obj(list(root.sections)[Number(s.path[1])])?.title),
    nodeIds: s.nodes.map((n) => n.id as string),
  }));
  return {
    id: root.id as string,
    title: root.title as string,
    campaign: root.campaign as string,
    client: str(root.client),
    language: root.language as string,
    description: str(root.description),
    survey: root.survey === true,
    version: null,
    sections,
    nodes,
    start,
    values,
  };
}

/** A branching question without a default: each of its answers must lead somewhere. */
function checkCoverage(node: Written, language: string | null, problems: ProblemList): void {
  const pos = problems.positions;
  const r = node.raw;
  const input = r.input;
  const branches = list(r.branches);
  const covered = new Set(branches.flatMap(coveredValues).map((v) => (input === 'yesno' ? (yesNoWord(v, language) ?? v) : v)));
  if (r.required === undefined || r.required === false) {
    problems.add(
      'no-way-on',
      pos.value([...node.path, 'id']),
      `question "${node.id ?? '?'}" is optional and branches by answer but has no next: add next for when it is left unanswered, or make it required`,
    );
  }
  if (input === 'single' || input === 'multiple') {
    list(r.options).forEach((option, i) => {
      const value = optionValue(option);
      if (value === null || covered.has(value) || obj(option)?.next !== undefined) return;
      const at = obj(option) ? [...node.path, 'options', i, 'value'] : [...node.path, 'options', i];
      problems.add(
        'choice-without-branch',
        pos.value(at),
        `option "${value}" of question "${node.id ?? '?'}" leads nowhere: give it a next, add a branch for it, or give the question a default next`,
      );
    });
    return;
  }
  if (input === 'yesno') {
    for (const value of ['yes', 'no']) {
      if (!covered.has(value))
        problems.add(
          'choice-without-branch',
          pos.key([...node.path, 'branches']),
          `answer "${value}" of question "${node.id ?? '?'}" leads nowhere: add a branch for it or give the question a default next`,
        );
    }
  }
}

function build(node: Written, next: string | null, branches: Branch[], resolve: (t: string) => string | null, line: number): ScriptNode {
  const r = node.raw;
  const base = { id: node.id as string, section: node.section, text: str(r.text) ?? '', next, branches, line, form: str(r.form) };
  if (node.type === 'end') return { ...base, type: 'end', next: null, disposition: str(r.disposition) };
  if (node.type === 'say') return { ...base, type: 'say', hint: str(r.hint) };
  const input = r.input as InputKind;
  const options: ChoiceOption[] = list(r.options).map((o) => {
    const value = optionValue(o) ?? '';
    const target = str(obj(o)?.next);
    const flag = (key: string) => obj(o)?.[key] === true;
    const score = obj(o)?.score;
    return {
      value,
      label: str(obj(o)?.label) ?? value,
      next: target === null ? null : resolve(target),
      specify: flag('specify'),
      exclusive: flag('exclusive'),
      fixed: flag('fixed'),
      score: typeof score === 'number' ? score : null,
    };
  });
  const isDate = input === 'date' || input === 'time' || input === 'datetime';
  const question: QuestionNode = {
    ...base,
    type: 'question',
    input,
    required: r.required === true,
    options,
    min: !isDate && typeof r.min === 'number' ? r.min : null,
    max: !isDate && typeof r.max === 'number' ? r.max : null,
    minDate: isDate ? str(r.min) : null,
    maxDate: isDate ? str(r.max) : null,
    pattern: str(r.pattern),
    patternMessage: str(r.patternMessage),
    help: str(r.help),
    minLabel: str(r.minLabel),
    maxLabel: str(r.maxLabel),
    shuffle: r.shuffle === true,
    items: gridItemsOf(r),
    callback: r.callback === true,
  };
  return question;
}
