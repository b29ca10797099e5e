/**
 * The light Markdown of script texts — **bold**, *italic* (or _italic_), "- " and "1. " lists,
 * line breaks — as plain data. The UI renders these as text nodes, so nothing a trainer writes
 * can become HTML.
 */

export interface Segment {
  text: string;
  bold?: true;
  italic?: true;
}

/** A line of segments; `break` lines are joined with a line break inside a paragraph. */
export type Block = { kind: 'paragraph'; lines: Segment[][] } | { kind: 'list'; ordered: boolean; items: Segment[][] };

const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function inlineSegments(line: string): Segment[] {
  const out: Segment[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|(?<![A-Za-z0-9])_(.+?)_(?![A-Za-z0-9])/g;
  let at = 0;
  for (const match of line.matchAll(pattern)) {
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
        blocks.push(current);
      }
      current.items.push(inlineSegments(((bullet ?? numbered) as RegExpExecArray)[1] ?? ''));
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
        : block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${plain(item)}`).join('\n'),
    )
    .join('\n\n');
}
