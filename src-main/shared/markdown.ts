/**
 * The light Markdown of script texts — **bold**, *italic* (or _italic_), "- " (or "* ") and
 * "1. " lists, line breaks — as plain data, read the same way by the renderer (which builds React
 * elements from it) and by the core (plain text for terminals, logs and answer matching). Nothing a
 * trainer writes can become HTML: the tree holds text only.
 */

export interface Segment {
  text: string;
  bold?: true;
  italic?: true;
}

/**
 * A line of segments; `break` lines are joined with a line break inside a paragraph. A numbered
 * list keeps the number of its first item in `start` when that is not 1.
 */
export type Block = { kind: 'paragraph'; lines: Segment[][] } | { kind: 'list'; ordered: boolean; start?: number; items: Segment[][] };

const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*(\d+)[.)]\s+(.*)$/;
// An opening `*` or `_` must touch its word (so "5 * 3 * 2" stays as typed), `_` only between
// non-word characters (so snake_case names stay), and an italic may hold a bold run.
const INLINE = /\*\*(.+?)\*\*|\*(?![\s*])((?:\*\*.+?\*\*|[^*])+?)\*(?!\*)|(?<!\w)_(?![\s_])(.+?)_(?!\w)/g;

export function inlineSegments(line: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const match of line.matchAll(INLINE)) {
    if (match.index > at) out.push({ text: line.slice(at, match.index) });
    if (match[1] !== undefined) out.push(...inlineSegments(match[1]).map((s) => ({ ...s, bold: true as const })));
    else out.push(...inlineSegments(match[2] ?? match[3] ?? '').map((s) => ({ ...s, italic: true as const })));
    at = match.index + match[0].length;
  }
  if (at < line.length) out.push({ text: line.slice(at) });
  return out;
}

export function markdownBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (line.trim() === '') {
      current = null;
    } else if (bullet || numbered) {
      const ordered = Boolean(numbered);
      if (current?.kind !== 'list' || current.ordered !== ordered) {
        current = { kind: 'list', ordered, items: [] };
        const start = Number(numbered?.[1] ?? 1);
        if (start !== 1) current.start = start;
        blocks.push(current);
      }
      current.items.push(inlineSegments((bullet ? bullet[1] : numbered?.[2]) ?? ''));
    } else {
      if (current?.kind !== 'paragraph') {
        current = { kind: 'paragraph', lines: [] };
        blocks.push(current);
      }
      current.lines.push(inlineSegments(line.trim()));
    }
  }
  return blocks;
}

/** Plain text for terminals and logs: emphasis dropped, lists as "- " / "1. ". */
export function markdownToPlain(text: string): string {
  const plain = (segments: Segment[]) => segments.map((s) => s.text).join('');
  return markdownBlocks(text)
    .map((block) =>
      block.kind === 'paragraph'
        ? block.lines.map(plain).join('\n')
        : block.items.map((item, i) => `${block.ordered ? `${(block.start ?? 1) + i}.` : '-'} ${plain(item)}`).join('\n'),
    )
    .join('\n\n');
}
