// Runs every benchmark and prints the report: a table, or with `--json` only the JSON array of
// result rows on stdout (diagnostics go to stderr). `--only TEXT` runs the benchmarks whose name
// contains TEXT. Exit code 0 even when a goal is missed (this is a report); 1 if a benchmark crashed.
import { formatJson, formatTable, now, type BenchFunction, type BenchResult } from './harness';

/** Every benchmark, in run order. Adding one is one line here. Loaded lazily, so one broken
 *  area cannot keep the others from reporting. */
const BENCHMARKS: { name: string; load: () => Promise<BenchFunction> }[] = [
  { name: 'startup', load: () => import('./startup.bench').then((m) => m.benchStartup) },
  { name: 'calllog', load: () => import('./calllog.bench').then((m) => m.benchCallLog) },
  { name: 'sip', load: () => import('./sip.bench').then((m) => m.benchSip) },
  { name: 'headset', load: () => import('./headset.bench').then((m) => m.benchHeadset) },
  { name: 'sync-search', load: () => import('./sync-search.bench').then((m) => m.benchSyncSearch) },
  { name: 'customers', load: () => import('./customers.bench').then((m) => m.benchCustomers) },
  { name: 'screen-pop', load: () => import('./screen-pop.bench').then((m) => m.benchScreenPop) },
  { name: 'agent-work', load: () => import('./agent-work.bench').then((m) => m.benchAgentWork) },
  { name: 'keepalive', load: () => import('./keepalive.bench').then((m) => m.benchKeepAlive) },
  { name: 'relay', load: () => import('./relay.bench').then((m) => m.benchRelay) },
  { name: 'wake', load: () => import('./wake.bench').then((m) => m.benchWake) },
  { name: 'network', load: () => import('./network.bench').then((m) => m.benchNetwork) },
  { name: 'network-desk', load: () => import('./network-desk.bench').then((m) => m.benchNetworkDesk) },
  { name: 'scripts', load: () => import('./scripts.bench').then((m) => m.benchScripts) },
  { name: 'forms', load: () => import('./forms.bench').then((m) => m.benchForms) },
  { name: 'quality', load: () => import('./quality.bench').then((m) => m.benchQuality) },
  { name: 'reload', load: () => import('./reload.bench').then((m) => m.benchReload) },
  { name: 'week', load: () => import('./week.bench').then((m) => m.benchWeek) },
  { name: 'flight-recorder', load: () => import('./flight-recorder.bench').then((m) => m.benchFlightRecorder) },
  { name: 'shift-check', load: () => import('./shift-check.bench').then((m) => m.benchShiftCheck) },
  { name: 'queues', load: () => import('./queues.bench').then((m) => m.benchQueues) },
  { name: 'colleagues', load: () => import('./colleagues.bench').then((m) => m.benchColleagues) },
  { name: 'form-panel', load: () => import('./form-panel.bench').then((m) => m.benchFormPanel) },
  { name: 'topics', load: () => import('./topics.bench').then((m) => m.benchTopics) },
];

function parseArgs(argv: string[]): { json: boolean; only: string | undefined } {
  let json = false;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--only') only = argv[++i];
    else if (arg?.startsWith('--only=')) only = arg.slice('--only='.length);
    else throw new Error(`unknown argument ${String(arg)}; use --json and/or --only NAME`);
  }
  return { json, only };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const chosen = BENCHMARKS.filter((b) => args.only === undefined || b.name.includes(args.only));
  if (chosen.length === 0) {
    process.stderr.write(`bench: no benchmark matches "${String(args.only)}"; there are ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    return 2;
  }

  const results: BenchResult[] = [];
  const crashed: string[] = [];
  const started = now();
  for (const benchmark of chosen) {
    process.stderr.write(`bench: ${benchmark.name} …\n`);
    const t = now();
    try {
      const run = await benchmark.load();
      results.push(...(await run()));
      process.stderr.write(`bench: ${benchmark.name} done in ${((now() - t) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      crashed.push(benchmark.name);
      process.stderr.write(`bench: ${benchmark.name} crashed: ${(error as Error).stack ?? String(error)}\n`);
    }
  }
  process.stderr.write(`bench: all done in ${((now() - started) / 1000).toFixed(1)} s\n`);

  process.stdout.write(args.json ? formatJson(results) : formatTable(results));
  if (!args.json) {
    const withGoal = results.filter((r) => r.goal !== '—');
    const met = withGoal.filter((r) => r.met).length;
    process.stdout.write(`\n${met} of ${withGoal.length} goals met` + (crashed.length ? `; crashed: ${crashed.join(', ')}` : '') + '\n');
  }
  return crashed.length > 0 ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
