import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScriptLibrary } from '../../../src-main/core/scripts/library';
import { openDatabase } from '../../../src-main/core/store/database';
import { wordMessage } from '../../../src-main/shared/messages';
import { projectRoot, tempDir } from '../../support/temp';

const sample = (name: string) => path.join(projectRoot, 'resources', 'scripts', name);

describe('the script library', () => {
  let dir: string;
  let dbFile: string;
  let db: Database;
  let clock: number;
  let library: ScriptLibrary;

  beforeEach(() => {
    dir = tempDir();
    dbFile = path.join(dir, 'anlauf.sqlite');
    db = openDatabase(dbFile, { appVersion: 'test' });
    clock = 1_000;
    library = new ScriptLibrary(db, () => clock++);
  });
  afterEach(() => db.close());

  const copy = (name: string, edit: (text: string) => string = (t) => t) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, edit(fs.readFileSync(sample(name), 'utf8')));
    return file;
  };

  it('says what it loaded as a message, which a German desk words in German', () => {
    const file = copy('support.en.yaml');
    const first = library.load(file);
    expect(first).toMatchObject({ ok: true, said: { key: 'scripts.loadedVersion', params: { version: 1, campaign: 'support' } } });
    if (!first.ok) return;
    expect(wordMessage('de', first.said)).toBe('Version 1 für die Kampagne support geladen');
    const again = library.load(file);
    if (again.ok) expect(wordMessage('de', again.said)).toBe('Version 1 für die Kampagne support geladen (unverändert)');
  });

  it('numbers versions per script: the same content keeps its version, changed content gets the next', () => {
    const file = copy('support.en.yaml');
    const first = library.load(file);
    expect(first).toMatchObject({ ok: true, version: 1, changed: true, message: 'loaded v1 for campaign support' });
    expect(library.load(file)).toMatchObject({ ok: true, version: 1, changed: false, message: 'loaded v1 for campaign support (unchanged)' });

    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Good day!', 'Good morning!'));
    const second = library.load(file);
    expect(second).toMatchObject({ ok: true, version: 2, changed: true, message: 'loaded v2 for campaign support' });
    if (!second.ok) return;
    expect(second.script.version).toBe(2);

    // The other scripts count on their own.
    expect(library.load(copy('sales.en.yaml'))).toMatchObject({ ok: true, version: 1 });
  });

  it('keeps every version with its text, so a logged call leads back to the script followed', () => {
    const file = copy('support.en.yaml');
    library.load(file);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Good day!', 'Good morning!'));
    library.load(file);
    expect(library.get('support-en', 1)?.nodes.get('greeting')?.text).toContain('Good day!');
    expect(library.get('support-en', 2)?.nodes.get('greeting')?.text).toContain('Good morning!');
    expect(library.get('support-en', 3)).toBeNull();
    expect(library.source('support-en', 1)).toBe(fs.readFileSync(sample('support.en.yaml'), 'utf8'));
    expect(library.versions('support-en').map((v) => v.version)).toEqual([2, 1]);
  });

  it('survives a restart: versions are read back from the SQLite file', () => {
    library.load(copy('survey.de.yaml'));
    db.close();
    db = openDatabase(dbFile, { appVersion: 'test' });
    library = new ScriptLibrary(db, () => clock++);
    const script = library.get('survey-de', 1);
    expect(script).toMatchObject({ id: 'survey-de', version: 1, campaign: 'survey', language: 'de' });
    expect(library.load(path.join(dir, 'survey.de.yaml'))).toMatchObject({ version: 1, changed: false });
  });

  it('refuses a broken file with all its problems and stores nothing', () => {
    const file = path.join(projectRoot, 'test', 'fixtures', 'scripts', 'broken', 'several-errors.yaml');
    const result = library.load(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(7);
    expect(library.list()).toEqual([]);
    expect(library.load(path.join(dir, 'missing.yaml'))).toMatchObject({ ok: false, problems: [{ line: 1, col: 1, message: 'cannot be read (ENOENT)' }] });
  });

  it('refuses a file with a layout mistake with one plain problem, as the CLI words it, and stores nothing', () => {
    const file = path.join(projectRoot, 'test', 'fixtures', 'scripts', 'broken', 'layout.de.yaml');
    expect(library.load(file)).toEqual({
      ok: false,
      problems: [
        {
          file,
          line: 11,
          col: 11,
          code: 'yaml-syntax',
          message:
            'Zeile 11 ist weiter eingerückt als Zeile 10 (10 statt 8 Leerzeichen): bitte die Leerzeichen prüfen – zuerst dies beheben, danach wird der Rest der Datei geprüft',
        },
      ],
    });
    expect(library.list()).toEqual([]);
  });

  it('reports a script the database cannot keep as a problem of the file, and throws nothing', () => {
    db.close();
    expect(library.load(copy('support.en.yaml'))).toEqual({
      ok: false,
      problems: [
        {
          file: path.join(dir, 'support.en.yaml'),
          line: 1,
          col: 1,
          code: 'not-stored',
          message: expect.stringMatching(/^could not be kept in the workstation's database \(.*not open.*\); the version loaded before stays$/),
        },
      ],
    });
    db = openDatabase(dbFile, { appVersion: 'test' });
  });

  it('picks the current script of a campaign: for the client first, the language asked for, the one loaded last', () => {
    library.load(copy('support.en.yaml'));
    library.load(copy('support.de.yaml'));
    expect(library.current('support')?.id).toBe('support-de');
    expect(library.current('support', null, 'en')?.id).toBe('support-en');

    const forClient = copy('sales.en.yaml', (t) =>
      t.replace('campaign: sales', 'campaign: support\nclient: stadtwerke-nord').replace('id: sales-en', 'id: support-nord'),
    );
    expect(library.load(forClient)).toMatchObject({ ok: true, message: 'loaded v1 for campaign support (client stadtwerke-nord)' });
    expect(library.current('support', 'stadtwerke-nord')?.id).toBe('support-nord');
    // A call without a client never gets a script written in one client's name.
    expect(library.current('support')?.id).toBe('support-de');
    expect(library.current('support', 'other-client', 'en')?.id).toBe('support-en');
    expect(library.current('sales')).toBeNull();

    // Reloading an unchanged file makes it the current one again.
    library.load(path.join(dir, 'support.en.yaml'));
    expect(library.current('support')?.id).toBe('support-en');
  });

  it('lists the latest version of every script', () => {
    const file = copy('support.en.yaml');
    library.load(file);
    fs.appendFileSync(file, '\n# changed\n');
    library.load(file);
    library.load(copy('survey.en.yaml'));
    expect(library.list().map((s) => [s.scriptId, s.version, s.campaign, s.title])).toEqual([
      ['support-en', 2, 'support', 'Customer support'],
      ['survey-en', 1, 'survey', 'Customer satisfaction survey'],
    ]);
  });
});
