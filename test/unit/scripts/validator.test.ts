import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SCRIPT_BYTES, parseScript, readScriptFile } from '../../../src-main/core/scripts/loader';
import type { ScriptProblem } from '../../../src-main/core/scripts/problems';
import { projectRoot } from '../../support/paths';

const broken = (name: string) => path.join(projectRoot, 'test', 'fixtures', 'scripts', 'broken', name);
const samplesDir = path.join(projectRoot, 'resources', 'scripts');

function problemsOf(file: string): ScriptProblem[] {
  const result = readScriptFile(file);
  if (result.ok) throw new Error(`${file} was expected to have problems`);
  return result.problems;
}

/** [line, col, code, part of the message] */
type Expected = [number, number, ScriptProblem['code'], string];
const shape = (problems: ScriptProblem[]) => problems.map((p) => [p.line, p.col, p.code, p.message]);
const expectProblems = (problems: ScriptProblem[], expected: Expected[]) => {
  expect(shape(problems)).toEqual(expected.map(([line, col, code, part]) => [line, col, code, expect.stringContaining(part)]));
};

describe('the script validator', () => {
  it('reports an unknown node id where it is written', () => {
    expectProblems(problemsOf(broken('unknown-node.yaml')), [
      [11, 15, 'unknown-node', 'unknown node id "goodbye" in next'],
      // "bye" is only reachable through the broken next, so it is reported too.
      [12, 13, 'unreachable-node', 'node "bye" is never reached'],
    ]);
  });

  it('reports an unreachable node at its id', () => {
    expectProblems(problemsOf(broken('unreachable-node.yaml')), [[12, 13, 'unreachable-node', 'node "forgotten" is never reached']]);
  });

  it('reports a choice that leads nowhere on a branching question without a default', () => {
    expectProblems(problemsOf(broken('choice-without-branch.yaml')), [
      [15, 22, 'choice-without-branch', 'option "outage" of question "q_topic" leads nowhere'],
    ]);
  });

  it('reports an unknown variable at its braces, inside a block text', () => {
    expectProblems(problemsOf(broken('unknown-variable.yaml')), [[12, 23, 'unknown-variable', 'unknown variable "customer.town"']]);
  });

  it('reports a duplicate id and where it was first used', () => {
    expectProblems(problemsOf(broken('duplicate-id.yaml')), [[11, 13, 'duplicate-id', 'duplicate id "hello": already used on line 8']]);
  });

  it('reports wrong types: a quoted boolean and a number written as text', () => {
    expectProblems(problemsOf(broken('wrong-type.yaml')), [
      [12, 19, 'wrong-type', 'required must be true or false, not the text "yes"'],
      [13, 14, 'wrong-type', 'min must be a number, not the text "18"'],
    ]);
  });

  it('reports a YAML syntax error where the mistake begins', () => {
    expectProblems(problemsOf(broken('yaml-syntax.yaml')), [[10, 15, 'yaml-syntax', 'this quote " is never closed: end the text with " — fix this first']]);
  });

  it('reports every problem of a file at once, in file order', () => {
    expectProblems(problemsOf(broken('several-errors.yaml')), [
      [5, 1, 'unknown-field', 'unknown field "version" (the version is assigned when the script is loaded'],
      [11, 21, 'unknown-variable', 'unknown variable "agent.nam" (did you mean agent.name?)'],
      [17, 19, 'wrong-type', 'required must be true or false, not the text "yes"'],
      [19, 53, 'unknown-node', 'unknown node id "invoices" in an option\'s next'],
      [20, 22, 'choice-without-branch', 'option "outage" of question "q_topic" leads nowhere'],
      [24, 13, 'unreachable-node', 'node "lonely" is never reached'],
      [29, 13, 'duplicate-id', 'duplicate id "bye": already used on line 27'],
    ]);
  });

  it('names the file in every problem', () => {
    for (const p of problemsOf(broken('several-errors.yaml'))) expect(p.file).toBe(broken('several-errors.yaml'));
  });

  const samples = fs.readdirSync(samplesDir).filter((f) => f.endsWith('.yaml'));

  it('ships six sample scripts: support, sales and survey in German and English', () => {
    expect(samples.sort()).toEqual(['sales.de.yaml', 'sales.en.yaml', 'support.de.yaml', 'support.en.yaml', 'survey.de.yaml', 'survey.en.yaml']);
  });

  it.each(samples)('finds the sample %s valid', (name) => {
    const result = readScriptFile(path.join(samplesDir, name));
    expect(result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([]);
    if (!result.ok) return;
    const [kind, language] = name.split('.');
    expect(result.script).toMatchObject({ campaign: kind, language, id: `${kind}-${language}`, version: null });
  });
});

describe('the script validator, smaller cases', () => {
  const script = (nodes: string, head = '') => `id: t\ntitle: T\ncampaign: c\nlanguage: en\n${head}sections:\n  - id: s\n    nodes:\n${nodes}`;
  const problems = (text: string) => {
    const result = parseScript(text, 'x.yaml');
    return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
  };

  it('says a file holding only comments has no script, instead of failing to check it', () => {
    expect(problems('# Umfrage, noch leer\n')).toEqual([
      '1:1 missing-field: the file holds no script (it is empty or only comments): a script starts with id, title, campaign, language and sections',
    ]);
    expect(problems('')).toEqual([
      '1:1 missing-field: the file holds no script (it is empty or only comments): a script starts with id, title, campaign, language and sections',
    ]);
    expect(problems('- a\n- b\n')).toEqual(['1:1 wrong-type: a script must be a mapping with id, title, campaign, language and sections']);
  });

  it('accepts a minimal script and resolves a section as a jump target', () => {
    const text = `id: t\ntitle: T\ncampaign: c\nlanguage: en\nsections:\n  - id: a\n    nodes:\n      - { id: hi, type: say, text: Hi, next: b }\n  - id: b\n    nodes:\n      - { id: bye, type: end }\n`;
    const result = parseScript(text, 'x.yaml');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.script.nodes.get('hi')?.next).toBe('bye');
  });

  it('names a missing field, an unknown node type and an unknown field with the known ones', () => {
    expect(problems(script('      - { id: a, text: Hi }\n      - { id: b, type: ask, text: Hi }\n      - { id: c, type: end, colour: red }\n'))).toEqual([
      '8:9 missing-field: "type" is missing (one of say, question, end)',
      '9:24 wrong-type: type must be say, question or end, not the text "ask"',
      '10:29 unknown-field: unknown field "colour" (known fields: id, type, text, disposition)',
    ]);
  });

  it('checks question fields by input kind', () => {
    const nodes = [
      '      - { id: q1, type: question, text: When?, input: date, min: tomorrow }',
      '      - { id: q2, type: question, text: Code?, input: text, pattern: "([a-z" }',
      '      - { id: q3, type: question, text: Pick, input: single }',
      '      - { id: q4, type: question, text: Stars, input: rating, min: 5, max: 1 }',
      '      - { id: q5, type: question, text: How, input: slider }',
      '      - { id: e, type: end }',
      '',
    ].join('\n');
    expect(problems(script(nodes))).toEqual([
      '8:66 wrong-type: min of a date question must be a date (YYYY-MM-DD) or "today", not the text "tomorrow"',
      '9:72 bad-pattern: pattern is not a valid regular expression (missing closing ]: [a-z)',
      '10:9 missing-field: a single choice question needs "options"',
      '11:68 wrong-type: min (5) is greater than max (1)',
      '12:53 wrong-type: input must be single, multiple, text, number, date, yesno, rating, time, datetime or grid, not the text "slider"',
    ]);
  });

  it('checks the variables and operators of branch conditions', () => {
    const nodes = [
      '      - id: hi',
      '        type: say',
      '        text: Hi',
      '        branches:',
      '          - when: { customer.town: Hamburg, call.queue: { like: vip } }',
      '            next: bye',
      '          - when: { answer: yes }',
      '            next: bye',
      '      - { id: bye, type: end }',
      '',
    ].join('\n');
    expect(problems(script(nodes))).toEqual([
      '12:21 unknown-variable: unknown variable in when "customer.town" (known: customer.firstName, customer.lastName, customer.name, customer.salutation, customer.address, customer.customerNumber, customer.email, customer.postcode, customer.city, customer.phone)',
      '12:59 unknown-field: unknown operator "like" (known: eq, ne, in, notIn, lt, lte, gt, gte, contains, empty)',
      '14:21 unknown-variable: "answer" can only be used in a question\'s branches; use answers.<question id> here',
    ]);
  });

  it('knows answers of questions as variables, and only of questions', () => {
    const nodes = '      - { id: q, type: question, text: Age?, input: number }\n      - { id: e, type: end, text: "{{answers.q}} {{answers.e}}" }\n';
    expect(problems(script(nodes))).toEqual(['9:50 unknown-variable: unknown variable "answers.e": there is no question with id "e"']);
  });

  it('requires a way on after the last node', () => {
    expect(problems(script('      - { id: hi, type: say, text: Hi }\n'))).toEqual([
      '8:15 no-way-on: node "hi" is the last one and has no next: make it an end node or add next',
    ]);
  });

  it('asks an optional branching choice question for a default', () => {
    const nodes =
      '      - id: q\n        type: question\n        text: Ok?\n        input: yesno\n        branches:\n          - { when: { answer: yes }, next: e }\n          - { when: { answer: no }, next: e }\n      - { id: e, type: end }\n';
    expect(problems(script(nodes))).toEqual([
      '8:13 no-way-on: question "q" is optional and branches by answer but has no next: add next for when it is left unanswered, or make it required',
    ]);
  });

  it('reports an alias to an anchor that is not set, where the alias is', () => {
    expect(problems(script('      - { id: a, type: end, text: *greeting }\n'))).toEqual([
      '8:35 yaml-syntax: YAML: *greeting refers to an anchor &greeting that is not set above it',
    ]);
  });

  it('refuses anchors that repeat each other into a huge value (a "billion laughs"), at the first alias', () => {
    const bomb = Array.from(
      { length: 9 },
      (_, i) =>
        `x${i}: &x${i} [${Array(9)
          .fill(i === 0 ? 'lol' : `*x${i - 1}`)
          .join(', ')}]`,
    ).join('\n');
    expect(problems(`${bomb}\n${script('      - { id: a, type: end, text: *x8 }\n')}`)).toEqual([
      '2:10 yaml-syntax: YAML: the anchors and aliases (&name, *name) in this file repeat each other too often; write the repeated parts out instead',
    ]);
  });

  it('refuses a file larger than a script may be, without reading it through', () => {
    const huge = script(`      - { id: a, type: end, text: "${'x'.repeat(MAX_SCRIPT_BYTES)}" }\n`);
    expect(problems(huge)).toEqual([`1:1 too-large: the file is too large (${Math.ceil(Buffer.byteLength(huge) / 1024)} KB); a script may be at most 1024 KB`]);
  });

  it('reports the second of two equal keys as a YAML problem', () => {
    expect(problems(script('      - { id: a, type: end }\n', 'title: Again\n'))).toEqual([
      expect.stringMatching(/^5:1 yaml-syntax: title is written twice in the same block \(first on line 2\)/),
    ]);
  });
});
