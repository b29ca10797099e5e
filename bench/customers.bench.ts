// The customer directory: importing 1 000 000 customers from CSV with the real `anlauf customers
// import` (a child process, so its time and peak memory are its own), then search as you type
// over them: every keystroke of names, numbers, customer numbers, e-mails and postcodes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CustomerDirectory } from '../src-main/core/customers/directory';
import { DATABASE_FILE, openDatabase } from '../src-main/core/store/database';
import { generateCustomersCsv, generatedCustomer } from '../test/fixtures/customers/generate';
import { BENCH_APP_VERSION } from './fixtures';
import { goals, note, now, percentile, result, warnIfNotOnDisk, withTempDir, type BenchResult } from './harness';

const CUSTOMERS = Number(process.env.ANLAUF_BENCH_CUSTOMERS ?? 1_000_000);
const SEARCH_LIMIT = 20;
const TYPED_ENTRIES = 150;

export async function benchCustomers(): Promise<BenchResult[]> {
  return withTempDir('customers', async (dir) => {
    warnIfNotOnDisk(dir);
    const file = path.join(dir, 'customers.csv');
    const dataDir = path.join(dir, 'data');
    await generateCustomersCsv(file, CUSTOMERS);
    note(`${CUSTOMERS} customers, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB of CSV`);

    const imported = await timedImport(file, dataDir);
    const label = CUSTOMERS === 1_000_000 ? '1M' : String(CUSTOMERS);
    const rows: BenchResult[] = [
      result(`customers: import ${label} from CSV`, imported.ms / 1000, 's', goals.below(60, 's'), 1),
      result(`customers: import ${label}, peak memory`, imported.peakRss / 1e6, 'MB', goals.below(300, 'MB'), 0),
    ];

    const db = openDatabase(path.join(dataDir, DATABASE_FILE), { appVersion: BENCH_APP_VERSION });
    try {
      const directory = new CustomerDirectory(db);
      if (directory.count() !== CUSTOMERS) throw new Error(`imported ${directory.count()} customers, not ${CUSTOMERS}`);
      const times: number[] = [];
      let found = 0;
      for (const query of keystrokes()) {
        const start = now();
        found += directory.search(query, SEARCH_LIMIT, { defaultRegion: 'DE' }).length;
        times.push(now() - start);
      }
      note(`${times.length} keystrokes searched, ${found} customers listed`);
      rows.push(
        result(`customers: search as you type over ${label}, p95`, percentile(times, 95), 'ms', goals.below(10, 'ms')),
        result(`customers: search as you type over ${label}, p50`, percentile(times, 50), 'ms', goals.none()),
        result(`customers: search as you type over ${label}, max`, Math.max(...times), 'ms', goals.none()),
      );
    } finally {
      db.close();
    }
    return rows;
  });
}

/** What agents type, a keystroke at a time (from the 3rd character): names, numbers any way, customer numbers, e-mails, postcodes. */
function* keystrokes(): Generator<string> {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let n = 0; n < TYPED_ENTRIES; n++) {
    const c = generatedCustomer(Math.floor(random() * CUSTOMERS));
    const entries = [c.last, `${c.first} ${c.last}`, c.phone, c.phone.replace(/^0/, '+49 '), c.mobile.slice(-8), c.customerNumber, c.email, c.postcode];
    const entry = entries[n % entries.length] as string;
    for (let length = 3; length <= entry.length; length++) yield entry.slice(0, length);
  }
}

/** Runs `anlauf customers import`; its wall time and peak resident memory (Linux: VmHWM). */
export async function timedImport(file: string, dataDir: string): Promise<{ ms: number; peakRss: number }> {
  const bin = path.join(__dirname, '..', 'bin', 'anlauf.cjs');
  const start = now();
  const child = spawn(process.execPath, [bin, 'customers', 'import', file, '--data-dir', dataDir, '--region', 'DE'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let peakRss = 0;
  const status = `/proc/${child.pid}/status`;
  const sampleRss = () => {
    try {
      const text = fs.readFileSync(status, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(text) ?? /VmRSS:\s+(\d+) kB/.exec(text);
      if (hwm) peakRss = Math.max(peakRss, Number(hwm[1]) * 1024);
    } catch {
      // The process has ended, or this is not Linux.
    }
  };
  const timer = setInterval(sampleRss, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const ms = now() - start;
  if (code !== 0) throw new Error(`anlauf customers import exited with ${code}: ${stderr}`);
  note(stdout.split('\n')[0] ?? '');
  if (peakRss === 0) note('peak memory could not be read (no /proc)');
  return { ms, peakRss };
}
