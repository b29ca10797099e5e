import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src-main/contract';
import { ScriptLibrary, type LoadResult } from '../../../src-main/core/scripts/library';
import type { ScriptProblem } from '../../../src-main/core/scripts/problems';
import { ScriptLoads } from '../../../src-main/core/scripts/script-loads';
import { openDatabase } from '../../../src-main/core/store/database';
import { resourcesDir, tempDir } from '../../support/temp';

const support = fs.readFileSync(path.join(resourcesDir, 'scripts', 'support.en.yaml'), 'utf8');

function problem(line: number, severity?: 'warning'): ScriptProblem {
  return { file: '/folder/sales.yaml', line, col: 3, code: 'unknown-variable', message: `problem ${line}`, ...(severity ? { severity } : {}) };
}

describe('script loads', () => {
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((close) => close()));

  function loads(): { loads: ScriptLoads; library: ScriptLibrary; notices: { said: Message; level?: 'info' }[]; changes: () => number } {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    closers.push(() => db.close());
    const library = new ScriptLibrary(db, () => 1000);
    const notices: { said: Message; level?: 'info' }[] = [];
    const made = new ScriptLoads({ library, notice: (said, level) => notices.push(level ? { said, level } : { said }) });
    let changes = 0;
    made.onDidChange(() => changes++);
    return { loads: made, library, notices, changes: () => changes };
  }

  it("loads the trainer's file into the library, answers its sender, and announces the change", () => {
    const { loads: scripts, library, notices, changes } = loads();
    const result = scripts.loadScript('support.en.yaml', support);
    expect(result).toMatchObject({ ok: true, version: 1 });
    expect(library.list()).toMatchObject([{ version: 1, file: 'support.en.yaml' }]);
    expect(scripts.loadScript('broken.yaml', 'title: [').ok).toBe(false);
    expect(changes()).toBe(2);
    expect(notices).toEqual([]);
  });

  it('tells the agent of a changed script as news, and of an unchanged one nothing', () => {
    const { loads: scripts, library, notices, changes } = loads();
    const first = library.loadText(support, '/folder/support.en.yaml');
    scripts.reportLoad('/folder/support.en.yaml', first);
    scripts.reportLoad('/folder/support.en.yaml', library.loadText(support, '/folder/support.en.yaml'));
    expect(notices).toEqual([
      {
        said: {
          key: 'scripts.loaded',
          params: { file: 'support.en.yaml', detail: { key: 'scripts.loadedVersion', params: { version: 1, campaign: 'support' } } },
        },
        level: 'info',
      },
    ]);
    expect(changes()).toBe(2);
  });

  it('tells the agent of the warnings of a script that loaded, even unchanged', () => {
    const { loads: scripts, library, notices } = loads();
    const loaded = library.loadText(support, '/folder/sales.yaml');
    if (!loaded.ok) throw new Error('the sample did not load');
    scripts.reportLoad('/folder/sales.yaml', { ...loaded, changed: false, warnings: [problem(4, 'warning')] });
    expect(notices).toEqual([
      { said: { key: 'scripts.loadedWithWarnings', params: { file: 'sales.yaml', problems: '/folder/sales.yaml:4:3: warning: problem 4' } } },
    ]);
  });

  it('names the first five problems of a script that did not load, and counts the rest', () => {
    const { loads: scripts, notices } = loads();
    const failed = (count: number): LoadResult => ({ ok: false, problems: Array.from({ length: count }, (_, i) => problem(i + 1)) });
    scripts.reportLoad('/folder/sales.yaml', failed(2));
    scripts.reportLoad('/folder/sales.yaml', failed(7));
    const five = [1, 2, 3, 4, 5].map((line) => `/folder/sales.yaml:${line}:3: problem ${line}`).join('; ');
    expect(notices).toEqual([
      { said: { key: 'scripts.notLoaded', params: { file: 'sales.yaml', problems: '/folder/sales.yaml:1:3: problem 1; /folder/sales.yaml:2:3: problem 2' } } },
      { said: { key: 'scripts.notLoadedMore', params: { file: 'sales.yaml', problems: five, more: 2 } } },
    ]);
  });
});
