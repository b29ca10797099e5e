import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { projectRoot } from '../../support/paths';

/**
 * Typical layout mistakes of a trainer, each made by changing one line of a valid sample script.
 * Each must give one problem, in the script's language, at the line the trainer has to change
 * (which is often not where the YAML reader got lost).
 */

const sample = (name: string) => fs.readFileSync(path.join(projectRoot, 'resources', 'scripts', name), 'utf8').split('\n');
const SAMPLES = { de: sample('survey.de.yaml'), en: sample('support.en.yaml') };
const FIX_FIRST = {
  de: ' – zuerst dies beheben, danach wird der Rest der Datei geprüft',
  en: ' — fix this first, then the rest of the file is checked',
};

/** The sample with one line replaced. */
function withLine(lang: 'de' | 'en', line: number, text: string): string {
  const lines = [...SAMPLES[lang]];
  expect(lines[line - 1], `line ${line} of the ${lang} sample`).toBeDefined();
  lines[line - 1] = text;
  return lines.join('\n');
}

function problemsOf(text: string): string[] {
  const result = parseScript(text, 'mistake.yaml');
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
}

type Mistake = [name: string, lang: 'de' | 'en', line: number, text: string, where: string, message: string];

const MISTAKES: Mistake[] = [
  // Indentation: the reader complains about the line above, or about "sequence items".
  [
    'a field two spaces too deep',
    'de',
    56,
    '          input: text',
    '56:11',
    'Zeile 56 ist weiter eingerückt als Zeile 55 (10 statt 8 Leerzeichen): bitte die Leerzeichen prüfen',
  ],
  [
    'a field one space too deep',
    'en',
    47,
    '         required: true',
    '47:10',
    'line 47 is indented more than line 46 (9 spaces instead of 8): check the spaces',
  ],
  [
    'a field one space too few',
    'de',
    56,
    '       input: text',
    '56:8',
    'Zeile 56 ist weniger eingerückt als Zeile 55 (7 statt 8 Leerzeichen): bitte die Leerzeichen prüfen',
  ],
  ['a field two spaces too few', 'en', 47, '      required: true', '47:7', 'line 47 is indented less than line 46 (6 spaces instead of 8): check the spaces'],
  [
    'a top-level field indented',
    'de',
    3,
    ' title: Umfrage zur Kundenzufriedenheit',
    '3:2',
    'Zeile 3 ist weiter eingerückt als Zeile 2 (1 statt 0 Leerzeichen): bitte die Leerzeichen prüfen',
  ],
  ['a tab after spaces', 'de', 56, '      \tinput: text', '56:7', 'Zeile 56 ist mit einem Tabulator eingerückt; bitte nur Leerzeichen verwenden'],
  ['tabs for indentation', 'en', 46, '\t\tinput: text', '46:1', 'line 46 has a tab in its indentation; use spaces only'],
  [
    'a line of a block text indented less',
    'de',
    16,
    '        führen wir eine kurze Umfrage durch; sie dauert etwa *drei Minuten*.',
    '16:9',
    'Zeile 16 gehört zum Text ab Zeile 14, ist aber weniger eingerückt als dessen erste Zeile (8 statt 10 Leerzeichen): alle Zeilen des Textes gleich einrücken',
  ],
  [
    'the first line of a block text one space too deep',
    'de',
    15,
    '           Guten Tag {{customer.name | und herzlich willkommen}}, mein Name ist {{agent.name}}. Im Auftrag von **{{client.name | unserem Auftraggeber}}**',
    '15:12',
    'Zeile 15 ist weiter eingerückt als Zeile 16 (11 statt 10 Leerzeichen): bitte die Leerzeichen prüfen',
  ],
  [
    'a line of a block text one space less',
    'en',
    16,
    '         Am I speaking with {{customer.name | the account holder}}?',
    '16:10',
    "line 16 belongs to the text that starts on line 14 but is indented less than the text's first line (9 spaces instead of 10): indent every line of the text alike",
  ],

  // Lists: the dash of an item.
  [
    'a node whose dash is one column too deep',
    'de',
    53,
    '       - id: q_grund_text',
    '53:8',
    'ein Listeneintrag muss mit - in derselben Spalte beginnen wie die anderen (Spalte 7, wie in Zeile 43)',
  ],
  [
    'an option whose dash is one column too few',
    'en',
    38,
    '         - { value: outage, label: Power or gas outage, next: outage }',
    '38:10',
    'a list item must start with - at the same column as the others (column 11, as on line 37)',
  ],
  [
    'a section whose dash is one column too deep',
    'en',
    27,
    '   - id: concern',
    '27:4',
    'a list item must start with - at the same column as the others (column 3, as on line 9)',
  ],
  [
    "a node's dash line one space too few",
    'de',
    43,
    '     - id: q_grund',
    '43:6',
    'ein Listeneintrag muss mit - in derselben Spalte beginnen wie die anderen (Spalte 7, wie in Zeile 32)',
  ],
  [
    'the first option one column too deep',
    'de',
    49,
    '           - { value: price, label: Der Preis }',
    '49:12',
    'ein Listeneintrag muss mit - in derselben Spalte beginnen wie die anderen (Spalte 11, wie in Zeile 50)',
  ],
  [
    'a section two columns too deep, after an empty line',
    'en',
    52,
    '    - id: billing',
    '52:5',
    'a list item must start with - at the same column as the others (column 3, as on line 27)',
  ],
  [
    'the first node of a section without its dash',
    'en',
    55,
    '        id: q_invoice_amount',
    '55:9',
    'line 55 starts a new list item but has no -: start it with - at column 7, as on line 65',
  ],
  [
    'a new node without its dash',
    'en',
    43,
    '        id: q_other',
    '43:9',
    'line 43 starts a new list item but has no -: start it with - at column 7, as on line 30',
  ],
  [
    'an option without its dash',
    'de',
    50,
    '          { value: service, label: Der Kundenservice }',
    '50:11',
    'Zeile 50 beginnt einen neuen Listeneintrag, aber ohne -: mit - in Spalte 11 beginnen, wie in Zeile 49',
  ],
  ['no space after the dash', 'de', 53, '      -id: q_grund_text', '53:7', 'nach dem - eines Listeneintrags fehlt ein Leerzeichen: - id: q_grund_text'],
  [
    'a dash before a field',
    'en',
    46,
    '        - input: text',
    '46:9',
    'line 46 starts with -, but there is no list at this column: remove the - or line it up with the list items above',
  ],

  // Texts that needed quotes.
  [
    'a text with a colon',
    'de',
    55,
    '        text: Frage 4: Möchten Sie uns mehr dazu sagen?',
    '55:15',
    'ein Text mit Doppelpunkt und Leerzeichen danach muss in Anführungszeichen stehen: text: "Frage 4: Möchten Sie uns mehr …"',
  ],
  [
    'a text ending with a colon',
    'en',
    45,
    '        text: Please note:',
    '45:15',
    'a text with a colon followed by a space must be in quotes: text: "Please note:"',
  ],
  [
    'an option label with a colon',
    'de',
    50,
    '          - { value: service, label: Service: Beratung }',
    '50:38',
    'ein Text mit Doppelpunkt und Leerzeichen danach muss in Anführungszeichen stehen: label: "Service: Beratung"',
  ],
  [
    'a text starting with bold',
    'de',
    55,
    '        text: **Wichtig:** Möchten Sie uns mehr dazu sagen?',
    '55:15',
    'ein Text, der mit * beginnt, muss in Anführungszeichen stehen: text: "**Wichtig:** Möchten Sie uns …"',
  ],
  [
    'a text that is all bold',
    'en',
    45,
    '        text: **Describe the concern**',
    '45:15',
    'a text starting with * must be in quotes: text: "**Describe the concern**"',
  ],
  [
    'a text starting with [',
    'de',
    55,
    '        text: [Name] Möchten Sie uns mehr dazu sagen?',
    '55:15',
    'ein Text, der mit [ beginnt, muss in Anführungszeichen stehen: text: "[Name] Möchten Sie uns mehr dazu sagen?"',
  ],
  [
    'a text starting with a variable',
    'en',
    32,
    '        text: {{customer.firstName}}, how can I help you today?',
    '32:15',
    'a text starting with { must be in quotes: text: "{{customer.firstName}}, how can …"',
  ],
  [
    'a text starting with @',
    'de',
    55,
    '        text: @Kunde: bitte nach dem Grund fragen',
    '55:15',
    'ein Text, der mit @ beginnt, muss in Anführungszeichen stehen: text: "@Kunde: bitte nach dem Grund fragen"',
  ],
  [
    'a text starting with !',
    'en',
    45,
    '        text: !Important: describe the concern',
    '45:15',
    'a text starting with ! must be in quotes: text: "!Important: describe the concern"',
  ],
  [
    'a text starting with %',
    'de',
    55,
    '        text: %-Aktion für Stammkunden erwähnen',
    '55:15',
    'ein Text, der mit % beginnt, muss in Anführungszeichen stehen: text: "%-Aktion für Stammkunden erwähnen"',
  ],
  [
    'a text starting with >',
    'en',
    45,
    '        text: > Please describe the concern.',
    '45:15',
    'a text starting with > must be in quotes: text: "> Please describe the concern."',
  ],
  [
    'a text starting with &',
    'de',
    45,
    '        text: & Co. KG – wie war der Service?',
    '45:15',
    'ein Text, der mit & beginnt, muss in Anführungszeichen stehen: text: "& Co. KG – wie war der Service?"',
  ],

  // Quotes.
  [
    'a double quote never closed',
    'de',
    55,
    '        text: "Möchten Sie uns mehr dazu sagen?',
    '55:15',
    'dieses Anführungszeichen " wird nie geschlossen: den Text mit " beenden',
  ],
  ['a single quote never closed', 'en', 45, "        text: 'Please describe the concern.", '45:15', "this quote ' is never closed: end the text with '"],
  [
    'double quotes inside double quotes',
    'de',
    55,
    '        text: "Sagen Sie "Danke" zum Kunden"',
    '55:26',
    'der Text in Anführungszeichen endet zu früh, beim " in Spalte 26; für " im Text den ganzen Text in einfache Anführungszeichen setzen: text: \'Sagen Sie "Danke" zum Kunden\'',
  ],
  [
    'an apostrophe inside single quotes',
    'en',
    45,
    "        text: 'Please don't hang up'",
    '45:26',
    "the text in quotes ends early, at the ' in column 26; to use ' inside a text, put the whole text in double quotes: text: \"Please don't hang up\"",
  ],

  // Fields.
  ['a field without its colon', 'de', 56, '        input text', '56:14', 'nach input fehlt der Doppelpunkt: input: text'],
  ['no space after the colon', 'en', 46, '        input:text', '46:14', 'a space is missing after the colon: input: text'],
  ['a field written twice', 'de', 56, '        text: Noch etwas?', '56:9', 'text steht zweimal im selben Block (zuerst in Zeile 55): nur einmal angeben'],
  [
    'an option list never closed',
    'en',
    38,
    '          - { value: outage, label: Power or gas outage, next: outage',
    '38:13',
    'this { is never closed: end it with } on the same line',
  ],
];

