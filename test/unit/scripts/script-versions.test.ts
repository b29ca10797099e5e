import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptView } from '../../../src-main/contract';
import { silentLogger } from '../../../src-main/core/log';
import { KEEP_PARSED_VERSIONS, ScriptLibrary } from '../../../src-main/core/scripts/library';
import { openDatabase } from '../../../src-main/core/store/database';
import { ScriptSessions, type CallFacts } from '../../../src-main/core/scripts/script-sessions';
import { resourcesDir, tempDir } from '../../support/temp';

/**
 * A trainer saving a script every few seconds all day: every save is a new version in the
 * database, but main keeps only the last few parsed in memory, and a call walking an older
 * version walks it to its end.
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

/** An answer the sample support script accepts for the current question. */
function answerFor(view: ScriptView): unknown {
  const question = view.current.question;
  if (!question) return undefined;
  switch (question.input) {
    case 'yesno':
      return true;
    case 'single':
      return question.options[0]?.value;
    case 'multiple':
      return [question.options[0]?.value];
    case 'number':
    case 'rating':
      return question.min ?? 1;
    case 'date':
      return question.minDate ?? '2026-01-01';
    default:
      return 'The heating is broken.';
  }
}

describe('script versions kept in memory', () => {
  let dir: string;
  let db: Database;
  let library: ScriptLibrary;
  let file: string;
  const original = fs.readFileSync(path.join(resourcesDir, 'scripts', 'support.en.yaml'), 'utf8');
  const save = (n: number) => {
    fs.writeFileSync(file, original.replace('Good day!', `Good day (save ${n})!`));
    expect(library.load(file)).toMatchObject({ ok: true, version: n + 1, changed: true });
  };

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(path.join(dir, 'anlauf.sqlite'), { appVersion: 'test' });
    library = new ScriptLibrary(db);
    file = path.join(dir, 'support.en.yaml');
    fs.writeFileSync(file, original);
    expect(library.load(file)).toMatchObject({ ok: true, version: 1 });
  });
  afterEach(() => db.close());

  it('stay at the cap however often the script is saved, while every version stays in the database', () => {
    const saves = KEEP_PARSED_VERSIONS * 20;
    for (let n = 1; n <= saves; n++) {
      save(n);
      expect(library.heldVersions()).toBeLessThanOrEqual(KEEP_PARSED_VERSIONS);
    }
    expect(library.heldVersions('support-en')).toBe(KEEP_PARSED_VERSIONS);
    expect(library.versions('support-en')).toHaveLength(saves + 1);
    // An old version is read back from the database when asked for, and the cap still holds.
    expect(library.get('support-en', 1)?.nodes.get('greeting')?.text).toContain('Good day!');
    expect(library.heldVersions()).toBe(KEEP_PARSED_VERSIONS);
  });

  it('let a call walking an old version walk it to its end, even after it left the cap', () => {
    const persisted: { version: number | null; path: string[] }[] = [];
    const sessions = new ScriptSessions(library, silentLogger, (_callId, script, state) => persisted.push({ version: script.version, path: state.path }));
    sessions.startForCall('call-1', 'support', null, facts);
    const view = () => sessions.views()['call-1'] as ScriptView;
    expect(view()).toMatchObject({ scriptId: 'support-en', version: 1 });
    sessions.next('call-1', undefined);

    for (let n = 1; n <= KEEP_PARSED_VERSIONS * 20; n++) save(n);
    expect(library.heldVersions()).toBe(KEEP_PARSED_VERSIONS);

    for (let step = 0; step < 50 && !view().ended; step++) sessions.next('call-1', answerFor(view()));
    expect(view()).toMatchObject({ version: 1, ended: true, missingRequired: [] });
    expect(view().path[0]?.text).toMatch(/^Good day! This is Alex/);
    expect(persisted.every((p) => p.version === 1)).toBe(true);
    expect(sessions.answers('call-1').length).toBeGreaterThan(0);

    // A new call gets the newest version.
    sessions.startForCall('call-2', 'support', null, facts);
    expect(sessions.views()['call-2']).toMatchObject({ version: KEEP_PARSED_VERSIONS * 20 + 1 });
  });

  it('let a walk saved on an old version be restored after a restart, from the database', () => {
    const saved: { state: unknown }[] = [];
    const before = new ScriptSessions(library, silentLogger, (_callId, _script, state) => saved.push({ state }));
    before.startForCall('call-1', 'support', null, facts);
    before.next('call-1', undefined);
    for (let n = 1; n <= KEEP_PARSED_VERSIONS * 5; n++) save(n);

    const after = new ScriptSessions(new ScriptLibrary(db), silentLogger, () => undefined);
    after.startForCall('call-1', 'support', null, facts, saved.at(-1)?.state);
    expect(after.views()['call-1']).toMatchObject({ version: 1, current: { id: 'q_identified' } });
  });
});
