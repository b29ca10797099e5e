/**
 * The trainer's words for a layout mistake, in the script's own language (German or English):
 * the one who reads them wrote the texts in that language. layout.ts finds the mistake and its
 * parameters; only this file words it.
 */

export type LayoutLanguage = 'en' | 'de';

export type Mistake =
  | { kind: 'indented-more' | 'indented-less'; line: number; spaces: number; expected: number; ref: number }
  | { kind: 'tab'; line: number }
  | { kind: 'colon-in-text'; fix: string }
  | { kind: 'text-start'; char: string; fix: string }
  | { kind: 'quote-ends-early'; quote: string; col: number; fix: string }
  | { kind: 'quote-not-closed'; quote: string }
  | { kind: 'dash-column'; col: number; ref: number }
  | { kind: 'dash-fields'; col: number; ref: number }
  | { kind: 'dash-missing'; line: number; col: number; ref: number }
  | { kind: 'dash-space'; fix: string }
  | { kind: 'stray-dash'; line: number }
  | { kind: 'key-twice'; key: string; first: number }
  | { kind: 'colon-missing' | 'colon-space'; key: string; fix: string }
  | { kind: 'bracket-not-closed'; open: string; close: string }
  | { kind: 'block-text-less'; line: number; start: number; spaces: number; expected: number }
  | { kind: 'unreadable'; detail: string };

