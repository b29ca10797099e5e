/**
 * A campaign script's light Markdown: paragraphs (kept line by line), `- ` or `* ` lists, and
 * **bold** / *italic* inside a line. Parsed into data so the renderer builds React elements;
 * nothing from a script ever becomes HTML.
 */
export type Inline = { text: string; bold: boolean; italic: boolean };
export type Block = { kind: 'paragraph'; lines: Inline[][] } | { kind: 'list'; items: Inline[][] };

const LIST_ITEM = /^\s*[-*]\s+(.*)$/;

export function parseLightMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const item = LIST_ITEM.exec(raw);
    if (item) {
      if (current?.kind !== 'list') blocks.push((current = { kind: 'list', items: [] }));
      current.items.push(parseInline(item[1] ?? ''));
    } else if (raw.trim() === '') {
      current = null;
    } else {
      if (current?.kind !== 'paragraph') blocks.push((current = { kind: 'paragraph', lines: [] }));
      current.lines.push(parseInline(raw.trim()));
    }
  }
  return blocks;
}

/** `**bold**`, `*italic*` and `_italic_`; a marker without its partner stays as typed. */
export function parseInline(line: string): Inline[] {
  const parts: Inline[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(?!\s)(.+?)\*|(?<![\w])_(?!\s)(.+?)_(?![\w])/g;
  let at = 0;
  for (const match of line.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > at) parts.push({ text: line.slice(at, index), bold: false, italic: false });
    if (match[1] !== undefined) parts.push(...parseInline(match[1]).map((part) => ({ ...part, bold: true })));
    else parts.push({ text: match[2] ?? match[3] ?? '', bold: false, italic: true });
    at = index + match[0].length;
  }
  if (at < line.length) parts.push({ text: line.slice(at), bold: false, italic: false });
  return parts;
}
