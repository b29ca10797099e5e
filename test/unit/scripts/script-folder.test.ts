import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
/** Built-in names of every plain object, written as variables, branch keys and node ids. */
const BROKEN: Record<string, string> = {
  'constructor-name.yaml': withVariable('constructor.name'),
  'proto-x.yaml': withVariable('__proto__.x'),
  'to-string.yaml': withVariable('toString'),
  'has-own.yaml': withVariable('hasOwnProperty.x'),
  'when-constructor.yaml': sample('support.en.yaml').replace('when: { answer: no }', 'when: { constructor: no }'),
  'when-proto.yaml': sample('support.en.yaml').replace('when: { answer: no }', 'when: { __proto__: no }'),
};
/** Where each broken file's problem is reported: the braces, or the branch key. */
const WHERE: Record<string, RegExp> = {
  'constructor-name.yaml': /constructor-name\.yaml:15:29: unknown variable "constructor\.name"/,
  'proto-x.yaml': /proto-x\.yaml:15:29: unknown variable "__proto__\.x"/,
  'to-string.yaml': /to-string\.yaml:15:29: unknown variable "toString"/,
  'has-own.yaml': /has-own\.yaml:15:29: unknown variable "hasOwnProperty\.x"/,
  'when-constructor.yaml': /when-constructor\.yaml:23:21: unknown variable in when "constructor"/,
  'when-proto.yaml': /when-proto\.yaml:23:21: unknown variable in when "__proto__"/,
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
});

/** Waits for the watcher (which loads a file once it has been quiet for 300 ms). */
async function until(done: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the script folder did not report every file in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
