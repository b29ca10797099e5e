import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/log';
import { ScriptLibrary, type LoadResult } from '../../../src-main/core/scripts/library';
import { MAX_SCRIPT_BYTES } from '../../../src-main/core/scripts/loader';
import { openDatabase } from '../../../src-main/core/store/database';
import { resolveScriptFolder, ScriptFolder } from '../../../src-main/core/scripts/script-folder';
import type { Workstation, WorkstationNotice } from '../../../src-main/core/workstation';
import { resourcesDir, tempDir } from '../../support/temp';
import { makeWorkstation } from '../../support/workstation';

/**
 * The trainers' shared script folder, read by every workstation at start and watched after.
 * Whatever one file in it holds, the workstation comes up, the other scripts load, and the file
 * is reported with where its problem is.
 */

const sample = (name: string) => fs.readFileSync(path.join(resourcesDir, 'scripts', name), 'utf8');
/** The sample with one variable replaced: the file is otherwise a good script. */
const withVariable = (variable: string) => sample('support.en.yaml').replace('{{agent.name}}', `{{${variable}}}`);
/** Built-in names of every plain object, written as variables and branch keys, an alias to nothing, and a field indented too deep. */
const BROKEN: Record<string, string> = {
  'constructor-name.yaml': withVariable('constructor.name'),
  'proto-x.yaml': withVariable('__proto__.x'),
  'to-string.yaml': withVariable('toString'),
  'has-own.yaml': withVariable('hasOwnProperty.x'),
  'when-constructor.yaml': sample('support.en.yaml').replace('when: { answer: no }', 'when: { constructor: no }'),
  'when-proto.yaml': sample('support.en.yaml').replace('when: { answer: no }', 'when: { __proto__: no }'),
  'alias.yaml': sample('support.en.yaml').replace('title: Customer support', 'title: *nowhere'),
  'layout.yaml': sample('support.en.yaml').replace('        input: text\n', '          input: text\n'),
};
/** Where each broken file's problem is reported: the braces, the branch key, or the line to change. */
const WHERE: Record<string, RegExp> = {
  'constructor-name.yaml': /constructor-name\.yaml:15:29: unknown variable "constructor\.name"/,
  'proto-x.yaml': /proto-x\.yaml:15:29: unknown variable "__proto__\.x"/,
  'to-string.yaml': /to-string\.yaml:15:29: unknown variable "toString"/,
  'has-own.yaml': /has-own\.yaml:15:29: unknown variable "hasOwnProperty\.x"/,
  'when-constructor.yaml': /when-constructor\.yaml:23:21: unknown variable in when "constructor"/,
  'when-proto.yaml': /when-proto\.yaml:23:21: unknown variable in when "__proto__"/,
  'alias.yaml': /alias\.yaml:3:8: YAML: \*nowhere refers to an anchor &nowhere that is not set above it/,
  'layout.yaml': /layout\.yaml:46:11: line 46 is indented more than line 45 \(10 spaces instead of 8\): check the spaces — fix this first/,
};

