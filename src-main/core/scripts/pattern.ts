import { RE2JS, RE2JSSyntaxException } from 're2js';

/**
 * The `pattern` of a text question, matched in the main process against answers of up to 2000
 * characters. JavaScript's RegExp backtracks: `^(a+)+$` on a long answer of a's that ends in
 * "!" takes longer than the age of the universe, and the main process holds the phone. RE2
 * (here re2js, its pure-JavaScript port) matches in time linear in the answer for every pattern
 * it accepts, and refuses the few constructs that would need backtracking (look-around,
 * back-references, possessive repeats). Main is the only judge of an answer: the renderer gets
 * no pattern, so there is no second engine that could answer differently.
 */

/** Longer patterns are refused: a real one is a postcode, an e-mail, a customer number. */
export const MAX_PATTERN_LENGTH = 500;
/**
 * The largest compiled pattern accepted, in RE2 instructions. Matching costs at most about
 * answer length × instructions (bench/scripts.bench.ts: the worst accepted patterns need about
 * a tenth of a second on a 2000-character answer). Real patterns are far smaller: a postcode
 * 9, an e-mail 12, an IBAN 36, a name of letters up to 60 long 124. Long counted repeats are
 * what make a pattern large: `.{10,500}` is about 1000, and a length limit is min and max.
 */
export const MAX_PATTERN_PROGRAM = 500;

export type CompiledPattern = { test(answer: string): boolean };

export type PatternCheck =
  | { ok: true; pattern: CompiledPattern }
  /** `fragment`: the part of the pattern at fault, when known, so the trainer is shown where. */
  | { ok: false; message: string; fragment: string | null };

/** The words a trainer reads for what RE2 refuses, by the fragment RE2 names. */
function explain(error: RE2JSSyntaxException): { message: string; fragment: string | null } {
  const fragment = error.getPattern();
  const at = fragment ?? '';
  if (at.startsWith('(?=') || at.startsWith('(?!')) {
    return {
      fragment: at.slice(0, 3),
      message: `pattern looks ahead with "${at.slice(0, 3)}", which Anlauf cannot check; describe the whole answer instead, e.g. ^[0-9]{5}$`,
    };
  }
  if (at.startsWith('(?<=') || at.startsWith('(?<!')) {
    return { fragment: at.slice(0, 4), message: `pattern looks behind with "${at.slice(0, 4)}", which Anlauf cannot check; describe the whole answer instead` };
  }
  if (/^\\[1-9k]/.test(at)) {
    return { fragment: at, message: `pattern refers back to a group with "${at}", which Anlauf cannot check; write the repeated part out instead` };
  }
  if (at.startsWith('(?>') || /^[*+?}]\+$/.test(at)) {
    return { fragment: at, message: `pattern uses "${at}" (possessive or atomic), which Anlauf does not need: leave out the extra + or the (?> )` };
  }
  if (at === '\\u') return { fragment: at, message: 'pattern writes a character as \\u…: write the character itself, or as \\x{00e4}' };
  if (error.error === 'invalid repeat count')
    return { fragment: at, message: `pattern repeats "${at}": a count must be 1000 or less, and the first number not greater than the second` };
  return { fragment, message: `pattern is not a valid regular expression (${error.error}${fragment ? `: ${fragment}` : ''})` };
}

/** Compiles a script's pattern for RE2, or says in plain words why it cannot be used. */
export function compilePattern(source: string): PatternCheck {
  if (source.length > MAX_PATTERN_LENGTH)
    return { ok: false, fragment: null, message: `pattern is too long (${source.length} characters; at most ${MAX_PATTERN_LENGTH})` };
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return { ok: false, ...explain(error) };
    return { ok: false, fragment: null, message: `pattern cannot be used (${error instanceof Error ? error.message : String(error)})` };
  }
  if (compiled.programSize() > MAX_PATTERN_PROGRAM) {
    return {
      ok: false,
      fragment: null,
      message: 'pattern is too complex to check quickly: use fewer or smaller {n} repeats (for the length of the answer, use min and max)',
    };
  }
  return { ok: true, pattern: compiled };
}

const compiled = new Map<string, CompiledPattern | null>();

/**
 * Whether an answer matches a pattern (anywhere in it, as RegExp.test; anchor with ^ and $).
 * Compiled patterns are kept by their text: few patterns exist, and they passed the loader.
 */
export function matchesPattern(source: string, answer: string): boolean {
  let pattern = compiled.get(source);
  if (pattern === undefined) {
    const check = compilePattern(source);
    pattern = check.ok ? check.pattern : null;
    // Bounded: a long day of edited scripts must not grow this without end.
    if (compiled.size >= 256) compiled.clear();
    compiled.set(source, pattern);
  }
  // The loader refuses such a pattern, so only a script checked by an older Anlauf could have
  // one; it must not block the agent's answer.
  return pattern === null || pattern.test(answer);
}
