/**
 * A desk's workstation started by the shared-directory tests as another user (root writes any
 * folder, so a read-only share can only be met as someone else): starts a real Workstation on
 * DATA_DIR with the customer directory in FOLDER, prints one JSON line with what the agent is shown
 * and what becomes of a search, an import of CSV and a new customer, and stops.
 *
 *   node --import tsx directory-desk.ts DATA_DIR FOLDER FILE.csv
 */
import { AnlaufError } from '../../src-main/core/errors';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { resourcesDir } from './paths';

const [dataDir, folder, csv] = process.argv.slice(2);
if (!dataDir || !folder || !csv) throw new Error('usage: directory-desk DATA_DIR FOLDER FILE.csv');

const outcome = async (work: () => unknown) => {
  try {
    return { done: await work() };
  } catch (error) {
    return error instanceof AnlaufError ? { said: error.said, message: error.message } : { failed: (error as Error).message };
  }
};

async function main() {
  const ws = new Workstation({ dataDir: dataDir!, directoryFolder: folder, host: 'web', appVersion: '0.0.0-test', resourcesDir, logger: silentLogger });
  const report = {
    directory: ws.snapshot().customerDirectory,
    found: ws.customers.searchCustomers('Berg', 5).map((c) => c.name),
    foundByNumber: ws.customers.searchCustomers('7', 5).map((c) => c.name),
    import: await outcome(async () => (await ws.customers.importCustomers({ fileName: 'kunden.csv', file: csv!, client: null })).imported),
    create: await outcome(() => ws.customers.createCustomer({ name: 'Neu Kunde', phones: [] }).name),
  };
  await ws.stop();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

void main();