describe('the script folder', () => {
  let ws: Workstation | null = null;
  afterEach(async () => {
    await ws?.stop();
    ws = null;
  });

  function workstationOn(folder: string): { ws: Workstation; notices: WorkstationNotice[] } {
    const dir = tempDir();
    const configFile = path.join(dir, 'anlauf.json');
    fs.writeFileSync(configFile, JSON.stringify({ scripts: { folder } }));
    const made = makeWorkstation({ configFile, dataDir: path.join(dir, 'data') });
    const notices: WorkstationNotice[] = [];
    made.ws.onNotice((notice) => notices.push(notice));
    ws = made.ws;
    return { ws: made.ws, notices };
  }

  const loaded = (w: Workstation) => w.snapshot().loadedScripts.map((s) => s.scriptId);
  const reportFor = (notices: WorkstationNotice[], file: string) => notices.find((n) => n.message.startsWith(`The script ${file} was not loaded`))?.message;

  it('comes up with built-in names in a script at start, loads the other scripts and reports the file where its problem is', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'sales.en.yaml'), sample('sales.en.yaml'));
    for (const [name, text] of Object.entries(BROKEN)) fs.writeFileSync(path.join(folder, name), text);
    fs.writeFileSync(path.join(folder, 'survey.en.yaml'), sample('survey.en.yaml'));
    const { ws: started, notices } = workstationOn(folder);

    await started.start();

    expect(loaded(started)).toEqual(['sales-en', 'survey-en']);
    for (const [name, where] of Object.entries(WHERE)) expect(reportFor(notices, name)).toMatch(where);
  });

  it('keeps running when such a script is saved later, and loads the scripts saved after it', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'sales.en.yaml'), sample('sales.en.yaml'));
    const { ws: started, notices } = workstationOn(folder);
    await started.start();
    expect(loaded(started)).toEqual(['sales-en']);

    for (const [name, text] of Object.entries(BROKEN)) fs.writeFileSync(path.join(folder, name), text);
    fs.writeFileSync(path.join(folder, 'survey.en.yaml'), sample('survey.en.yaml'));

    await until(() => loaded(started).includes('survey-en') && Object.keys(BROKEN).every((name) => reportFor(notices, name)));
    expect(loaded(started)).toEqual(['sales-en', 'survey-en']);
    for (const [name, where] of Object.entries(WHERE)) expect(reportFor(notices, name)).toMatch(where);
  });

  it('reports a file whose report fails in the log, and goes on with the next file', () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'a.yaml'), sample('sales.en.yaml'));
    fs.writeFileSync(path.join(folder, 'b.yaml'), sample('survey.en.yaml'));
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    const logged: string[] = [];
    const reported: string[] = [];
    const scriptFolder = new ScriptFolder(folder, new ScriptLibrary(db), { log: (_level, message) => logged.push(message) }, (file) => {
      reported.push(path.basename(file));
      if (reported.length === 1) throw new Error('the screen is gone');
    });
    try {
      expect(() => scriptFolder.start()).not.toThrow();
    } finally {
      scriptFolder.stop();
      db.close();
    }
    expect(reported).toEqual(['a.yaml', 'b.yaml']);
    expect(logged).toContain('a script load could not be reported');
  });

  it('refuses a file larger than a script may be without reading it', () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'huge.yaml'), Buffer.alloc(MAX_SCRIPT_BYTES + 1, 0x61));
    fs.writeFileSync(path.join(folder, 'sales.yaml'), sample('sales.en.yaml'));
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    const reports = new Map<string, LoadResult>();
    const scriptFolder = new ScriptFolder(folder, new ScriptLibrary(db), silentLogger, (file, result) => reports.set(path.basename(file), result));
    try {
      scriptFolder.start();
    } finally {
      scriptFolder.stop();
      db.close();
    }
    expect(reports.get('huge.yaml')).toEqual({
      ok: false,
      problems: [
        {
          file: path.join(folder, 'huge.yaml'),
          line: 1,
          col: 1,
          code: 'too-large',
          message: 'the file is too large (1025 KB); a script may be at most 1024 KB',
        },
      ],
    });
    expect(reports.get('sales.yaml')).toMatchObject({ ok: true });
  });
});

describe('where the script folder is', () => {
  it("reads a relative folder against the settings file's folder, and takes an absolute one as it is", () => {
    const configFile = path.resolve('/etc/anlauf/anlauf.json');
    expect(resolveScriptFolder('scripts', configFile)).toBe(path.resolve('/etc/anlauf/scripts'));
    expect(resolveScriptFolder(path.resolve('/srv/scripts'), configFile)).toBe(path.resolve('/srv/scripts'));
    expect(resolveScriptFolder('scripts', undefined)).toBe('scripts');
    expect(resolveScriptFolder(null, configFile)).toBeNull();
  });
});

/** Waits for the watcher (which loads a file once it has been quiet for 300 ms). */
async function until(done: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the script folder did not report every file in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
