import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { silentLogger } from '../../../src-main/core/log';
import { ScriptLibrary } from '../../../src-main/core/scripts/library';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { openDatabase } from '../../../src-main/core/store/database';
import { ScriptSessions, type CallFacts } from '../../../src-main/core/scripts/script-sessions';
import { tempDir } from '../../support/temp';

/** A text question with the pattern as written in single quotes (backslashes as they are). */
const script = (pattern: string) => `id: t
title: T
campaign: c
language: en
sections:
  - id: s
    nodes:
      - id: q_code
        type: question
        text: Code?
        input: text
        pattern: '${pattern}'
        patternMessage: Please enter the code as on the letter.
      - { id: bye, type: end }
`;
const problems = (pattern: string) => {
  const result = parseScript(script(pattern), 'x.yaml');
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
};

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

/** A call walking the script, as main runs it for the renderer. */
function callOn(pattern: string): ScriptSessions {
  const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
  onTestFinished(() => {
    db.close();
  });
  const library = new ScriptLibrary(db);
  expect(library.loadText(script(pattern), 'x.yaml')).toMatchObject({ ok: true });
  const sessions = new ScriptSessions(library, silentLogger, () => undefined);
  sessions.startForCall('call-1', 'c', null, facts);
  return sessions;
}

describe("a text question's pattern", () => {
  it('checks a 2000-character answer against ^(a+)+$ in one pass, and gets the answer right', () => {
    const sessions = callOn('^(a+)+$');
    // With a backtracking engine this answer never finishes: 2^1999 ways to split the a's.
    expect(() => sessions.next('call-1', `${'a'.repeat(1999)}!`)).toThrow('Please enter the code as on the letter.');
    sessions.next('call-1', 'a'.repeat(2000));
    expect(sessions.views()['call-1']?.current.id).toBe('bye');
    expect(sessions.answers('call-1')).toEqual([expect.objectContaining({ id: 'q_code', answer: 'a'.repeat(2000) })]);
  });

  it('matches anywhere in the answer unless anchored, as before', () => {
    const sessions = callOn('[0-9]{5}');
    expect(() => sessions.next('call-1', 'no digits')).toThrow('Please enter the code as on the letter.');
    sessions.next('call-1', 'PLZ 20095 Hamburg');
    expect(sessions.views()['call-1']?.current.id).toBe('bye');
  });

  it('is judged in main only: the question the renderer gets carries no pattern', () => {
    const question = callOn('^[A-Z]{2}[0-9]{3}$').views()['call-1']?.current.question;
    expect(question).not.toBeNull();
    expect(Object.keys(question ?? {})).not.toContain('pattern');
  });

  it("accepts what RE2 can match in one pass, the samples' e-mail pattern and (?i) included", () => {
    for (const pattern of ['^(a+)+$', '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', '(?i)^de[0-9]{20}$', '^\\p{L}+$', '^[0-9]{5}$'])
      expect(problems(pattern), pattern).toEqual([]);
  });

  it('refuses, where they are written and in plain words, what needs a backtracking engine', () => {
    expect(problems('^(?=.*[0-9])[a-z0-9]+$')).toEqual([
      '12:20 bad-pattern: pattern looks ahead with "(?=", which Anlauf cannot check; describe the whole answer instead, e.g. ^[0-9]{5}$',
    ]);
    expect(problems('^(?<!x)y$')).toEqual([
      '12:20 bad-pattern: pattern looks behind with "(?<!", which Anlauf cannot check; describe the whole answer instead',
    ]);
    expect(problems('^([0-9])\\1$')).toEqual([
      '12:27 bad-pattern: pattern refers back to a group with "\\1", which Anlauf cannot check; write the repeated part out instead',
    ]);
    expect(problems('^a++$')).toEqual([
      '12:21 bad-pattern: pattern uses "++" (possessive or atomic), which Anlauf does not need: leave out the extra + or the (?> )',
    ]);
    expect(problems('^\\u00e4$')).toEqual(['12:20 bad-pattern: pattern writes a character as \\u…: write the character itself, or as \\x{00e4}']);
    expect(problems('^a{2000}$')).toEqual([
      '12:21 bad-pattern: pattern repeats "{2000}": a count must be 1000 or less, and the first number not greater than the second',
    ]);
  });

  it('refuses a pattern too long or too complex to check quickly, at the pattern', () => {
    expect(problems(`^(${'ab|'.repeat(200)}c)$`)).toEqual(['12:18 bad-pattern: pattern is too long (605 characters; at most 500)']);
    expect(problems('^.{10,500}$')).toEqual([
      '12:18 bad-pattern: pattern is too complex to check quickly: use fewer or smaller {n} repeats (for the length of the answer, use min and max)',
    ]);
  });
});
