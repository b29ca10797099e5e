import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallLogEntry } from '../../../src-main/contract';
import { silentLogger } from '../../../src-main/core/log';
import { ScriptLibrary } from '../../../src-main/core/scripts/library';
import { openDatabase } from '../../../src-main/core/store/database';
import { ScriptSessions } from '../../../src-main/core/scripts/script-sessions';
import { tempDir } from '../../support/temp';
import { parseScript } from '../../../src-main/core/scripts/loader';
import type { Script } from '../../../src-main/core/scripts/model';
import { walkPreview } from '../../../src-main/core/scripts/preview';
import { ScriptSession } from '../../../src-main/core/scripts/session';

/** Calculated values (`values:`): a score from several answers, used in `when` and in texts. */

const NODES = `sections:
  - id: s
    nodes:
      - { id: q_service, type: question, text: Service?, input: rating, required: true, min: 0, max: 10 }
      - { id: q_price, type: question, text: Preis?, input: rating, min: 0, max: 10 }
      - id: q_extras
        type: question
        text: Was nutzen Sie?
        input: multiple
        options:
          - { value: app, label: Die App, score: 2 }
          - { value: portal, label: Das Portal, score: 1 }
          - { value: none, label: Nichts, score: 0 }
      - { id: q_again, type: question, text: Wieder?, input: yesno }
      - id: summary
        type: say
        text: "Ihre Punkte: {{values.score}}, im Schnitt {{values.mean}}."
        branches:
          - { when: { values.score: { gte: 15 } }, next: fan }
      - { id: normal, type: end, disposition: done }
      - { id: fan, type: end, text: "Danke, treuer Kunde ({{values.picked}} Dienste)!", disposition: fan }
`;

const HEAD = 'id: t\ntitle: T\ncampaign: c\nlanguage: de\n';
const VALUES = `values:
  - { id: score, label: Gesamtpunkte, sum: [answers.q_service, answers.q_price, answers.q_extras, answers.q_again] }
  - { id: mean, average: [answers.q_service, answers.q_price] }
  - { id: picked, count: [answers.q_extras] }
`;