describe('layout mistakes in plain words', () => {
  it('has a corpus of at least 20 typical mistakes, in German and English scripts', () => {
    expect(MISTAKES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(MISTAKES.map((m) => m[1]))).toEqual(new Set(['de', 'en']));
  });

  it.each(MISTAKES)('%s (%s): one problem, at the line to change', (_name, lang, line, text, where, message) => {
    expect(problemsOf(withLine(lang, line, text))).toEqual([`${where} yaml-syntax: ${message}${FIX_FIRST[lang]}`]);
  });

  it('refuses a text starting with !, which the reader took for a tag and silently shortened', () => {
    expect(problemsOf(withLine('de', 55, '        text: !Wichtig bitte nach dem Grund fragen'))).toEqual([
      `55:15 yaml-syntax: ein Text, der mit ! beginnt, muss in Anführungszeichen stehen: text: "!Wichtig bitte nach dem Grund fragen"${FIX_FIRST.de}`,
    ]);
  });

  it("names the reader's own words for a mistake it has no sentence for, still alone and at its line", () => {
    expect(problemsOf(withLine('en', 23, '          - when: {: answer: no }'))).toEqual([
      `23:22 yaml-syntax: the file cannot be read from here (the YAML reader says: Block collections are not allowed within flow collections): check the spaces, colons and quotes on this line and the one above${FIX_FIRST.en}`,
    ]);
  });

  it('speaks English when the script names no language', () => {
    const text = withLine('de', 56, '          input: text').replace('\nlanguage: de\n', '\n');
    expect(problemsOf(text)).toEqual([`55:11 yaml-syntax: line 55 is indented more than line 54 (10 spaces instead of 8): check the spaces${FIX_FIRST.en}`]);
  });
});
