import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallLogEntry, ScriptView } from '../../../src-main/contract';
import { silentLogger } from '../../../src-main/core/log';
import { ScriptLibrary } from '../../../src-main/core/scripts/library';
import type { SessionState } from '../../../src-main/core/scripts/session';
import { openDatabase } from '../../../src-main/core/store/database';
import { ScriptSessions, type CallFacts } from '../../../src-main/core/scripts/script-sessions';
import { projectRoot } from '../../support/paths';
import { tempDir } from '../../support/temp';

/**
 * What the survey kinds leave for the agent's screen and the call log: options in the order drawn
 * for the call (the same after a restart), that order kept with the answer, answers readable as
 * text, and the callback time the wrap-up proposes.
 */

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
const file = path.join(projectRoot, 'test', 'fixtures', 'scripts', 'question-kinds.yaml');

describe('survey question kinds on a call', () => {
  let db: Database;
  let library: ScriptLibrary;
  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    library = new ScriptLibrary(db);
    expect(library.load(file)).toMatchObject({ ok: true });
  });
  afterEach(() => db.close());

  it('shows the drawn option order, keeps it over a restart, logs it with the answer, and proposes the callback time', () => {
    const saved: { state: SessionState; answers: CallLogEntry['answers'] }[] = [];
    const sessions = new ScriptSessions(library, silentLogger, (_call, _script, state, answers) => saved.push({ state, answers }));
    sessions.startForCall('call-1', 'survey', null, facts);
    const view = () => sessions.views()['call-1'] as ScriptView;
    sessions.next('call-1', '08:00');
    sessions.next('call-1', 2);
    expect(view().current.id).toBe('q_source');
    expect(view().current.question?.options.at(-1)).toEqual({ value: 'other', label: 'Other', specify: true, exclusive: false });
    sessions.next('call-1', { choice: 'other', other: 'a flyer' });
    const shown = view().current.question?.options.map((o) => o.value) ?? [];
    expect(shown.at(-1)).toBe('none');
    expect([...shown].sort()).toEqual(['email', 'letter', 'none', 'phone', 'web']);

    // A restart (or a reload) restores the walk with the same order.
    const after = new ScriptSessions(new ScriptLibrary(db), silentLogger, (_call, _script, state, answers) => saved.push({ state, answers }));
    after.startForCall('call-1', 'survey', null, facts, saved.at(-1)?.state);
    expect(after.views()['call-1']?.current.question?.options.map((o) => o.value)).toEqual(shown);

    after.next('call-1', ['web', 'email']);
    expect(() => after.next('call-1', { price: 5 })).toThrow('Please answer every line: the service.');
    after.next('call-1', { price: 5, service: 1 });
    after.next('call-1', '2099-01-02 10:00');
    expect(after.views()['call-1']).toMatchObject({ ended: true, current: { id: 'bye_callback' } });
    expect(after.suggested('call-1')).toBe('callback');
    expect(after.callbackAt('call-1')).toBe(new Date(2099, 0, 2, 10, 0).getTime());

    const logged = saved.at(-1)?.answers ?? [];
    expect(logged.map((a) => [a.id, a.answer])).toEqual([
      ['q_time', '08:00'],
      ['q_stars', '2'],
      ['q_source', 'Other: a flyer'],
      ['q_channels', 'E-mail, Website'],
      ['q_grid', 'the price: 5; the service: 1'],
      ['q_callback', '2099-01-02 10:00'],
    ]);
    expect(logged.find((a) => a.id === 'q_channels')).toMatchObject({ value: ['email', 'web'], order: shown });
    expect(logged.find((a) => a.id === 'q_source')).toMatchObject({ value: { choice: 'other', other: 'a flyer' } });
    expect(logged.find((a) => a.id === 'q_source')?.order).toBeUndefined();
  });
});
