/**
 * A second user's desk for the shared-directory tests: opens the machine's customer directory in
 * FOLDER as the desk does and, once the parent writes "go" on stdin (so two of them start together),
 * imports a CSV file into it or moves an agent database's customers into it. Prints one JSON line:
 * `{ "location": … }` when opened, then `{ "done": … }` or `{ "error": "…" }`.
 *
 *   node --import tsx directory-writer.ts FOLDER import FILE.csv
 *   node --import tsx directory-writer.ts FOLDER move AGENT.sqlite
 */
import { importCsv } from '../../src-main/core/customers/csv-import';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { moveAgentCustomers, openDirectoryFile } from '../../src-main/core/customers/directory-file';
import { silentLogger } from '../../src-main/core/log';
import { openDatabase } from '../../src-main/core/store/database';

const [folder, mode, source] = process.argv.slice(2);
if (!folder || (mode !== 'import' && mode !== 'move') || !source) throw new Error('usage: directory-writer FOLDER import|move FILE');

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const opened = openDirectoryFile({ folder, appVersion: 'test' });
say({ location: opened.location });
if (!opened.db) process.exit(0);
const shared = new CustomerDirectory(opened.db);

process.stdin.once('data', () => {
  const run = async () => {
    if (mode === 'import') {
      // Small batches: the two writers' transactions interleave many times.
      const result = await importCsv(shared, source, { defaultRegion: 'DE', batchSize: 10 });
      return { imported: result.imported, rejected: result.rejectedCount };
    }
    const agent = openDatabase(source, { appVersion: 'test' });
    try {
      return moveAgentCustomers(agent, shared, silentLogger);
    } finally {
      agent.close();
    }
  };
  run()
    .then((done) => say({ done }))
    .catch((error: unknown) => say({ error: (error as Error).message }))
    .finally(() => {
      opened.db?.close();
      process.exit(0);
    });
});
