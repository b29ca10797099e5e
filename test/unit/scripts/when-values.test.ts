import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { ScriptSession } from '../../../src-main/core/scripts/session';

/** Branches that validate but can never fire: issue 14's first silent trap. */

const script = (language: string, nodes: string) => `id: t\ntitle: T\ncampaign: c\nlanguage: ${language}\nsections:\n  - id: s\n    nodes:\n${nodes}`;
const problems = (text: string) => {
  const result = parseScript(text, 'x.yaml');
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
};

// Line 8 is the first node.
const consent = (yes: string, no: string) =>
  '      - id: q_ok\n        type: question\n        text: Einverstanden?\n        input: yesno\n        required: true\n' +
  `        branches:\n          - { when: { answer: ${yes} }, next: fragen }\n          - { when: { answer: ${no} }, next: abgelehnt }\n` +
  '      - { id: fragen, type: end, disposition: done }\n      - { id: abgelehnt, type: end, disposition: refused }\n';

const reason =
  '      - id: q_grund\n        type: question\n        text: Grund?\n        input: single\n        options:\n' +
  '          - { value: preis, label: Der Preis }\n          - { value: keine, label: Keine Angabe }\n';

describe('when values the answer can never take', () => {
  it('takes ja/nein in a German script, and the nein branch fires when the customer says no', () => {
    const result = parseScript(script('de', consent('ja', 'nein')), 'x.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const s = new ScriptSession(result.script, {});
    expect(s.answer('Nein')).toEqual({ ok: true });
    expect(s.next()).toMatchObject({ ok: true, node: { id: 'abgelehnt' } });
  });

  it('takes ja/nein on answers.<id> in a later node of a German script', () => {
    const nodes =
      '      - { id: q_ok, type: question, text: Ok?, input: yesno, required: true, next: weiter }\n' +
      '      - id: weiter\n        type: say\n        text: Weiter\n        branches:\n          - { when: { answers.q_ok: nein }, next: abgelehnt }\n        next: fragen\n' +
      '      - { id: fragen, type: end }\n      - { id: abgelehnt, type: end }\n';
    const result = parseScript(script('de', nodes), 'x.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const s = new ScriptSession(result.script, {});
    s.answer(false);
    s.next();
    expect(s.next()).toMatchObject({ ok: true, node: { id: 'abgelehnt' } });
  });

  it('reports nein in an English script, and any other word, where the value is written', () => {
    expect(problems(script('en', consent('yes', 'nein')))).toEqual(
      [
        '15:31 never-matches: "nein" is never an answer of the yes/no question "q_ok", so this branch never fires: write yes or no',
        // Without a branch for "no", the question also has no way on for it.
        '13:9 choice-without-branch: answer "no" of question "q_ok" leads nowhere: add a branch for it or give the question a default next',
      ].sort(),
    );
    expect(problems(script('de', consent('ja', 'vielleicht')))).toEqual([
      '13:9 choice-without-branch: answer "no" of question "q_ok" leads nowhere: add a branch for it or give the question a default next',
      '15:31 never-matches: "vielleicht" is never an answer of the yes/no question "q_ok", so this branch never fires: write yes or no (or ja, nein)',
    ]);
  });

  it('reports a misspelt option value and a label written instead of the value', () => {
    const nodes = `${reason}        branches:\n          - { when: { answer: keiner }, next: e }\n          - { when: { answer: { in: [preis, Keine Angabe] } }, next: e }\n        next: e\n      - { id: e, type: end }\n`;
    expect(problems(script('de', nodes))).toEqual([
      '16:31 never-matches: "keiner" is no option of question "q_grund", so this branch never fires (did you mean "keine"? the options are preis, keine)',
      '17:45 never-matches: "Keine Angabe" is no option of question "q_grund", so this branch never fires ("Keine Angabe" is the label of option "keine"; write its value)',
    ]);
  });

  it("reports a misspelt option in another node's answers.<id>, and says a negated condition always holds", () => {
    const nodes = `${reason}        next: weiter\n      - id: weiter\n        type: say\n        text: x\n        branches:\n          - { when: { answers.q_grund: { ne: prise } }, next: e }\n        next: e\n      - { id: e, type: end }\n`;
    expect(problems(script('de', nodes))).toEqual([
      '20:46 never-matches: "prise" is no option of question "q_grund", so "ne" always holds (did you mean "preis"? the options are preis, keine)',
    ]);
  });

  it("reports ratings and numbers outside the question's range", () => {
    const nodes =
      '      - id: q_note\n        type: question\n        text: Note?\n        input: rating\n        branches:\n' +
      '          - { when: { answer: { gt: 5 } }, next: e }\n          - { when: { answer: 7 }, next: e }\n          - { when: { answer: { lte: 2 } }, next: e }\n        next: q_alter\n' +
      '      - { id: q_alter, type: question, text: Alter?, input: number, min: 18, branches: [{ when: { answer: { lt: 18 } }, next: e }], next: e }\n' +
      '      - { id: e, type: end }\n';
    expect(problems(script('de', nodes))).toEqual([
      '13:37 never-matches: question "q_note" is rated 1 to 5, so "gt: 5" never holds and this branch never fires',
      '14:31 never-matches: question "q_note" is rated 1 to 5, never 7, so this branch never fires',
      '17:113 never-matches: question "q_alter" takes numbers of at least 18, so "lt: 18" never holds and this branch never fires',
    ]);
  });
});
