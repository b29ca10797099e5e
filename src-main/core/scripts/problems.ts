import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml';

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
  /** A text question's pattern that Anlauf's engine (RE2) cannot take; see pattern.ts. */
  | 'bad-pattern'
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
}

export function formatProblem(p: ScriptProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

export type Path = readonly (string | number)[];

/** Finds positions of paths in the parsed YAML document, so every problem points at its text. */
export class Positions {
  constructor(
    private readonly doc: Document,
    private readonly counter: LineCounter,
    private readonly source: string,
  ) {}

  private at(offset: number): { line: number; col: number } {
    return this.counter.linePos(offset);
  }

  /** The value at the path, or the nearest enclosing thing that was written. */
  value(path: Path): { line: number; col: number } {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return this.at(node.range[0]);
    }
    return { line: 1, col: 1 };
  }

  /** The key of a mapping entry (`required:` rather than its value). */
  key(path: Path): { line: number; col: number } {
    const parent = this.doc.getIn(path.slice(0, -1), true);
    const last = path.at(-1);
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && pair.key.value === last && pair.key.range) return this.at(pair.key.range[0]);
      }
    }
    return this.value(path);
  }

  /** Where `token` is written inside the scalar at the path (block scalars and quotes included). */
  inText(path: Path, token: string, occurrence: number): { line: number; col: number } {
    const node = this.doc.getIn(path, true);
    if (isNode(node) && node.range) {
      let from = node.range[0];
      for (let seen = 0; ; seen++) {
        const found = this.source.indexOf(token, from);
        if (found < 0 || found >= node.range[1]) break;
        if (seen === occurrence) return this.at(found);
        from = found + token.length;
      }
    }
    return this.value(path);
  }
}

export class ProblemList {
  readonly items: ScriptProblem[] = [];
  constructor(
    readonly file: string,
    readonly positions: Positions,
  ) {}

  add(code: ProblemCode, where: { line: number; col: number }, message: string): void {
    this.items.push({ file: this.file, line: where.line, col: where.col, code, message });
  }

  sorted(): ScriptProblem[] {
    return [...this.items].sort((a, b) => a.line - b.line || a.col - b.col);
  }
}
