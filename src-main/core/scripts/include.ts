import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { includeTarget, type IncludedFile, type ReadInclude } from './include-files';
import { explainLayout, layoutErrors } from './layout';
import type { Origin, ProblemList, Where } from './problems';

/**
 * `- include: shared/datenschutz.yaml` in a section's `nodes` (the file holds a list of nodes) or
 * in `sections` (the file holds one section, or a list of sections). The included file's YAML
 * nodes are put into the script's document where the include stood, so every later check runs as
 * if the text were written there, and each such node remembers its file: a problem in it is
 * reported at the included file's line and column, with the line that included it.
 */

/** Enough for shared blocks in a script; a loop of includes that names new files each time ends here. */
export const MAX_INCLUDES = 20;

interface Here {
  file: string;
  counter: LineCounter;
  /** Where this file was included from (null for the script itself). */
  from: Origin['from'] | null;
}

interface State {
  read: ReadInclude | null;
  problems: ProblemList;
  origins: WeakMap<object, Origin>;
  files: IncludedFile[];
}

type Kind = 'sections' | 'nodes';

/** Replaces every include of the document by what it names; returns the files read. */
export function expandIncludes(
  doc: Document,
  file: string,
  counter: LineCounter,
  read: ReadInclude | null,
  problems: ProblemList,
  origins: WeakMap<object, Origin>,
): IncludedFile[] {
  const state: State = { read, problems, origins, files: [] };
  const root = doc.contents;
  const sections = isMap(root) ? root.get('sections', true) : undefined;
  if (isSeq(sections)) expandSeq(sections, 'sections', { file, counter, from: null }, [file], state);
  return state.files;
}

const includeOf = (item: unknown): YAMLMap | null => (isMap(item) && item.has('include') ? item : null);

function where(node: Node | null | undefined, here: Here): Where {
  const pos = node?.range ? here.counter.linePos(node.range[0]) : { line: 1, col: 1 };
  return here.from ? { ...pos, file: here.file, includedFrom: here.from } : pos;
}

function expandSeq(seq: YAMLSeq, kind: Kind, here: Here, stack: string[], state: State): void {
  const out: unknown[] = [];
  for (const item of seq.items) {
    const include = includeOf(item);
    if (!include) {
      out.push(item);
      if (kind === 'sections') expandNodesOf(item, here, stack, state);
      continue;
    }
    out.push(...included(include, kind, here, stack, state));
  }
  seq.items = out;
}

function expandNodesOf(section: unknown, here: Here, stack: string[], state: State): void {
  const nodes = isMap(section) ? section.get('nodes', true) : undefined;
  if (isSeq(nodes)) expandSeq(nodes, 'nodes', here, stack, state);
}

/** The YAML nodes an include stands for, or none when it cannot be had (and a problem says why). */
function included(include: YAMLMap, kind: Kind, here: Here, stack: string[], state: State): unknown[] {
  const { problems } = state;
  const value = include.get('include', true);
  const at = where(isNode(value) ? value : include, here);
  if (include.items.length !== 1) {
    problems.add('include', where(include, here), 'an include stands alone in its list item: - include: shared/file.yaml');
    return [];
  }
  if (!isScalar(value) || typeof value.value !== 'string') {
    problems.add('include', at, 'include needs a file name, e.g. include: shared/datenschutz.yaml');
    return [];
  }
  if (!state.read) {
    problems.add(
      'include',
      at,
      'include works only for a script read from its folder (the script folder, or anlauf scripts validate); a file chosen in the Scripts tab comes without the files it includes',
    );
    return [];
  }
  if (state.files.length >= MAX_INCLUDES) {
    problems.add('include', at, `a script may include at most ${MAX_INCLUDES} files`);
    return [];
  }
  const target = includeTarget(value.value, here.file);
  if (stack.includes(target)) {
    problems.add('include', at, `"${value.value}" includes itself: ${[...stack.slice(stack.indexOf(target)), target].join(' → ')}`);
    return [];
  }
  const read = state.read(value.value, here.file);
  if (!read.ok) {
    problems.add('include', at, read.message);
    return [];
  }
  state.files.push(read.included);
  const counter = new LineCounter();
  const doc = parseDocument(read.included.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const there: Here = { file: read.included.file, counter, from: { file: here.file, line: at.line, col: at.col } };
  const mistakes = layoutErrors(doc);
  if (mistakes.length) {
    // In the trainer's words, the first only, as for the script itself (layout.ts).
    const first = explainLayout(read.included.text, mistakes, counter);
    problems.add('yaml-syntax', { line: first.line, col: first.col, file: there.file, includedFrom: there.from ?? undefined }, first.message);
    return [];
  }
  const origin: Origin = { file: there.file, counter, source: read.included.text, from: there.from as Origin['from'] };
  visit(doc, (_key, node) => {
    if (isNode(node)) state.origins.set(node, origin);
  });
  const contents = doc.contents;
  const inner = [...stack, target];
  if (kind === 'nodes') {
    if (isSeq(contents)) {
      expandSeq(contents, 'nodes', there, inner, state);
      return contents.items;
    }
    problems.add('include', where(contents, there), 'a file included among nodes must be a list of nodes (- id: … type: …)');
    return [];
  }
  if (isMap(contents)) {
    expandNodesOf(contents, there, inner, state);
    return [contents];
  }
  if (isSeq(contents)) {
    expandSeq(contents, 'sections', there, inner, state);
    return contents.items;
  }
  problems.add('include', where(contents, there), 'a file included among sections must be a section (id, title, nodes) or a list of sections');
  return [];
}
