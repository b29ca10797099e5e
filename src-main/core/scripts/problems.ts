import { LineCounter, isMap, isNode, isScalar, type Document } from 'yaml';

export type ProblemCode =
  | 'yaml-syntax'
  | 'wrong-type'
  | 'missing-field'
  | 'unknown-field'
  | 'unknown-node'
  | 'unreachable-node'
  | 'choice-without-branch'
  | 'no-way-on'
  | 'unknown-variable'
  | 'duplicate-id'
  /** A `when` value the question's answer can never take (a misspelt option, `nein` in English). */
  | 'never-matches'
  /** A calculated value that uses itself through other values. */
  | 'value-cycle'
  /** A text of a script with `languages:` that lacks one of them. */
  | 'missing-translation'
  /** An `include` that cannot be followed (outside the folder, missing, a loop, the wrong shape). */
  | 'include'
  /** A text question's pattern that Anlauf's engine (RE2) cannot take; see pattern.ts. */
  | 'bad-pattern'
  /** A campaign, client or disposition the settings (or, as a warning, the shipped names) do not know; see references.ts. */
  | 'unknown-reference'
  /** `{{answers.q}}` in a text that can be shown before question q is asked; see answer-order.ts. */
  | 'answer-before-question'
  | 'unreadable'
  | 'too-large'
  /** Something unforeseen went wrong while checking; reported at the file's start. */
  | 'not-checked'
  /** The file passed the checks but could not be kept (the database refused it). */
  | 'not-stored';

/** One thing wrong in a script file, with where a trainer finds it (1-based line and column). */
export interface ScriptProblem {
  file: string;
  line: number;
  col: number;
  code: ProblemCode;
  message: string;
  /** Set on a warning: the script still loads (a name only the desk's settings can confirm). */
  severity?: 'warning';
  /** For a problem in an included file (`file`): where the including file names it. */
  includedFrom?: { file: string; line: number; col: number };
}

export function formatProblem(p: ScriptProblem): string {
  const via = p.includedFrom ? ` (included at ${p.includedFrom.file}:${p.includedFrom.line}:${p.includedFrom.col})` : '';
  return `${p.file}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}${via}`;
}

/** A position, in the script itself or (with `file`) in a file it includes. */
export interface Where {
  line: number;
  col: number;
  file?: string;
  includedFrom?: ScriptProblem['includedFrom'];
}

/** The file a YAML node of an included file came from (see include.ts). */
export interface Origin {
  file: string;
  counter: LineCounter;
  source: string;
  from: { file: string; line: number; col: number };
}

export type Path = readonly (string | number)[];

/** Finds positions of paths in the parsed YAML document, so every problem points at its text. */
export class Positions {
  private built: Document | null;
  private readonly parse: () => Document;
  /** Line starts of the source, for the fast reader's offsets; counted only when first needed. */
  private fastLines: LineCounter | null = null;

  /**
   * `doc`: the parsed document, or how to parse it when a position is first asked for (a file
   * read by the fast reader needs it only for a problem). `starts`: where the fast reader saw
   * each mapping begin, for the nodes' lines without the document.
   */
  constructor(
    doc: Document | (() => Document),
    private readonly counter: LineCounter,
    private readonly source: string,
    private readonly origins: WeakMap<object, Origin> = new WeakMap(),
    private readonly starts: WeakMap<object, number> = new WeakMap(),
  ) {
    this.built = typeof doc === 'function' ? null : doc;
    this.parse = typeof doc === 'function' ? doc : () => doc;
  }

  private get doc(): Document {
    // Parsing fills the counter, so every position below is asked for after this.
    this.built ??= this.parse();
    return this.built;
  }

  /** The 1-based line of a node as written (`raw`: its mapping), without parsing again when the fast reader saw it. */
  lineOf(raw: object, path: Path): number {
    const start = this.starts.get(raw);
    if (start === undefined) return this.value(path).line;
    if (!this.fastLines) {
      const lines = new LineCounter();
      lines.addNewLine(0);
      for (const newline of this.source.matchAll(/\n/g)) lines.addNewLine(newline.index + 1);
      this.fastLines = lines;
    }
    return this.fastLines.linePos(start).line;
  }

  private at(offset: number, node?: object): Where {
    const origin = node ? this.origins.get(node) : undefined;
    if (origin) return { ...origin.counter.linePos(offset), file: origin.file, includedFrom: origin.from };
    return this.counter.linePos(offset);
  }

  /** The value at the path, or the nearest enclosing thing that was written. */
  value(path: Path): Where {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return this.at(node.range[0], node);
    }
    return { line: 1, col: 1 };
  }

  /** The key of a mapping entry (`required:` rather than its value). */
  key(path: Path): Where {
    const parent = this.doc.getIn(path.slice(0, -1), true);
    const last = path.at(-1);
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && pair.key.value === last && pair.key.range) return this.at(pair.key.range[0], pair.key);
      }
    }
    return this.value(path);
  }

  /** Where `token` is written inside the scalar at the path (block scalars and quotes included). */
  inText(path: Path, token: string, occurrence: number): Where {
    const node = this.doc.getIn(path, true);
    if (isNode(node) && node.range) {
      const source = this.origins.get(node)?.source ?? this.source;
      let from = node.range[0];
      for (let seen = 0; ; seen++) {
        const found = source.indexOf(token, from);
        if (found < 0 || found >= node.range[1]) break;
        if (seen === occurrence) return this.at(found, node);
        from = found + token.length;
      }
    }
    return this.value(path);
  }
}

export class ProblemList {
  readonly items: ScriptProblem[] = [];
  /** Kept apart from `items`, which decide whether a script loads. */
  readonly warnings: ScriptProblem[] = [];
  constructor(
    readonly file: string,
    readonly positions: Positions,
  ) {}

  add(code: ProblemCode, where: Where, message: string): void {
    const problem: ScriptProblem = { file: where.file ?? this.file, line: where.line, col: where.col, code, message };
    if (where.includedFrom) problem.includedFrom = where.includedFrom;
    this.items.push(problem);
  }

  warn(code: ProblemCode, where: Where, message: string): void {
    const warning: ScriptProblem = { file: where.file ?? this.file, line: where.line, col: where.col, code, message, severity: 'warning' };
    if (where.includedFrom) warning.includedFrom = where.includedFrom;
    this.warnings.push(warning);
  }

  /** In the order of the script's lines; a problem in an included file sorts at its include. */
  sorted(): ScriptProblem[] {
    const key = (p: ScriptProblem) => [p.includedFrom?.line ?? p.line, p.includedFrom?.col ?? p.col, p.includedFrom ? p.line : 0, p.includedFrom ? p.col : 0];
    return [...this.items].sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      for (let i = 0; i < ka.length; i++) if ((ka[i] as number) !== (kb[i] as number)) return (ka[i] as number) - (kb[i] as number);
      return 0;
    });
  }
}
