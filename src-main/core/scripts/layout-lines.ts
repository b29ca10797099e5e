/**
 * The lines of a script file read the way a trainer sees them: indentation, list dashes, the key
 * and where its value starts. The YAML reader reports where it got lost, which is often a line
 * before or after the mistake; layout.ts looks at these shapes to find the line to change. The
 * reading is deliberately simple (it never has to accept or refuse a file, only to explain a
 * refusal the YAML reader already made).
 */

export interface LineShape {
  /** 1-based. */
  line: number;
  text: string;
  /** Spaces before the first other character. */
  indent: number;
  /** 0-based column of a tab in the leading white space, or -1. */
  tab: number;
  /** Empty or only a comment. */
  blank: boolean;
  /** 0-based columns of the `- ` list indicators at the start. */
  dashes: number[];
  /** 0-based column where the content after the dashes starts. */
  keyCol: number;
  /** A plain `key:` at keyCol (script fields and `customer.city` are plain words). */
  key: string | null;
  /** 0-based column of the value after `key: `, or null when nothing follows the colon. */
  valueCol: number | null;
  /** The line belongs to the text of a `|` or `>` block above it. */
  inBlockText: boolean;
}

const KEY = /^([A-Za-z_][\w.-]*)[ \t]*:(?=[ \t]|$)/;
const BLOCK_TEXT = /^[|>][-+0-9]*[ \t]*(#.*)?$/;

function shapeOf(text: string, line: number): LineShape {
  const lead = /^[ \t]*/.exec(text)?.[0] ?? '';
  const indent = /^ */.exec(text)?.[0].length ?? 0;
  const blank = text.trim() === '' || text.trimStart().startsWith('#');
  const dashes: number[] = [];
  let at = lead.length;
  while (text[at] === '-' && (at + 1 === text.length || text[at + 1] === ' ')) {
    dashes.push(at);
    at++;
    while (text[at] === ' ') at++;
  }
  const key = KEY.exec(text.slice(at));
  let valueCol: number | null = null;
  if (key) {
    let v = at + key[0].length;
    while (text[v] === ' ' || text[v] === '\t') v++;
    valueCol = v < text.length && text[v] !== '#' ? v : null;
  }
  return { line, text, indent, tab: lead.indexOf('\t'), blank, dashes, keyCol: at, key: key?.[1] ?? null, valueCol, inBlockText: false };
}

/** The text of a value as a trainer wrote it, without a comment at the end of the line. */
export function valueText(shape: LineShape, from = shape.valueCol ?? shape.keyCol): string {
  const rest = shape.text.slice(from);
  const comment = /\s#/.exec(rest);
  return (comment ? rest.slice(0, comment.index) : rest).trim();
}

export class SourceLines {
  readonly lines: LineShape[];

  constructor(text: string) {
    this.lines = text.split(/\r?\n/).map((t, i) => shapeOf(t, i + 1));
    this.markBlockTexts();
  }

  at(line: number): LineShape | undefined {
    return this.lines[line - 1];
  }

  /** The nearest line above with content (not blank, not a comment), block texts included. */
  before(line: number): LineShape | undefined {
    for (let l = line - 1; l >= 1; l--) {
      const shape = this.at(l);
      if (shape && !shape.blank) return shape;
    }
    return undefined;
  }

  /** The nearest line below with content. */
  after(line: number): LineShape | undefined {
    for (let l = line + 1; l <= this.lines.length; l++) {
      const shape = this.at(l);
      if (shape && !shape.blank) return shape;
    }
    return undefined;
  }

  /**
   * The columns a line may start at, from the lines it can belong to: walking up, each line less
   * indented than all below it is an enclosing one, and its key column (for a key line) or dash
   * column (for a list item) is where a sibling of the current line would start. Nearest first.
   */
  levels(line: number): { col: number; line: number; kind: 'key' | 'dash' }[] {
    const found: { col: number; line: number; kind: 'key' | 'dash' }[] = [];
    let limit = Infinity;
    for (let l = line - 1; l >= 1 && limit > 0; l--) {
      const shape = this.at(l);
      if (!shape || shape.blank || shape.inBlockText || shape.indent >= limit) continue;
      if (shape.key !== null) found.push({ col: shape.keyCol, line: l, kind: 'key' });
      for (const dash of [...shape.dashes].reverse()) found.push({ col: dash, line: l, kind: 'dash' });
      limit = shape.indent;
    }
    return found;
  }

  /** The block text (`key: |`) whose lines end just above this line, if any: its key line and first text line. */
  blockTextAbove(line: number): { start: LineShape; first: LineShape } | null {
    const previous = this.before(line);
    if (!previous?.inBlockText) return null;
    let first = previous;
    for (let l = previous.line - 1; l >= 1; l--) {
      const shape = this.at(l) as LineShape;
      if (shape.text.trim() === '') continue;
      if (!shape.inBlockText) return { start: shape, first };
      first = shape;
    }
    return null;
  }

  /** A text after `key: |` or `key: >` runs while its lines are indented like its first one. */
  private markBlockTexts(): void {
    for (let i = 0; i < this.lines.length; i++) {
      const start = this.lines[i] as LineShape;
      if (start.valueCol === null || !BLOCK_TEXT.test(start.text.slice(start.valueCol))) continue;
      let contentIndent = -1;
      let j = i + 1;
      for (; j < this.lines.length; j++) {
        const shape = this.lines[j] as LineShape;
        if (shape.text.trim() === '') continue;
        if (contentIndent < 0) {
          if (shape.indent <= start.keyCol) break;
          contentIndent = shape.indent;
        }
        if (shape.indent < contentIndent) break;
        // A `#` in a block text is text, not a comment.
        shape.inBlockText = true;
        shape.blank = false;
      }
      // Blank lines inside the text belong to it too; those after its last line do not matter.
      i = j - 1;
    }
  }
}
