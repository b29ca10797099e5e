import type { Document, LineCounter, YAMLError } from 'yaml';
import { SourceLines, valueText, type LineShape } from './layout-lines';
import { colonInFlow, fixed, quoteEndsEarly, TEXT_FIELDS, textStart } from './layout-texts';
import { layoutLanguage, wordMistake, type Mistake } from './layout-words';

/**
 * A layout mistake (indentation, a tab, a text that needed quotes…) in a trainer's words, at the
 * line the trainer must change. The YAML reader reports where it got lost: for a line indented
 * too deep that is the line above, for a missing `-` it is a "duplicate key", and one mistake
 * often makes it stumble over every line after it. So only the first of its complaints is
 * taken, and the source lines around it decide what the mistake was and where.
 */

export interface LayoutProblem {
  line: number;
  col: number;
  message: string;
}

interface Found {
  line: number;
  /** 1-based. */
  col: number;
  mistake: Mistake;
}

/**
 * What keeps the file from being read as the trainer meant it: the reader's errors, and an
 * unknown `!tag`, which the reader only warns about while it drops the word (`text: !Wichtig…`).
 */
export function layoutErrors(doc: Document): YAMLError[] {
  return [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
}

/** The first of the reader's complaints, explained. `errors` must not be empty. */
export function explainLayout(text: string, errors: readonly YAMLError[], counter: LineCounter): LayoutProblem {
  const src = new SourceLines(text);
  const first = errors.map((error) => ({ error, offset: whereItBegins(text, error) })).sort((a, b) => a.offset - b.offset)[0] as {
    error: YAMLError;
    offset: number;
  };
  const { line, col } = counter.linePos(first.offset);
  const found = diagnose(src, first.error, line, col) ?? {
    line,
    col,
    mistake: { kind: 'unreadable', detail: first.error.message.split('\n')[0] ?? first.error.code },
  };
  return { line: found.line, col: found.col, message: wordMistake(found.mistake, layoutLanguage(text)) };
}

/**
 * `text: **Wichtig**` is read as a reference to an anchor named `*Wichtig**`; an anchor name
 * with a `*` in it is surely a text meant to start with bold or italic.
 */
export function explainAlias(text: string, offset: number, counter: LineCounter): LayoutProblem | null {
  const name = /^\*(\S*)/.exec(text.slice(offset))?.[1] ?? '';
  if (!name.includes('*')) return null;
  const { line, col } = counter.linePos(offset);
  const shape = new SourceLines(text).at(line) as LineShape;
  const mistake = textStart(shape, col - 1);
  return mistake ? { line, col, message: wordMistake(mistake, layoutLanguage(text)) } : null;
}

/** An unclosed quote is noticed at the end of the file; it begins where the quote was opened. */
function whereItBegins(text: string, error: YAMLError): number {
  const unclosed = error.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(error.message) : null;
  const opener = unclosed ? text.lastIndexOf(unclosed[1] as string, error.pos[0] - 1) : -1;
  return opener >= 0 ? opener : error.pos[0];
}

function diagnose(src: SourceLines, error: YAMLError, at: number, atCol: number): Found | null {
  // The reader may stop on the empty line before the one it cannot fit in.
  const written = src.at(at);
  const shape = written?.blank ? src.after(at) : written;
  if (!shape) return null;
  const line = shape.line;
  const col = shape === written ? atCol : shape.indent + 1;
  const top = firstLineIndented(src);
  if (top) return top;
  const text = blockTextLess(src, shape);
  if (text) return text;
  for (const s of [src.before(line), shape]) {
    const content = s && !s.inBlockText ? s.text.slice(s.indent) : '';
    if (/^-[^\s-]/.test(content))
      return { line: (s as LineShape).line, col: (s as LineShape).indent + 1, mistake: { kind: 'dash-space', fix: `- ${content.slice(1)}` } };
  }
  for (const s of [shape, src.after(line)]) {
    if (s && s.tab >= 0 && !s.inBlockText) return { line: s.line, col: s.tab + 1, mistake: { kind: 'tab', line: s.line } };
  }
  const message = error.message;
  const unclosed = /closing (["'])quote/.exec(message);
  if (error.code === 'MISSING_CHAR' && unclosed) return { line, col, mistake: { kind: 'quote-not-closed', quote: unclosed[1] as string } };
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      return /nested mappings/i.test(message) ? nested(src, shape, col) : dashInPlace(src, shape);
    case 'MULTILINE_IMPLICIT_KEY':
      return oneLineKey(src, shape, col);
    case 'MISSING_CHAR':
      if (/without - indicator/.test(message)) return indentation(src, shape);
      if (/followed by map values/.test(message)) return oneLineKey(src, shape, col);
      return null;
    case 'BAD_INDENT': {
      const bracket = /Flow (?:map|sequence) .* end with an? ([}\]])/.exec(message);
      if (bracket) return unclosedBracket(src, line, bracket[1] === '}' ? '{' : '[', bracket[1] as string);
      return /sequence items/.test(message) ? dashInPlace(src, shape) : indentation(src, shape);
    }
    case 'DUPLICATE_KEY':
      return keyTwice(src, shape, col);
    case 'BLOCK_IN_FLOW': {
      const colon = colonInFlow(shape, col);
      return colon ? { line, col, mistake: colon } : null;
    }
    case 'TAB_AS_INDENT':
      return { line, col, mistake: { kind: 'tab', line } };
    case 'UNEXPECTED_TOKEN':
    case 'BAD_SCALAR_START':
    case 'BAD_ALIAS':
    case 'TAG_RESOLVE_FAILED': {
      const from = shape.valueCol !== null && shape.valueCol < col ? shape.valueCol : col - 1;
      const quote = quoteEndsEarly(shape, from);
      if (quote) return { line, ...quote };
      const start = textStart(shape, from);
      return start ? { line, col: from + 1, mistake: start } : null;
    }
    default:
      return null;
  }
}

