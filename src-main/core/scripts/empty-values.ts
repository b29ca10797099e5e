/**
 * Text around a variable that came out empty (`{{customer.lastName | }}` without a last name).
 * Dropping only the value leaves "Guten Tag , wie geht es?"; an agent reads such a sentence out
 * as written, so the space before the value and a comma that only belonged to it go too.
 *
 * The session writes EMPTY where an empty value was, and `tidyEmpty` removes each mark with the
 * spaces and the comma that belonged to it. Only marks are touched, so a text the trainer wrote
 * with odd spacing stays as written.
 */

/** A private-use character: it never comes from a script or from call data shown to an agent. */
export const EMPTY = '\uE000';

const RULES: [RegExp, string][] = [
  // Two empty values side by side ("{{firstName | }} {{lastName | }}") are one gap.
  [/\uE000(?:[ \t]*\uE000)+/g, EMPTY],
  // Formatting or brackets around nothing: "**{{x | }}**", "({{x | }})".
  [/(\*\*|\*|_)\uE000\1/g, EMPTY],
  [/[ \t]*\([ \t]*\uE000[ \t]*\)/g, EMPTY],
  // At the start of the text, a line, a sentence or a bracket: the comma after it goes
  // ("{{name | }}, wir rufen an" → "wir rufen an").
  [/(^|[\n(]|[.!?:][ \t]+)[ \t]*\uE000[ \t]*[,;]?[ \t]*/g, '$1'],
  // An item in a list, or the last words of a sentence: its comma goes
  // ("Erika, {{city | }}, Hamburg" → "Erika, Hamburg"; "Hallo Erika, {{x | }}." → "Hallo Erika.").
  [/[ \t]*,[ \t]*\uE000(?=[ \t]*(?:[,.;:!?)\n]|$))/g, ''],
  // Before punctuation the space goes: "Guten Tag {{name | }}, wie …" → "Guten Tag, wie …".
  [/[ \t]*\uE000[ \t]*(?=[,.;:!?)])/g, ''],
  // Between words one space stays.
  [/[ \t]+\uE000[ \t]+/g, ' '],
  // At the end of a line, or right next to a word: nothing is left.
  [/[ \t]*\uE000[ \t]*/g, ''],
];

export function tidyEmpty(text: string): string {
  if (!text.includes(EMPTY)) return text;
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
