import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/log';
import { ScriptLibrary, type LoadResult } from '../../../src-main/core/scripts/library';
import { openDatabase } from '../../../src-main/core/store/database';
import { ScriptFolder } from '../../../src-main/core/scripts/script-folder';
import { brokenFile } from '../../support/script-mutants';
import { projectRoot, tempDir } from '../../support/temp';

/**
 * A thousand broken script files, made from the real samples and broken fixtures, in the real
 * script folder: each is reported (with file, line and column when it has problems), the folder
 * never throws, and the good scripts beside them load.
 */

describe('script folder fuzzing', () => {
  let db: Database | null = null;
  afterEach(() => db?.close());

  it('reports each of 1000 broken files with a position, never throws, and loads the good scripts beside them', () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20_260_412);
    const files = fc.sample(brokenFile, { numRuns: 1000, seed });
    const folder = tempDir();
    files.forEach((text, i) => fs.writeFileSync(path.join(folder, `m${String(i).padStart(4, '0')}.yaml`), text));
    // Loaded last (the folder loads in name order), so they are the current versions after.
    const good = ['support.en.yaml', 'survey.de.yaml'];
    for (const name of good) fs.copyFileSync(path.join(projectRoot, 'resources', 'scripts', name), path.join(folder, `zz-${name}`));

    db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    const library = new ScriptLibrary(db);
    const reports = new Map<string, LoadResult>();
    const scriptFolder = new ScriptFolder(folder, library, silentLogger, (file, result) => reports.set(path.basename(file), result));
    try {
      scriptFolder.start();
    } finally {
      scriptFolder.stop();
    }

    const where = (name: string) => `${name} (FUZZ_SEED=${seed})`;
    expect(reports.size).toBe(files.length + good.length);
    let broken = 0;
    for (const [name, result] of reports) {
      if (result.ok) continue;
      broken++;
      expect(result.problems.length, where(name)).toBeGreaterThan(0);
      for (const problem of result.problems) {
        expect(problem.file, where(name)).toBe(path.join(folder, name));
        expect(Number.isInteger(problem.line) && problem.line >= 1, where(name)).toBe(true);
        expect(Number.isInteger(problem.col) && problem.col >= 1, where(name)).toBe(true);
        expect(problem.message, where(name)).not.toMatch(/native code|\[object Object\]|undefined/);
      }
    }
    expect(broken).toBeGreaterThan(files.length * 0.8);
    for (const name of good) expect(reports.get(`zz-${name}`), name).toMatchObject({ ok: true });
    expect(library.current('support')?.id).toBe('support-en');
    expect(library.current('survey')?.id).toBe('survey-de');
  }, 120_000); // 1 000 files through the full loader: 8–44 s on two busy cores, so not the default 20 s
});
