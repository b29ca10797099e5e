import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFormText, parseForm } from '../../../src-main/core/forms/loader';
import { formatProblem } from '../../../src-main/core/scripts/problems';
import { projectRoot } from '../../support/temp';

const fixture = (name: string) => path.join(projectRoot, 'test', 'fixtures', 'forms', name);
const problems = (file: string) => {
  const result = parseForm(fs.readFileSync(file, 'utf8'), path.basename(file));
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.message}`);
};

describe('the form validator', () => {
  it('names every mistake with its line, column and field, and what was probably meant', () => {
    expect(problems(fixture('misspelt.yaml'))).toEqual([
      '6:1 unknown key "desciption" (did you mean "description"?)',
      '10:11 unknown field type "choise" (did you mean "choice"? known types: text, longText, number, email, phone, postcode, iban, bic, date, dateRange, datetime, choice, multiple, yesno)',
      '15:10 max of a datetime field must be a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM), today, now or a distance such as +14d, -1y, not the text "yesterday"',
      expect.stringMatching(/^19:14 unknown prefill source "customer.postcod" \(did you mean "customer.postcode"\? known: customer.name, /),
      '22:11 a choice field needs "options" to pick from',
      '26:13 when names the field "debit", which comes later (line 27); a condition can only name fields above it',
      '30:5 min does not apply to a yesno field',
      '31:9 duplicate field id "postcode": already used on line 16',
      '34:13 when names no field "postcde" (did you mean "postcode"?)',
      '38:10 max of a longText field must be a number, not the text "long"',
      '39:5 options apply only to choice and multiple fields, not to longText',
    ]);
  });

  it('explains a layout mistake in plain words at its line', () => {
    const [first, ...rest] = problems(fixture('layout.yaml'));
    expect(rest).toEqual([]);
    expect(first).toMatch(/^8:/);
  });

  it('wants every text of a form with languages in each language', () => {
    expect(problems(fixture('languages.yaml'))).toEqual([
      '7:12 label has no "en" translation',
      '10:12 label must be written in every language of the form: { de: …, en: … }',
    ]);
  });

  it('reports what a form is missing at its start, each as file:line:col', () => {
    const result = parseForm('form: x\n', 'x.yaml');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'x.yaml:1:1: "title" is missing',
      'x.yaml:1:1: "kind" is missing',
      'x.yaml:1:1: "language" is missing',
      'x.yaml:1:1: "fields" is missing (or "sections" with fields in each)',
    ]);
  });

  it('loads the shipped forms in German and English', () => {
    const dir = path.join(projectRoot, 'resources', 'forms');
    const names = fs.readdirSync(dir).sort();
    expect(names).toEqual(['cancellation.yaml', 'contract-change.yaml', 'fault-report.yaml', 'new-contract.yaml']);
    for (const name of names) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      expect(isFormText(text)).toBe(true);
      const result = parseForm(text, name);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
      if (!result.ok) continue;
      expect([...(result.form.variants?.keys() ?? [])]).toEqual(['de', 'en']);
    }
    const fault = parseForm(fs.readFileSync(path.join(dir, 'fault-report.yaml'), 'utf8'), 'fault-report.yaml');
    if (!fault.ok) return;
    expect(fault.form.variants?.get('de')?.fields.map((f) => f.label)).toContain('Terminfenster für den Techniker');
    expect(fault.form.variants?.get('en')?.fields.find((f) => f.id === 'window')).toMatchObject({
      type: 'dateRange',
      min: 'today',
      max: '+28d',
      section: 'Contact for the technician',
    });
  });

  it('tells a form file from a script', () => {
    const script = fs.readFileSync(path.join(projectRoot, 'resources', 'scripts', 'support.en.yaml'), 'utf8');
    expect(isFormText(script)).toBe(false);
  });
});

describe('the forms documentation', () => {
  it('shows only examples that pass the checks (every ```yaml block that is a whole form)', () => {
    const doc = fs.readFileSync(path.join(projectRoot, 'docs', 'forms.md'), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter(isFormText);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      const result = parseForm(block, 'docs/forms.md');
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    }
  });

  it('shows field lists a trainer can paste under fields: as they are', () => {
    const doc = fs.readFileSync(path.join(projectRoot, 'docs', 'forms.md'), 'utf8');
    const lists = [...doc.matchAll(/```yaml\n(- id: [\s\S]*?)```/g)].map((m) => m[1] as string).filter((b) => !/^\s*type: (say|question|end)\b/m.test(b));
    expect(lists.length).toBeGreaterThanOrEqual(1);
    for (const list of lists) {
      const text = `form: pasted\ntitle: Pasted\nkind: other\nlanguage: en\nfields:\n${list.replace(/^/gm, '  ')}`;
      const result = parseForm(text, 'docs/forms.md');
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    }
  });
});