/** "Nested mappings are not allowed in compact mappings": a `: ` in this line's text, or a line below indented too deep. */
function nested(src: SourceLines, shape: LineShape, col: number): Found | null {
  const at = col - 1;
  const start = textStart(shape, at);
  if (start) return { line: shape.line, col, mistake: start };
  const value = valueText(shape, at);
  const plain = !`"'`.includes(value[0] ?? '"');
  if (plain && /: |:$/.test(value)) return { line: shape.line, col, mistake: { kind: 'colon-in-text', fix: fixed(shape, value) } };
  const next = src.after(shape.line);
  if (!next || next.indent <= shape.keyCol) return null;
  // A deeper line is read as more of this line's text; with a field name before its colon it was meant as a field.
  if (next.key !== null && next.dashes.length === 0) {
    const moved = shape.dashes.length === 1 ? itemDashMoved(src, shape, next) : null;
    if (moved) return moved;
    return {
      line: next.line,
      col: next.indent + 1,
      mistake: { kind: 'indented-more', line: next.line, spaces: next.indent, expected: shape.keyCol, ref: shape.line },
    };
  }
  return { line: shape.line, col, mistake: { kind: 'colon-in-text', fix: fixed(shape, `${value} …`) } };
}

/**
 * A line just below a `text: |` block, indented less than the text but more than `text:` (or as
 * much, when it is no field): it was meant as more of the text. A `- ` in it is text too.
 */
function blockTextLess(src: SourceLines, shape: LineShape): Found | null {
  const block = src.blockTextAbove(shape.line);
  if (!block || (shape.key !== null && shape.dashes.length === 0)) return null;
  if (shape.indent < block.start.keyCol || (shape.indent === block.start.keyCol && shape.dashes.length > 0)) return null;
  // The text's first line sets its indentation; when the lines after it agree with each other, the first line moved.
  const after = src.after(shape.line);
  if (block.first.line === src.before(shape.line)?.line && after && after.indent === shape.indent && after.key === null) {
    return {
      line: block.first.line,
      col: block.first.indent + 1,
      mistake: { kind: 'indented-more', line: block.first.line, spaces: block.first.indent, expected: shape.indent, ref: shape.line },
    };
  }
  return {
    line: shape.line,
    col: shape.indent + 1,
    mistake: { kind: 'block-text-less', line: shape.line, start: block.start.line, spaces: shape.indent, expected: block.first.indent },
  };
}