function load(text: string): Script {
  const result = parseScript(text, 'umfrage.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return result.script;
}

const problems = (text: string) => {
  const result = parseScript(text, 'umfrage.yaml');
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
};

describe('calculated values', () => {
  it('adds, averages and counts the answers on the path, and a when on the score picks the way', () => {
    const script = load(HEAD + VALUES + NODES);
    const s = new ScriptSession(script, {});
    for (const [id, value] of [
      ['q_service', 9],
      ['q_price', 4],
      ['q_extras', ['app', 'portal']],
      ['q_again', 'ja'],
    ] as const) {
      expect(s.current.id).toBe(id);
      expect(s.answer(value)).toEqual({ ok: true });
      expect(s.next()).toMatchObject({ ok: true });
    }
    // 9 + 4 + (2 + 1) + 1 (yes) = 17; (9 + 4) / 2 = 6.5, with a German comma in the text.
    expect(s.text()).toBe('Ihre Punkte: 17, im Schnitt 6,5.');
    expect(s.next()).toMatchObject({ ok: true, node: { id: 'fan' } });
    expect(s.text()).toBe('Danke, treuer Kunde (2 Dienste)!');
  });

  it('leaves unanswered questions out: a low score takes the default way', () => {
    const script = load(HEAD + VALUES + NODES);
    const s = new ScriptSession(script, {});
    s.answer(5);
    s.next();
    for (let i = 0; i < 3; i++) s.next(); // price, extras and "again" left unanswered
    expect(s.text()).toBe('Ihre Punkte: 5, im Schnitt 5.');
    expect(s.next()).toMatchObject({ ok: true, node: { id: 'normal' } });
    expect(Object.fromEntries(s.values())).toEqual({ score: 5, mean: 5, picked: 0 });
  });

  it('shows the values in the preview', () => {
    const script = load(HEAD + VALUES + NODES);
    const { text } = walkPreview(script, { answers: { q_service: 10, q_price: 3, q_extras: ['app'], q_again: 'nein' } });
    expect(text).toContain('Ihre Punkte: 15, im Schnitt 6,5.');
    expect(text).toContain('Path: q_service → q_price → q_extras → q_again → summary → fan');
    expect(text).toContain('Calculated values: score = 15, mean = 6,5, picked = 1');
  });

  it('reports an unknown answer, a text question and an unscored choice where they are written', () => {
    const text =
      HEAD +
      VALUES +
      `  - { id: a, sum: [answers.q_servce] }
  - id: b
    average: [answers.q_extras, answers.q_note]
` +
      NODES.replace('score: 2 }', '}')
        .replace('      - id: summary', '      - { id: q_note, type: question, text: Notiz?, input: text }\n      - id: summary')
        .replace('{{values.score}}', '{{values.scor}}');
    expect(problems(text)).toEqual([
      // The score used q_extras already: removing one option's score is reported there too.
      '6:81 unknown-variable: "answers.q_extras": give every option of question "q_extras" a score (1 without), so its answer counts as a number',
      '9:20 unknown-variable: "answers.q_servce": there is no question with id "q_servce" (did you mean "answers.q_service"?)',
      '11:15 unknown-variable: "answers.q_extras": give every option of question "q_extras" a score (1 without), so its answer counts as a number',
      '11:33 unknown-variable: "answers.q_note": question "q_note" is a text question, and its answer is no number; average takes number, rating, yes/no and scored choice questions (count takes any)',
      expect.stringMatching(
        /^29:29 unknown-variable: unknown variable "values.scor": there is no calculated value with id "scor" \(did you mean values.score\?\)$/,
      ),
    ]);
  });

  it('reports a value that uses itself, and a value with two kinds', () => {
    const text = `${HEAD}values:
  - { id: a, sum: [values.b, answers.q_service] }
  - { id: b, sum: [values.a] }
  - { id: c, sum: [answers.q_price], average: [answers.q_price] }
${NODES.replace('{{values.score}}', '1').replace('{{values.mean}}', '2').replace('values.score:', 'values.a:').replace('{{values.picked}}', '3')}`;
    expect(problems(text)).toEqual(['8:5 wrong-type: value "c" needs exactly one of sum, average, count, not sum and average']);
    const cyclic = text.replace(/\n {2}- \{ id: c.*\n/, '\n');
    expect(problems(cyclic)).toEqual(['6:11 value-cycle: value "a" uses itself: a → b → a']);
  });

  it('refuses a when on a value the script does not have', () => {
    const text = HEAD + VALUES + NODES.replace('values.score: { gte', 'values.total: { gte');
    expect(problems(text)).toEqual([
      expect.stringMatching(/^27:23 unknown-variable: unknown variable in when "values.total": there is no calculated value with id "total"/),
    ]);
  });

  it("are kept with the call's answers, as the call log and the backend receive them", () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    try {
      const library = new ScriptLibrary(db);
      expect(library.loadText(HEAD + VALUES + NODES, 'umfrage.yaml')).toMatchObject({ ok: true });
      let saved: CallLogEntry['answers'] = [];
      const sessions = new ScriptSessions(library, silentLogger, (_callId, _script, _state, answers) => (saved = answers));
      sessions.startForCall('call-1', 'c', null, {
        remoteNumber: '+4940123',
        dialedNumber: null,
        direction: 'inbound',
        concern: null,
        queue: null,
        client: null,
        campaign: null,
        customer: null,
        agentName: null,
      });
      sessions.next('call-1', 8);
      sessions.next('call-1', 7);
      sessions.next('call-1', ['portal']);
      expect(saved.filter((a) => a.id.startsWith('values.'))).toEqual([
        { id: 'values.score', question: 'Gesamtpunkte', answer: '16', value: 16 },
        { id: 'values.mean', question: 'mean', answer: '7,5', value: 7.5 },
        { id: 'values.picked', question: 'picked', answer: '1', value: 1 },
      ]);
    } finally {
      db.close();
    }
  });

  it('count an "other, please specify" answer by the option picked', () => {
    const text =
      HEAD +
      `values:\n  - { id: score, sum: [answers.q_why] }\n  - { id: n, count: [answers.q_why] }\n` +
      `sections:\n  - id: s\n    nodes:\n      - id: q_why\n        type: question\n        text: Warum?\n        input: multiple\n        options:\n` +
      `          - { value: preis, score: 2 }\n          - { value: other, label: Anderes, specify: true, score: 1 }\n      - { id: bye, type: end, text: "{{values.score}}/{{values.n}}" }\n`;
    const s = new ScriptSession(load(text), {});
    expect(s.answer({ choice: ['preis', 'other'], other: 'Die Hotline' })).toEqual({ ok: true });
    s.next();
    expect(s.text()).toBe('3/2');
  });
});