describe('what a German-speaking trainer writes', () => {
  const form = (lines: string) => `form: f\ntitle: F\nkind: fault\nlanguage: de\nfields:\n${lines}`;
  it('says what a German word in a bound or prefill source should be', () => {
    const result = parseForm(
      form('  - id: seit\n    label: Seit\n    type: date\n    max: heute\n  - id: plz\n    label: PLZ\n    type: postcode\n    prefill: customer.plz\n'),
      'f.yaml',
    );
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/not the text "heute" \(write today\)$/),
      expect.stringMatching(/^unknown prefill source "customer.plz" \(did you mean "customer.postcode"\?/),
    ]);
  });

  it('names the English key for a German one, the calendar for a day that does not exist, and the ISO form of a German date', () => {
    const result = parseForm(
      form(
        '  - id: stand\n    bezeichnung: Zählerstand\n    typ: number\n    pflicht: true\n  - id: am\n    label: Am\n    type: date\n    min: 2026-13-01\n    max: 24.12.2026\n',
      ),
      'f.yaml',
    );
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'f.yaml:6:5: "label" is missing',
      'f.yaml:6:5: "type" is missing',
      'f.yaml:7:5: unknown key "bezeichnung" (write "label": the keys are English, the texts may be German)',
      'f.yaml:8:5: unknown key "typ" (write "type": the keys are English, the texts may be German)',
      'f.yaml:9:5: unknown key "pflicht" (write "required": the keys are English, the texts may be German)',
      'f.yaml:13:10: min "2026-13-01" is no day of the calendar: the month is 01–12 and the day one the month has',
      expect.stringMatching(/^f\.yaml:14:10: max of a date field must be .*, not the text "24\.12\.2026" \(write 2026-12-24\)$/),
    ]);
  });

  it('refuses a form for a client the desk does not know, which would never be offered', () => {
    const text = form('  - id: a\n    label: A\n    type: text\n').replace('language: de', 'language: de\nclient: stadtwerke');
    const result = parseForm(text, 'f.yaml', { clients: ['stadtwerke-nord', 'moebelhaus'] });
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'f.yaml:5:9: unknown client "stadtwerke": the settings have no client with this id (known: stadtwerke-nord, moebelhaus)',
    ]);
    expect(parseForm(text, 'f.yaml', { clients: ['stadtwerke'] }).ok).toBe(true);
  });
});

describe('conditions that can never hold', () => {
  const form = (when: string) =>
    `form: f\ntitle: F\nkind: fault\nlanguage: de\nfields:\n  - id: what\n    label: W\n    type: choice\n    options: [power, gas, other]\n  - id: debit\n    label: D\n    type: yesno\n  - id: x\n    label: X\n    type: text\n    when: ${when}\n`;
  const messages = (when: string) => {
    const result = parseForm(form(when), 'f.yaml');
    return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.message}`);
  };
  it('names a value that is not one of the choice’s options, and a yes/no compared with a word', () => {
    expect(messages('{ what: othr }')).toEqual(['16:19 the field "what" has no option "othr" (did you mean "other"?)']);
    expect(messages('{ what: { in: [gas, water] } }')).toEqual(['16:31 the field "what" has no option "water"; its options: power, gas, other']);
    expect(messages('{ debit: ja }')).toEqual(['16:20 the field "debit" is answered yes or no: write true or false, not the text "ja"']);
    expect(messages('{ debit: true, what: { ne: gas } }')).toEqual([]);
  });
});