/** A line whose start fits none of the columns of the lines it can belong to. */
function indentation(src: SourceLines, shape: LineShape): Found | null {
  const at = { line: shape.line, col: shape.indent + 1 };
  const levels = src.levels(shape.line);
  if (shape.dashes.length > 0) return dashInPlace(src, shape);
  // At the column of the dashes above, a line that is no field of the item before it is the next item without its dash.
  const dash = levels.find((l) => l.kind === 'dash' && l.col === shape.indent);
  if (dash && (shape.key === null || shape.key === src.at(dash.line)?.key)) {
    return { ...at, mistake: { kind: 'dash-missing', line: shape.line, col: dash.col + 1, ref: dash.line } };
  }
  const want = nearest(
    levels.filter((l) => l.kind === 'key'),
    shape.indent,
  );
  if (!want || want.col === shape.indent) return null;
  const item = src.before(shape.line);
  if (item?.line === want.line && item.dashes.length === 1) {
    const moved = itemDashMoved(src, item, shape);
    if (moved) return moved;
  }
  const kind = shape.indent > want.col ? 'indented-more' : 'indented-less';
  return { ...at, mistake: { kind, line: shape.line, spaces: shape.indent, expected: want.col, ref: want.line } };
}

/** The file's first field must start at the line's start; every later one is measured against it. */
function firstLineIndented(src: SourceLines): Found | null {
  const first = src.lines.find((l) => !l.blank);
  const next = first && src.after(first.line);
  if (!first || !next || first.indent === 0 || next.indent !== 0) return null;
  return { line: first.line, col: first.indent + 1, mistake: { kind: 'indented-more', line: first.line, spaces: first.indent, expected: 0, ref: next.line } };
}

/**
 * A field that does not line up with the `- key:` line above it: when the dash is off the
 * column of the other items, or the item's next field agrees with this one, the dash line moved.
 */
function itemDashMoved(src: SourceLines, item: LineShape, field: LineShape): Found | null {
  const dashCol = item.dashes[0] as number;
  const wanted = field.indent - 2;
  const at = { line: item.line, col: dashCol + 1 };
  const sibling = nearest(
    src.levels(item.line).filter((l) => l.kind === 'dash'),
    dashCol,
  );
  if (sibling?.col === wanted) return { ...at, mistake: { kind: 'dash-column', col: wanted + 1, ref: sibling.line } };
  const after = src.after(field.line);
  if (wanted >= 0 && after && after.indent === field.indent && after.dashes.length === 0 && after.key !== null) {
    return { ...at, mistake: { kind: 'dash-fields', col: wanted + 1, ref: field.line } };
  }
  return null;
}

/** A list item whose dash is not at the column of the other items. */
function dashInPlace(src: SourceLines, shape: LineShape): Found | null {
  const dashCol = shape.dashes[0];
  if (dashCol === undefined) return indentation(src, shape);
  const levels = src.levels(shape.line);
  const at = { line: shape.line, col: dashCol + 1 };
  const dashes = levels.filter((l) => l.kind === 'dash');
  const sameKind = (l: { line: number }) => src.at(l.line)?.key === shape.key;
  // The item's fields below show where its dash belongs, when an item of the same kind is there.
  const field = src.after(shape.line);
  if (shape.key !== null && field && field.dashes.length === 0 && field.key !== null && field.indent - 2 !== dashCol) {
    const match = dashes.find((l) => l.col === field.indent - 2 && sameKind(l));
    if (match) return { ...at, mistake: { kind: 'dash-column', col: match.col + 1, ref: match.line } };
  }
  const sibling = nearest(dashes, dashCol);
  // A dash in front of a field, at the column of the fields above: the line was no new item.
  if (levels.some((l) => l.kind === 'key' && l.col === dashCol) && !(sibling && sameKind(sibling)))
    return { ...at, mistake: { kind: 'stray-dash', line: shape.line } };
  if (sibling && sibling.col !== dashCol && Math.abs(sibling.col - dashCol) <= 2) {
    // The list's first item alone sets its column; when the items after it agree with each other, the first one moved.
    const after = src.after(shape.line);
    const firstItem = !src.levels(sibling.line).some((l) => l.kind === 'dash' && l.col === sibling.col);
    if (firstItem && after?.dashes[0] === dashCol)
      return { line: sibling.line, col: sibling.col + 1, mistake: { kind: 'dash-column', col: dashCol + 1, ref: shape.line } };
    return { ...at, mistake: { kind: 'dash-column', col: sibling.col + 1, ref: sibling.line } };
  }
  // No list above at about this column: the list's first item, under its key, may lack its dash.
  const parent = levels.find((l) => l.kind === 'key' && l.col < dashCol);
  const firstItem = parent && src.after(parent.line);
  if (firstItem && firstItem.line < shape.line && !firstItem.inBlockText && firstItem.dashes.length === 0 && firstItem.indent > dashCol) {
    return { line: firstItem.line, col: firstItem.indent + 1, mistake: { kind: 'dash-missing', line: firstItem.line, col: dashCol + 1, ref: shape.line } };
  }
  return sibling && sibling.col !== dashCol ? { ...at, mistake: { kind: 'dash-column', col: sibling.col + 1, ref: sibling.line } } : null;
}

