import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { silentLogger } from '../../../src-main/core/log';
import { ScriptLibrary } from '../../../src-main/core/scripts/library';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { previewScript } from '../../../src-main/core/scripts/preview';
import { ScriptSession } from '../../../src-main/core/scripts/session';
import { openDatabase } from '../../../src-main/core/store/database';
import { ScriptSessions, type CallFacts } from '../../../src-main/core/scripts/script-sessions';
import { tempDir } from '../../support/temp';

/**
 * Names that every plain JavaScript object answers to (`constructor`, `toString`, `__proto__` …).
 * A trainer may write them by accident or on purpose; the script code must treat them as the
 * unknown or ordinary names they are, never as the object's own machinery.
 */
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];

const head = 'id: t\ntitle: T\ncampaign: c\nlanguage: en\nsections:\n  - id: s\n    nodes:\n';
const problems = (text: string) => {
  const result = parseScript(text, 'x.yaml');
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
};

describe('names of a plain object written in a script', () => {
  it.each(PROTOTYPE_NAMES.flatMap((name) => [name, `${name}.name`, `${name}.x`, `customer.${name}`, `answers.${name}`]))(
    'reports the variable {{%s}} as unknown, at its braces',
    (variable) => {
      const text = `${head}      - { id: hi, type: say, text: "Hi {{${variable}}}" }\n      - { id: bye, type: end }\n`;
      expect(problems(text)).toEqual([expect.stringMatching(new RegExp(`^8:40 unknown-variable: unknown variable "${variable.replace(/[$]/g, '\\$&')}"`))]);
    },
  );

  it.each(PROTOTYPE_NAMES)("reports %s as a branch condition's variable as unknown, at its key", (name) => {
    const text = `${head}      - id: hi\n        type: say\n        text: Hi\n        branches:\n          - when: { ${name}: x }\n            next: bye\n      - { id: bye, type: end }\n`;
    expect(problems(text)).toEqual([expect.stringMatching(new RegExp(`^12:21 unknown-variable: unknown variable in when "${name}"`))]);
  });

  it.each(PROTOTYPE_NAMES)('names the known fields, not a built-in function, for an unknown field %s', (name) => {
    const text = `${head}      - { id: bye, type: end, ${name}: 1 }\n`;
    expect(problems(text)).toEqual([`8:31 unknown-field: unknown field "${name}" (known fields: id, type, text, disposition)`]);
  });

  /** Questions whose ids are names of a plain object, referred to before they are answered. */
  const questions = `${head}      - id: constructor
        type: question
        text: "Earlier: {{answers.toString | nothing yet}}"
        input: single
        options: [__proto__, valueOf, toString]
        branches:
          - when: { answers.toString: { empty: true } }
            next: toString
        next: hasOwnProperty
      - id: toString
        type: question
        text: Name?
        input: text
      - id: hasOwnProperty
        type: end
        text: "Answer: {{answers.constructor | none}}"
`;

  it('treats a question named like a built-in as unanswered until it is answered', () => {
    const result = parseScript(questions, 'x.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
    const session = new ScriptSession(result.script);
    expect(session.text()).toBe('Earlier: nothing yet');
    // answers.toString is empty, so the branch holds.
    expect(session.peekNext()).toBe('toString');
    expect(session.answers()).toEqual({});
    expect(session.answer('__proto__')).toEqual({ ok: true });
    expect(session.next()).toMatchObject({ ok: true, node: { id: 'toString' } });
    expect(session.next()).toMatchObject({ ok: true, node: { id: 'hasOwnProperty' } });
    expect(session.text()).toBe('Answer: __proto__');
    expect(session.answers()).toEqual({ constructor: '__proto__' });
  });

  it('logs only the answers given, for questions named like built-ins too', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    onTestFinished(() => {
      db.close();
    });
    const library = new ScriptLibrary(db);
    expect(library.loadText(questions, 'x.yaml')).toMatchObject({ ok: true });
    const saved: unknown[] = [];
    const sessions = new ScriptSessions(library, silentLogger, (_callId, _script, _state, answers) => saved.push(answers));
    const facts: CallFacts = {
      remoteNumber: '+4940123',
      dialedNumber: null,
      direction: 'inbound',
      concern: null,
      queue: null,
      client: null,
      campaign: null,
      customer: null,
      agentName: 'Alex',
    };
    sessions.startForCall('call-1', 'c', null, facts);
    sessions.next('call-1', undefined);
    sessions.next('call-1', undefined);
    expect(sessions.answers('call-1')).toEqual([]);
    expect(sessions.views()['call-1']?.path.map((p) => p.answer)).toEqual([null, null, null]);
    expect(saved.at(-1)).toEqual([]);
  });

  it('previews a question named like a built-in without an answer as unanswered', () => {
    const result = parseScript(questions, 'x.yaml');
    if (!result.ok) throw new Error('expected a valid script');
    const preview = previewScript(result.script, { answers: {} });
    expect(preview).not.toMatch(/function|native code|refused/);
    expect(preview).toContain('Earlier: nothing yet');
    expect(preview).toContain('Answer: none');
  });
});
