import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { projectRoot } from '../../support/paths';

/** A survey whose thank-you can be reached with or without the recommendation question. */
const survey = (thanks: string) => `id: nps
title: NPS
campaign: survey
language: de
sections:
  - id: main
    nodes:
      - id: q_ok
        type: question
        text: Haben Sie Zeit?
        input: yesno
        required: true
        branches:
          - { when: { answer: ja }, next: q_empfehlung }
          - { when: { answer: nein }, next: thanks }
      - id: q_empfehlung
        type: question
        text: Wie wahrscheinlich empfehlen Sie uns weiter?
        input: rating
        min: 0
        max: 10
        next: thanks
      - id: thanks
        type: end
        text: ${thanks}
`;

const problems = (text: string) => {
  const result = parseScript(text, 'nps.yaml');
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
};

describe('an answer shown before its question is asked', () => {
  it('is an error at the braces when a way to the node skips the question', () => {
    expect(problems(survey('"Danke! Ihre Empfehlung: {{answers.q_empfehlung}}"'))).toEqual([
      '25:40 answer-before-question: {{answers.q_empfehlung}} is shown before its question is asked: node "thanks" can be reached without asking question "q_empfehlung" first, and the agent would read [answers.q_empfehlung] (ask the question on every way to this node, or give a fallback: {{answers.q_empfehlung | …}})',
    ]);
  });

  it('is fine when every way passes the question, or when a fallback is given', () => {
    const always = survey('"Danke! {{answers.q_ok}}"');
    expect(problems(always)).toEqual([]);
    expect(problems(survey('"Danke! Ihre Empfehlung: {{answers.q_empfehlung | keine}}"'))).toEqual([]);
  });

  it('is an error when a question shows its own answer, and in help and option labels too', () => {
    const text = survey('Danke!').replace(
      'text: Wie wahrscheinlich empfehlen Sie uns weiter?',
      'text: Wie wahrscheinlich? ({{answers.q_empfehlung}})\n        help: "Vorher: {{answers.q_empfehlung}}"',
    );
    expect(problems(text)).toEqual([
      expect.stringMatching(/^18:36 answer-before-question: .*question "q_empfehlung" shows its own answer before it is given/),
      expect.stringMatching(/^19:24 answer-before-question: .*own answer/),
    ]);
  });

  it('checks the end labels of a rating and a grid line shown before its grid is asked', () => {
    const labelled = survey('"Danke! Service: {{answers.q_grid.service}}"')
      .replace('        max: 10\n', '        max: 10\n        maxLabel: "sicher ({{answers.q_empfehlung}})"\n')
      .replace(
        '      - id: thanks\n',
        '      - id: q_grid\n        type: question\n        text: Wie bewerten Sie …\n        input: grid\n        items: [{ id: service, label: den Service }]\n        min: 1\n        max: 5\n      - id: thanks\n',
      )
      .replace('next: thanks\n      - id: q_grid', 'next: q_grid\n      - id: q_grid');
    expect(problems(labelled)).toEqual([
      expect.stringMatching(/^22:28 answer-before-question: .*"q_empfehlung" shows its own answer/),
      expect.stringMatching(
        /answer-before-question: \{\{answers\.q_grid\.service\}\} is shown before its question is asked: node "thanks" can be reached without asking question "q_grid" first/,
      ),
    ]);
  });

  it('follows loops: a node before the question on the first pass is reported', () => {
    const looped = `id: loop
title: Loop
campaign: support
language: en
sections:
  - id: main
    nodes:
      - { id: intro, type: say, text: "Last time you said {{answers.q_again}}" }
      - id: q_again
        type: question
        text: Again?
        input: yesno
        required: true
        branches:
          - { when: { answer: yes }, next: intro }
          - { when: { answer: no }, next: bye }
      - { id: bye, type: end, text: "You said {{answers.q_again}}" }
`;
    expect(problems(looped)).toEqual([
      expect.stringMatching(/^8:59 answer-before-question: \{\{answers\.q_again\}\} is shown before its question is asked: node "intro"/),
    ]);
  });

  it('accepts the six shipped samples', () => {
    const dir = path.join(projectRoot, 'resources', 'scripts');
    for (const file of fs.readdirSync(dir)) expect([file, problems(fs.readFileSync(path.join(dir, file), 'utf8'))]).toEqual([file, []]);
  });
});
