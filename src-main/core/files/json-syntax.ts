/**
 * Strict JSON for files named `.json`. The YAML parser reads JSON too, but also what is not JSON
 * (a trailing comma, single quotes, comments), so a file that works in Anlauf would fail in every
 * other tool IT feeds it to; and it reports an unclosed brace at the end of the file. JSON.parse
 * decides what is JSON; this file turns its refusal into a line and words an admin can act on.
 */
export interface JsonSyntaxProblem {
  line: number;
  problem: string;
}

export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const position = at ? Number(at[1]) : text.length;
    if (position >= text.trimEnd().length) {
      // JSON.parse stops at the end of the file; the mistake is the bracket never closed.
      const open = unclosedBracket(text);
      if (open !== null) {
        const { line, column } = lineColumn(text, open);
        return { line, problem: `not valid JSON: the "${text[open]}" at column ${column} is never closed` };
      }
    }
    const { line, column } = lineColumn(text, position);
    const detail = message.replace(/ in JSON at position \d+.*$/, '').replace(/^\w/, (c) => c.toLowerCase());
    return { line, problem: `not valid JSON: ${detail} (column ${column})${hint(text, position)}` };
  }
}

/** The usual YAML-isms, named: they are why a file that "worked before" is refused now. */
function hint(text: string, position: number): string {
  const char = text[position];
  const before = text.slice(0, position).trimEnd();
  if ((char === '}' || char === ']') && before.endsWith(',')) return '; JSON allows no comma before a closing bracket';
  if (char === "'") return '; JSON needs double quotes';
  if (char === '/' || char === '#') return '; JSON has no comments';
  return '';
}

/** The offset of the innermost bracket still open at the end, ignoring brackets inside strings. */
function unclosedBracket(text: string): number | null {
  const open: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') open.push(i);
    else if (c === '}' || c === ']') open.pop();
  }
  return open.at(-1) ?? null;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}
