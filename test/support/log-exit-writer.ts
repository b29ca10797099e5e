/**
 * A child process for the log file test: logs records and ends at once, the way a host ends —
 * `process.exit()` right after the last record, or an exception nothing catches. The parent
 * then looks for every record in the file.
 */
import { createFileLogger } from '../../src-main/core/diagnostics/log-file';

const [dataDir, how, count] = process.argv.slice(2);
if (!dataDir || !how) throw new Error('usage: log-exit-writer DATA_DIR exit|throw|close-exit [COUNT]');
const logger = createFileLogger({ dataDir, limits: { maxBytes: 64 * 1024, files: 3 } });
const n = Number(count ?? 50);
for (let i = 0; i < n; i++) logger.log('info', 'record before the end', { i });
logger.log('error', 'the last record', { how });
if (how === 'exit') process.exit(3);
if (how === 'close-exit') {
  // A host that closes the log without waiting for it, then exits.
  void logger.close();
  process.exit(0);
}
throw new Error('nothing caught this');