/** The language of the file, from its `language:` line; found even when the rest does not parse. */
export function layoutLanguage(text: string): LayoutLanguage {
  const language = /^language:[ \t]*["']?([A-Za-z]{2})/m.exec(text)?.[1];
  return language?.toLowerCase() === 'de' ? 'de' : 'en';
}

const QUOTE_NAME = { en: { '"': 'double', "'": 'single' }, de: { '"': 'doppelte', "'": 'einfache' } } as const;
const spaces = (n: number) => (n === 1 ? '1 space' : `${n} spaces`);
const other = (quote: string) => (quote === '"' ? "'" : '"');

function english(m: Mistake): string {
  switch (m.kind) {
    case 'indented-more':
      return `line ${m.line} is indented more than line ${m.ref} (${spaces(m.spaces)} instead of ${m.expected}): check the spaces`;
    case 'indented-less':
      return `line ${m.line} is indented less than line ${m.ref} (${spaces(m.spaces)} instead of ${m.expected}): check the spaces`;
    case 'tab':
      return `line ${m.line} has a tab in its indentation; use spaces only`;
    case 'colon-in-text':
      return `a text with a colon followed by a space must be in quotes: ${m.fix}`;
    case 'text-start':
      return `a text starting with ${m.char} must be in quotes: ${m.fix}`;
    case 'quote-ends-early':
      return `the text in quotes ends early, at the ${m.quote} in column ${m.col}; to use ${m.quote} inside a text, put the whole text in ${QUOTE_NAME.en[other(m.quote)]} quotes: ${m.fix}`;
    case 'quote-not-closed':
      return `this quote ${m.quote} is never closed: end the text with ${m.quote}`;
    case 'dash-column':
      return `a list item must start with - at the same column as the others (column ${m.col}, as on line ${m.ref})`;
    case 'dash-fields':
      return `the - of a list item must stand two columns before its fields: put it at column ${m.col}, to match line ${m.ref}`;
    case 'dash-missing':
      return `line ${m.line} starts a new list item but has no -: start it with - at column ${m.col}, as on line ${m.ref}`;
    case 'dash-space':
      return `a list item needs a space after its -: ${m.fix}`;
    case 'stray-dash':
      return `line ${m.line} starts with -, but there is no list at this column: remove the - or line it up with the list items above`;
    case 'key-twice':
      return `${m.key} is written twice in the same block (first on line ${m.first}): keep only one`;
    case 'colon-missing':
      return `a colon is missing after ${m.key}: ${m.fix}`;
    case 'colon-space':
      return `a space is missing after the colon: ${m.fix}`;
    case 'bracket-not-closed':
      return `this ${m.open} is never closed: end it with ${m.close} on the same line`;
    case 'block-text-less':
      return `line ${m.line} belongs to the text that starts on line ${m.start} but is indented less than the text's first line (${spaces(m.spaces)} instead of ${m.expected}): indent every line of the text alike`;
    case 'unreadable':
      return `the file cannot be read from here (the YAML reader says: ${m.detail}): check the spaces, colons and quotes on this line and the one above`;
  }
}

function german(m: Mistake): string {
  switch (m.kind) {
    case 'indented-more':
      return `Zeile ${m.line} ist weiter eingerückt als Zeile ${m.ref} (${m.spaces} statt ${m.expected} Leerzeichen): bitte die Leerzeichen prüfen`;
    case 'indented-less':
      return `Zeile ${m.line} ist weniger eingerückt als Zeile ${m.ref} (${m.spaces} statt ${m.expected} Leerzeichen): bitte die Leerzeichen prüfen`;
    case 'tab':
      return `Zeile ${m.line} ist mit einem Tabulator eingerückt; bitte nur Leerzeichen verwenden`;
    case 'colon-in-text':
      return `ein Text mit Doppelpunkt und Leerzeichen danach muss in Anführungszeichen stehen: ${m.fix}`;
    case 'text-start':
      return `ein Text, der mit ${m.char} beginnt, muss in Anführungszeichen stehen: ${m.fix}`;
    case 'quote-ends-early':
      return `der Text in Anführungszeichen endet zu früh, beim ${m.quote} in Spalte ${m.col}; für ${m.quote} im Text den ganzen Text in ${QUOTE_NAME.de[other(m.quote)]} Anführungszeichen setzen: ${m.fix}`;
    case 'quote-not-closed':
      return `dieses Anführungszeichen ${m.quote} wird nie geschlossen: den Text mit ${m.quote} beenden`;
    case 'dash-column':
      return `ein Listeneintrag muss mit - in derselben Spalte beginnen wie die anderen (Spalte ${m.col}, wie in Zeile ${m.ref})`;
    case 'dash-fields':
      return `das - eines Listeneintrags muss zwei Spalten vor seinen Feldern stehen: bitte in Spalte ${m.col} setzen, passend zu Zeile ${m.ref}`;
    case 'dash-missing':
      return `Zeile ${m.line} beginnt einen neuen Listeneintrag, aber ohne -: mit - in Spalte ${m.col} beginnen, wie in Zeile ${m.ref}`;
    case 'dash-space':
      return `nach dem - eines Listeneintrags fehlt ein Leerzeichen: ${m.fix}`;
    case 'stray-dash':
      return `Zeile ${m.line} beginnt mit -, aber in dieser Spalte steht keine Liste: das - entfernen oder an den Listeneinträgen darüber ausrichten`;
    case 'key-twice':
      return `${m.key} steht zweimal im selben Block (zuerst in Zeile ${m.first}): nur einmal angeben`;
    case 'colon-missing':
      return `nach ${m.key} fehlt der Doppelpunkt: ${m.fix}`;
    case 'colon-space':
      return `nach dem Doppelpunkt fehlt ein Leerzeichen: ${m.fix}`;
    case 'bracket-not-closed':
      return `diese Klammer ${m.open} wird nie geschlossen: in derselben Zeile mit ${m.close} beenden`;
    case 'block-text-less':
      return `Zeile ${m.line} gehört zum Text ab Zeile ${m.start}, ist aber weniger eingerückt als dessen erste Zeile (${m.spaces} statt ${m.expected} Leerzeichen): alle Zeilen des Textes gleich einrücken`;
    case 'unreadable':
      return `die Datei kann ab hier nicht gelesen werden (der YAML-Leser meldet: ${m.detail}): bitte Leerzeichen, Doppelpunkte und Anführungszeichen in dieser und der Zeile darüber prüfen`;
  }
}

/**
 * One mistake often makes the YAML reader stumble over every line after it, so only the first
 * is shown, and the trainer is told that the rest is checked once it is fixed.
 */
export function wordMistake(mistake: Mistake, language: LayoutLanguage): string {
  return language === 'de'
    ? `${german(mistake)} – zuerst dies beheben, danach wird der Rest der Datei geprüft`
    : `${english(mistake)} — fix this first, then the rest of the file is checked`;
}
