/**
 * A child process for the crash-safety test: writes calls and wrap-ups to the real store as fast
 * as it can and prints "committed <id> <step>" after each transaction returns. The parent kills
 * it with SIGKILL at a random moment and checks that everything reported is there.
 */
import { v7 as uuidv7 } from 'uuid';
import { CallLogRepository } from '../../src-main/core/store/call-log';
import { openDatabase } from '../../src-main/core/store/database';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer FILE');
const db = openDatabase(file, { appVersion: 'crash-test' });
const calls = new CallLogRepository(db);
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const id = uuidv7();
  const at = Date.now();
  calls.recordRinging({
    id,
    line: 'sip',
    direction: 'inbound',
    remoteNumber: `+49${i}`,
    remoteName: null,
    dialedNumber: null,
    client: 'Stadtwerke Nord',
    campaign: null,
    ivr: { concern: 'x'.repeat(i % 200) },
    ringAt: at,
  });
  process.stdout.write(`committed ${id} ringing\n`);
  calls.recordAnswered(id, at + 1);
  process.stdout.write(`committed ${id} answered\n`);
  calls.recordEnded(id, at + 2, 'completed', 'agent');
  process.stdout.write(`committed ${id} ended\n`);
}