/** "Implicit keys need to be on a single line": a field without its colon. */
function oneLineKey(src: SourceLines, shape: LineShape, col: number): Found | null {
  const token = shape.text.slice(col - 1);
  const noSpace = /^([A-Za-z_][\w.-]*):(\S.*)$/.exec(token);
  if (noSpace) {
    const key = noSpace[1] as string;
    return { line: shape.line, col: col + key.length, mistake: { kind: 'colon-space', key, fix: `${key}: ${valueText(shape, col + key.length)}` } };
  }
  const noColon = /^([A-Za-z_][\w.-]*)[ \t]+([^:]*)$/.exec(token);
  if (noColon) {
    const key = noColon[1] as string;
    return { line: shape.line, col: col + key.length, mistake: { kind: 'colon-missing', key, fix: `${key}: ${(noColon[2] as string).trim()}` } };
  }
  return indentation(src, shape);
}

/** A key written twice; when it is the first field of the item above, the new item lacks its dash. */
function keyTwice(src: SourceLines, shape: LineShape, col: number): Found | null {
  const key = /^[A-Za-z_][\w.-]*/.exec(shape.text.slice(col - 1))?.[0];
  if (!key) return null;
  for (let l = shape.line - 1; l >= 1; l--) {
    const above = src.at(l) as LineShape;
    if (above.blank || above.inBlockText || above.keyCol > col - 1) continue;
    if (above.keyCol < col - 1) break;
    if (above.key !== key) continue;
    const dash = above.dashes.at(-1);
    if (dash !== undefined && shape.dashes.length === 0 && shape.keyCol === col - 1) {
      return { line: shape.line, col, mistake: { kind: 'dash-missing', line: shape.line, col: dash + 1, ref: l } };
    }
    return { line: shape.line, col, mistake: { kind: 'key-twice', key, first: l } };
  }
  return { line: shape.line, col, mistake: { kind: 'key-twice', key, first: shape.line } };
}

/** A `{` or `[` opened on a line above and never closed; a text that merely starts with one needs quotes. */
function unclosedBracket(src: SourceLines, line: number, open: string, close: string): Found | null {
  for (let l = line; l >= Math.max(1, line - 30); l--) {
    const shape = src.at(l) as LineShape;
    const col = unmatched(shape.text, open, close);
    if (col < 0) continue;
    if (shape.valueCol === col && shape.key !== null && TEXT_FIELDS.has(shape.key)) return { line: l, col: col + 1, mistake: textStart(shape, col) as Mistake };
    return { line: l, col: col + 1, mistake: { kind: 'bracket-not-closed', open, close } };
  }
  return null;
}

function nearest<T extends { col: number }>(levels: T[], col: number): T | undefined {
  let best: T | undefined;
  for (const level of levels) if (!best || Math.abs(level.col - col) < Math.abs(best.col - col)) best = level;
  return best;
}

/** 0-based column of the first `open` on the line that is not closed on it, outside quotes; -1 if none. */
function unmatched(text: string, open: string, close: string): number {
  const stack: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) break;
    else if (c === open) stack.push(i);
    else if (c === close) stack.pop();
  }
  return stack.length ? (stack[0] as number) : -1;
}
