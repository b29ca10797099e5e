import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/core/log';
import { openDatabase } from '../../src-main/core/store/database';
import { tempDir } from '../support/temp';

// The database connection lives as long as main, a week on a desk: whatever SQLite keeps in
// memory must be bounded by a size we chose, not grow with the data the desk has written.

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Resident memory of this process in MB, after V8 gave back what it could. */
function residentMb(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss / 2 ** 20;
}

describe('database memory', () => {
  it('writing and reading 36 MB of data grows the process by a few MB at most (a small page cache)', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test', logger: silentLogger });
    try {
      db.exec('CREATE TABLE filler (text TEXT NOT NULL)');
      const before = residentMb();
      // 12 000 rows of 3 000 characters: a long week's call log, flight records included. Written
      // and scanned by SQLite alone (LIKE runs in C), so JS holds none of it.
      const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 12_000; i++) insert.run(`${String(i).padStart(6, '0')}${'x'.repeat(2994)}`);
      })();
      const found = db.prepare("SELECT count(*) AS n FROM filler WHERE text LIKE '%y%'").get() as { n: number };
      expect(found.n).toBe(0);
      const grown = residentMb() - before;
      // better-sqlite3's own default is a 16 MB page cache per connection (+18 MB here); ours is 4 MB (+6 MB).
      expect(grown).toBeLessThan(12);
    } finally {
      db.close();
    }
  });
});
