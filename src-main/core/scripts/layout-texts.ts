import { valueText, type LineShape } from './layout-lines';
import type { Mistake } from './layout-words';

/**
 * Texts that YAML reads as something else unless they are in quotes, and the line written with
 * the quotes, so the trainer can copy it.
 */

/** `{ value: x, label: Service: gut }`: the value with the colon needs quotes. */
export function colonInFlow(shape: LineShape, col: number): Mistake | null {
  const key = /([A-Za-z_][\w.-]*):\s*$/.exec(shape.text.slice(0, col - 1))?.[1];
  const value = /^[^,}\]]*/.exec(shape.text.slice(col - 1))?.[0].trim() ?? '';
  if (!key || !value) return null;
  return { kind: 'colon-in-text', fix: `${key}: ${quoted(value)}` };
}

/** Fields whose value is a text a trainer writes in words. */
export const TEXT_FIELDS = new Set(['title', 'description', 'text', 'help', 'label', 'patternMessage']);

/** Characters a plain text may not start with in YAML (each means something else there). */
const SPECIAL_START = new Set(['*', '&', '!', '%', '@', '`', '[', '{', '>', '|', ',', '?', '-', ']', '}']);

export function textStart(shape: LineShape, at: number): Mistake | null {
  const char = shape.text[at];
  if (char === undefined || !SPECIAL_START.has(char)) return null;
  return { kind: 'text-start', char, fix: fixed(shape, valueText(shape, at)) };
}

/** `text: "Sagen Sie "Hallo" zum Kunden"`: the second quote ends the text. */
export function quoteEndsEarly(shape: LineShape, at: number): { col: number; mistake: Mistake } | null {
  const quote = shape.text[at];
  if (quote !== '"' && quote !== "'") return null;
  let end = at + 1;
  for (; end < shape.text.length; end++) {
    const c = shape.text[end];
    if (quote === '"' && c === '\\') end++;
    else if (c === quote && quote === "'" && shape.text[end + 1] === "'") end++;
    else if (c === quote) break;
  }
  if (end >= shape.text.length) return null;
  const value = valueText(shape, at);
  const inner = value.length > 1 && value.endsWith(quote) ? value.slice(1, -1) : value;
  const fix = quote === '"' ? `'${shorten(inner).replace(/'/g, "''")}'` : `"${shorten(inner).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return { col: end + 1, mistake: { kind: 'quote-ends-early', quote, col: end + 1, fix: shape.key ? `${shape.key}: ${fix}` : fix } };
}

/** The line as it should be written: its key and the text in quotes. */
export function fixed(shape: LineShape, text: string): string {
  return shape.key ? `${shape.key}: ${quoted(text)}` : quoted(text);
}

function quoted(text: string): string {
  const short = shorten(text);
  return /["\\]/.test(short) ? `'${short.replace(/'/g, "''")}'` : `"${short}"`;
}

/** Enough of a long text to recognise it. */
function shorten(text: string): string {
  if (text.length <= 40) return text;
  const cut = text.lastIndexOf(' ', 32);
  return `${text.slice(0, cut > 10 ? cut : 32)} …`;
}
