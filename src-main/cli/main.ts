import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Dispatcher } from '../api/dispatcher';
import { APP_VERSION, appPaths } from '../app-info';
import { InputFileError } from '../core/files/located-parse';
import { openPrivateForWriting } from '../core/files/private-files';
import { openAppLog } from '../core/diagnostics/app-log';
import { createStderrLogger, errorForLog, silentLogger } from '../core/log';
import { settingsSecrets } from '../core/recorder/sip-redact';
import { collectSupportBundle } from '../core/diagnostics/collect';
import { headsetDescriptors } from '../core/diagnostics/headset-descriptors';
import { MAX_BUNDLE_CALLS, saveSupportBundle } from '../core/diagnostics/support-bundle';
import { settingsSchema, type Settings } from '../contract';
import { resolveDataDir } from '../core/platform/paths';
import { describeMove, moveRoamingDataDir } from '../core/platform/data-dir-move';
import { CallLogRepository } from '../core/store/call-log';
import { DATABASE_FILE, openDatabase, SchemaTooNewError } from '../core/store/database';
import { OutboxRepository } from '../core/store/outbox';
import { SyncAttemptLog } from '../core/store/sync-attempts';
import { syncHeadline } from '../core/sync/sync-status';
import { wordMessage } from '../shared/messages';
import { Desk } from '../core/desk/desk';
import type { IDeskHost } from '../core/desk/desk-host';
import { installLastResortGuard } from '../web/last-resort';
import { startWebHost } from '../web/server';
import { writeExport } from '../core/store/call-log-export';
import { describeFile } from '../core/headset/describe';
import { findHeadsets, formatHeadsets, NodeHidPort } from '../core/headset/node-hid-port';
import { electronAbi, electronHostProblem, findElectronBinary, sqliteBinaryAbi } from './electron-binary';
import { CustomerDirectory } from '../core/customers/directory';
import { DIRECTORY_FILE, machineDirectoryFolder, openDirectoryFile } from '../core/customers/directory-file';
import type { Database } from 'better-sqlite3';
import { importCsv, type ImportProgress } from '../core/customers/csv-import';
import { SettingsService } from '../core/settings/settings-service';
import { machinePolicy, policyCommand, PolicyUsageError, POLICY_USAGE } from './policy-command';
import { openKeyringVault } from '../core/secrets/keyring-vault';
import { scriptsCommand, SCRIPTS_USAGE } from './scripts-command';
import { demoOffered } from '../core/demo/demo-set';
import { settingsCommand, SettingsUsageError, SETTINGS_USAGE } from './settings-command';

const USAGE = `Usage: anlauf <command> [options]

Commands:
  start [--web] [--config FILE] [--data-dir D] [--port P] [--no-demo]
                      start the workstation (Electron where installed, else the browser host);
                      --no-demo: no demo set on a desk where nothing real is configured
  calllog export --format csv|json [--data-dir D] [--output FILE]
                      write the call log to stdout (or FILE)
  sync status [--config FILE] [--data-dir D] [--json]
                      the backend's URL, the last attempt and its error, what is still waiting,
                      and what the backend refused
  customers import FILE.csv [--client C] [--map FIELD=COLUMN,...] [--region R] [--config FILE] [--data-dir D]
                      import customers from CSV (progress on stderr, summary on stdout)
  customers find QUERY [--limit N] [--client C] [--region R] [--config FILE] [--data-dir D]
                      search the customer directory; one JSON object per line
${SETTINGS_USAGE}${POLICY_USAGE}${SCRIPTS_USAGE}  headset describe FILE
                      print the telephony layout of a HID report descriptor (hex or binary) as JSON
  headset list [--json]
                      list the plugged-in USB headsets with call controls and their layouts
  support bundle [--output FILE] [--calls N] [--include-customer-data] [--config FILE] [--data-dir D]
                      write one zip for support (versions, settings without secrets, logs, sync,
                      headset descriptors, the database check, the last N calls' SIP traces;
                      default N=10, max 50) to the data folder's reports/ or FILE, and print its
                      path; customers' numbers and names are placeholders unless
                      --include-customer-data (also: support-bundle, --out FILE)
  --version           print the version
  COMMAND --help      print the usage of one command

--config FILE is IT's settings file (YAML, or strict JSON for .json); without it, ANLAUF_CONFIG
names it: --config wins over ANLAUF_CONFIG. --data-dir D wins over ANLAUF_DATA_DIR likewise.
Environment: ANLAUF_DATA_DIR (data folder), ANLAUF_CONFIG (settings file). Machine policy is read
from the OS's place (docs/settings.md, "Machine policy").
`;

/** A mistake in how the command was called: printed with the usage, exit code 2. */
class UsageError extends Error {}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsProblem(error as Error & { code?: string }));
  }
}

/** Node's words for a wrong option, without its advice on `--` and its unmatched quotes. */
function parseArgsProblem(error: Error & { code?: string }): string {
  const option = /option '([^']+)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  return error.message;
}

/** The lines of USAGE about one command (`start`, `customers`, …), with the notes below the list. */
export function commandUsage(command: string): string | null {
  const [head = '', rest = ''] = USAGE.split('\nCommands:\n');
  const [list = '', notes = ''] = rest.split('\n\n');
  const blocks = list.split(/\n(?=  \S)/).filter((block) => block.startsWith(`  ${command} `) || block.startsWith(`  ${command}\n`));
  return blocks.length ? `${head}\nCommands:\n${blocks.join('\n')}\n\n${notes}` : null;
}

async function start(args: string[]): Promise<number> {
  const { values } = parse(args, {
    web: { type: 'boolean' },
    config: { type: 'string' },
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'no-demo': { type: 'boolean' },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, not ${String(values.port)}`);
  const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
  const configValue = (values.config as string | undefined) ?? process.env.ANLAUF_CONFIG;
  const configFile = configValue ? path.resolve(configValue) : undefined;

  if (!values.web) {
    const electron = findElectronBinary();
    // Electron would fail to open the database with a binary built for Node: say why, in one line.
    const problem = electron
      ? electronHostProblem({ nodeAbi: Number(process.versions.modules), binaryAbi: sqliteBinaryAbi(), electronAbi: electronAbi() })
      : null;
    if (electron && !problem) return runElectron(electron, { dataDir, configFile, noDemo: values['no-demo'] === true });
    process.stderr.write(
      problem
        ? `Anlauf is served to the browser instead of Electron: ${problem} (npx electron-builder install-app-deps builds it for Electron; docs/electron.md).\n`
        : 'The Electron binary is not installed here, so Anlauf is served to the browser instead.\n',
    );
  }

  const appLog = openAppLog(dataDir);
  const logger = appLog.logger;
  // Calls must never end because one handler threw: from here on, such errors are logged.
  installLastResortGuard(logger);
  // The desk opens the Workstation at once, or, on a shared desk (signIn.mode agent), the
  // signed-in agent's; the Electron host builds the same desk (electron/main.ts).
  const desk: IDeskHost = new Desk({
    dataDir,
    configFile,
    host: 'web',
    appVersion: APP_VERSION,
    resourcesDir: appPaths.resources(),
    demo: demoOffered(args, process.env),
    directoryFolder: machineDirectoryFor(values['data-dir'] as string | undefined),
    logger,
    hid: new NodeHidPort({ logger }),
    policy: machinePolicy(),
    // No safeStorage outside Electron: the OS keyring, else memory (said in the log and the settings dialog).
    vault: openKeyringVault(dataDir, logger),
  });
  appLog.useSecrets(() => settingsSecrets(desk.settings()));
  await desk.start();
  const host = await startWebHost({
    port,
    rendererDir: appPaths.renderer(),
    bridgeFile: appPaths.bridge(),
    dispatcher: new Dispatcher(desk),
    media: desk.media,
    logger,
  });
  // Handlers first: a script may send SIGTERM the moment it reads the ready line.
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void host
        .close()
        .then(() => desk.stop())
        .then(() => appLog.close())
        // SIP transactions keep timers for up to 32 s after the last request; everything that
        // matters is closed by now, so end the process instead of waiting for them.
        .then(() => setImmediate(() => process.exit(0)))
        .then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write(`Anlauf is ready at ${host.url}\n`);
  return stopped;
}

function runElectron(binary: string, opts: { dataDir: string; configFile: string | undefined; noDemo: boolean }): Promise<number> {
  const args = [appPaths.electronMain(), `--data-dir=${opts.dataDir}`];
  if (opts.configFile) args.push(`--config=${opts.configFile}`);
  if (opts.noDemo) args.push('--no-demo');
  const child = spawn(binary, args, { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function calllog(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'export') throw new UsageError(`unknown calllog command ${sub ? `"${sub}"` : '(none)'}; try "calllog export"`);
  const { values } = parse(rest, {
    format: { type: 'string' },
    'data-dir': { type: 'string' },
    output: { type: 'string' },
  });
  const format = values.format;
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) throw new Error(`There is no call log in ${dataDir} (no ${DATABASE_FILE}).`);
  const db = openDatabase(file, { appVersion: APP_VERSION, logger: createStderrLogger('warn') });
  try {
    const repo = new CallLogRepository(db);
    // An export is the call log in another shape: owner-only like the database it comes from.
    const out = values.output ? fs.createWriteStream(values.output as string, { fd: openPrivateForWriting(values.output as string) }) : process.stdout;
    // One read transaction: a consistent picture even while the app keeps writing.
    db.exec('BEGIN');
    try {
      await writeExport(repo.iterateAll(), format, out);
    } finally {
      db.exec('COMMIT');
    }
    if (out !== process.stdout)
      await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
    return 0;
  } finally {
    db.close();
  }
}

async function sync(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'status') throw new UsageError(`unknown sync command ${sub ? `"${sub}"` : '(none)'}; try "sync status"`);
  const { values } = parse(rest, { 'data-dir': { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } });
  const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) throw new Error(`There is no call log in ${dataDir} (no ${DATABASE_FILE}).`);
  const configValue = (values.config as string | undefined) ?? process.env.ANLAUF_CONFIG;
  const db = openDatabase(file, { appVersion: APP_VERSION, logger: createStderrLogger('warn') });
  try {
    const outbox = new OutboxRepository(db);
    const stats = outbox.stats();
    const quarantined = outbox.quarantined(1000);
    const history = new SyncAttemptLog(db).history();
    // The URL is the settings' (the CLI runs without the app); a file that no longer reads must not
    // hide what the database knows, so the last attempt's URL stands in, and the problem is said.
    let url: string | null;
    try {
      url = new SettingsService({
        configFile: configValue ? path.resolve(configValue) : undefined,
        dataDir,
        policy: machinePolicy(),
        keepLastGood: false,
      }).get().sync.url;
      if (url === null && !configValue && history.last) {
        url = history.last.url;
        process.stderr.write('anlauf: no settings file given (--config or ANLAUF_CONFIG): the backend is the one the app last tried\n');
      }
    } catch (error) {
      url = history.last?.url ?? null;
      process.stderr.write(`anlauf: the settings could not be read, so the backend is the one the app last tried: ${(error as Error).message}\n`);
    }
    const headline = syncHeadline({ url, pending: stats.pending, history });
    const last = history.last?.url === url ? history.last : null;
    const lastOk = history.lastOk?.url === url ? history.lastOk : null;
    if (values.json) {
      process.stdout.write(
        JSON.stringify(
          {
            state: headline.state,
            headline: wordMessage('en', headline.said),
            url,
            lastAttempt: last && { at: last.at, ok: last.ok, error: last.error, failingSince: last.failingSince },
            lastSuccessAt: lastOk?.at ?? null,
            ...stats,
            quarantinedRecords: quarantined.map((q) => ({ id: q.id, topic: q.topic, entityId: q.entityId, createdAt: q.createdAt, reason: q.lastError })),
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
    const lines = [
      wordMessage('en', headline.said),
      `Backend: ${url ?? 'none set (sync.url)'}`,
      ...(url === null
        ? []
        : [
            last === null ? 'Last attempt: none yet.' : `Last attempt: ${when(last.at)}, ${last.ok ? 'succeeded' : `failed: ${last.error ?? 'unknown'}`}.`,
            ...(last && !last.ok ? [`Failing since: ${when(last.failingSince ?? last.at)}.`] : []),
            `Last success: ${lastOk ? when(lastOk.at) : 'never'}.`,
          ]),
      stats.pending === 0 ? 'Waiting: none.' : `Waiting: ${stats.pending} records, the oldest from ${when(stats.oldestAt ?? 0)}.`,
      `Refused by the backend or unreadable (quarantined): ${stats.quarantined}.`,
      ...quarantined.map((q) => `  ${q.id}  ${q.topic}  call ${q.entityId}  ${when(q.createdAt)}  ${q.lastError ?? ''}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    db.close();
  }
}

/**
 * The support bundle from the data folder, without the app: what only a running app knows (the
 * line's state now, audio devices) is named as missing; headsets are enumerated here. A settings
 * file that no longer reads is the problem support must see, so it does not stop the bundle.
 */
async function supportBundle(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    output: { type: 'string' },
    calls: { type: 'string' },
    config: { type: 'string' },
    'data-dir': { type: 'string' },
    'include-customer-data': { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError('support-bundle takes no arguments besides its options');
  const calls = values.calls === undefined ? undefined : Number(values.calls);
  if (calls !== undefined && (!Number.isInteger(calls) || calls < 0 || calls > MAX_BUNDLE_CALLS))
    throw new UsageError(`--calls must be 0..${MAX_BUNDLE_CALLS}, not ${String(values.calls)}`);
  const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
  const file = path.join(dataDir, DATABASE_FILE);
  const configValue = (values.config as string | undefined) ?? process.env.ANLAUF_CONFIG;
  let settings: Settings;
  let origins: unknown;
  try {
    const service = new SettingsService({
      configFile: configValue ? path.resolve(configValue) : undefined,
      dataDir,
      policy: machinePolicy(),
      keepLastGood: false,
    });
    settings = service.get();
    origins = service.origins();
  } catch (error) {
    settings = settingsSchema.parse({});
    origins = {
      settingsFile: configValue ?? null,
      error: error instanceof Error ? error.message : String(error),
      note: 'the settings could not be read; the defaults are shown',
    };
  }
  const port = new NodeHidPort({ logger: silentLogger });
  const headsets = await findHeadsets(port).catch((error: unknown) => String(error));
  const descriptors = port.loadError
    ? `headsets cannot be listed here: ${port.loadError.message}`
    : await headsetDescriptors(port).catch((error: unknown) => `the headsets could not be listed: ${errorForLog(error)}`);
  // A desk whose app never started (a settings file that does not read stops it first) has no
  // call log yet: that is when support needs the bundle most, so it is made without one.
  const db = fs.existsSync(file) ? openDatabase(file, { appVersion: APP_VERSION, logger: createStderrLogger('warn') }) : null;
  try {
    const bundle = collectSupportBundle({
      dataDir,
      now: Date.now(),
      app: { version: APP_VERSION, host: 'cli' },
      settings,
      origins,
      db,
      calls,
      devices: { audio: 'known only to the running app', headsets: port.loadError ? `headsets cannot be listed here: ${port.loadError.message}` : headsets },
      headsetDescriptors: descriptors,
      includeCustomerData: values['include-customer-data'] === true,
    });
    const out = (values.out as string | undefined) ?? (values.output as string | undefined);
    const written = saveSupportBundle(dataDir, bundle, out ? path.resolve(out) : undefined);
    process.stdout.write(`${written}\n`);
    for (const left of bundle.manifest.leftOut) process.stderr.write(`left out: ${left.name} (${left.why})\n`);
    return 0;
  } finally {
    db?.close();
  }
}

async function headset(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
    if (positionals.length) throw new UsageError('headset list takes no arguments');
    // Enumeration opens no device: this works while the app holds the headset.
    const port = new NodeHidPort({ logger: silentLogger });
    const found = await findHeadsets(port);
    if (port.loadError) throw port.loadError;
    process.stdout.write(formatHeadsets(found, { json: Boolean(values.json) }) + '\n');
    return 0;
  }
  if (sub !== 'describe') throw new UsageError(`unknown headset command ${sub ? `"${sub}"` : '(none)'}; try "headset describe FILE" or "headset list"`);
  const { positionals } = parse(rest, {});
  if (positionals.length !== 1) throw new UsageError('headset describe needs exactly one FILE');
  process.stdout.write(describeFile(positionals[0] as string) + '\n');
  return 0;
}

/** The region for numbers without a country code: --region, else the settings' sip.defaultCountry. */
function customerRegion(flag: string | undefined, configFlag: string | undefined, dataDir: string): string {
  if (flag !== undefined) {
    if (!/^[A-Za-z]{2}$/.test(flag)) throw new UsageError(`--region must be a two-letter country code such as DE, not ${flag}`);
    return flag.toUpperCase();
  }
  const configValue = configFlag ?? process.env.ANLAUF_CONFIG;
  return new SettingsService({ configFile: configValue ? path.resolve(configValue) : undefined, dataDir, policy: machinePolicy(), keepLastGood: false }).get()
    .sip.defaultCountry;
}

/** The machine-wide directory for the default data folder; a data folder chosen by hand keeps its own (Workstation's `directoryFolder`). */
function machineDirectoryFor(dataDirFlag: string | undefined): string | undefined {
  return dataDirFlag === undefined && !process.env.ANLAUF_DATA_DIR ? machineDirectoryFolder() : undefined;
}

/**
 * The customer directory a command works on, as the app opens it. `write`: an import, refused on a
 * read-only or unreachable directory; a search falls back to the agent's database as the app does.
 */
function openCustomers(dataDirFlag: string | undefined, configFlag: string | undefined, dataDir: string, write: boolean): { db: Database; close(): void } {
  const configValue = configFlag ?? process.env.ANLAUF_CONFIG;
  const settings = new SettingsService({
    configFile: configValue ? path.resolve(configValue) : undefined,
    dataDir,
    policy: machinePolicy(),
    keepLastGood: false,
  }).get();
  const folder = settings.customers.directoryFolder ?? machineDirectoryFor(dataDirFlag) ?? dataDir;
  // A search makes nothing: a folder without a directory is said to be one.
  if (!write && !fs.existsSync(path.join(folder, DIRECTORY_FILE))) throw new Error(`There is no customer directory in ${folder} (no ${DIRECTORY_FILE}).`);
  const opened = openDirectoryFile({ folder, appVersion: APP_VERSION });
  const { location } = opened;
  if (write && location.access !== 'readwrite') {
    opened.db?.close();
    throw new Error(`The customer directory ${location.file} cannot take an import: ${location.problem ?? 'not writable'}. Nothing was imported.`);
  }
  if (opened.db) return { db: opened.db, close: () => opened.db?.close() };
  process.stderr.write(`anlauf: ${location.problem ?? 'the customer directory cannot be reached'}; searching this user's own customers only\n`);
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) throw new Error(`There is no customer directory in ${dataDir} (no ${DATABASE_FILE}).`);
  const db = openDatabase(file, { appVersion: APP_VERSION, logger: createStderrLogger('warn') });
  return { db, close: () => db.close() };
}

/** The settings' clients, against which an import's client column is checked. */
function configuredClients(configFlag: string | undefined, dataDir: string): Settings['clients'] {
  const configValue = configFlag ?? process.env.ANLAUF_CONFIG;
  return new SettingsService({ configFile: configValue ? path.resolve(configValue) : undefined, dataDir, policy: machinePolicy(), keepLastGood: false }).get()
    .clients;
}

/** Progress on stderr: a bar redrawn in place on a terminal, a line per tenth otherwise. */
function progressPrinter(): { update(p: ImportProgress): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(p) {
      const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 1;
      const percent = Math.floor(fraction * 100);
      const text = `${percent} % — ${p.rows} rows, ${p.imported} imported, ${p.rejected} rejected`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && fraction < 1) return;
        lastDraw = now;
        const width = 30;
        const full = Math.round(fraction * width);
        process.stderr.write(`\r[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${text}\x1b[K`);
        drawn = true;
      } else if (Math.floor(percent / 10) > lastTenth) {
        lastTenth = Math.floor(percent / 10);
        process.stderr.write(`importing: ${text}\n`);
      }
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}

const LISTED_REJECTIONS = 20;

async function customers(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') {
    const { values, positionals } = parse(rest, {
      client: { type: 'string' },
      map: { type: 'string' },
      region: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('customers import needs exactly one FILE.csv');
    const file = path.resolve(positionals[0] as string);
    const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
    const region = customerRegion(values.region as string | undefined, values.config as string | undefined, dataDir);
    const directory = openCustomers(values['data-dir'] as string | undefined, values.config as string | undefined, dataDir, true);
    const db = directory.db;
    try {
      const progress = progressPrinter();
      let result;
      try {
        result = await importCsv(new CustomerDirectory(db), file, {
          client: (values.client as string | undefined) ?? null,
          clients: configuredClients(values.config as string | undefined, dataDir),
          map: values.map as string | undefined,
          defaultRegion: region,
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.done();
      }
      const delimiter = result.delimiter === '\t' ? 'tab' : `"${result.delimiter}"`;
      const lines = [
        `Imported ${result.imported} customers from ${file} (${result.encoding}, delimiter ${delimiter}).`,
        `Columns: ${result.columns.map((c) => `${c.column || '(no name)'} → ${c.field ?? '(extra)'}`).join(', ')}`,
      ];
      if (result.rejectedCount === 0) {
        lines.push('Rejected: none.');
      } else {
        lines.push(`Rejected ${result.rejectedCount} rows:`);
        for (const r of result.rejected.slice(0, LISTED_REJECTIONS)) lines.push(`  row ${r.row}: ${r.reason}`);
        if (result.rejectedCount > LISTED_REJECTIONS) lines.push(`  … and ${result.rejectedCount - LISTED_REJECTIONS} more`);
      }
      if (result.languagesNotUnderstoodCount > 0) {
        const listed = result.languagesNotUnderstood.map((l) => `row ${l.row} "${l.value}"`).join(', ');
        const more = result.languagesNotUnderstoodCount > result.languagesNotUnderstood.length ? ', …' : '';
        lines.push(
          `Language not understood in ${result.languagesNotUnderstoodCount} ${result.languagesNotUnderstoodCount === 1 ? 'row' : 'rows'} (imported; the value is kept with the customer, their calls follow the campaign's or client's language; write a code such as de, en, de-AT): ${listed}${more}`,
        );
      }
      process.stdout.write(lines.join('\n') + '\n');
      return result.imported > 0 ? 0 : 1;
    } finally {
      directory.close();
    }
  }
  if (sub === 'find') {
    const { values, positionals } = parse(rest, {
      limit: { type: 'string' },
      client: { type: 'string' },
      region: { type: 'string' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    const query = positionals.join(' ').trim();
    if (!query) throw new UsageError('customers find needs a QUERY');
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError(`--limit must be 1..10000, not ${String(values.limit)}`);
    const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
    const region = customerRegion(values.region as string | undefined, values.config as string | undefined, dataDir);
    const directory = openCustomers(values['data-dir'] as string | undefined, values.config as string | undefined, dataDir, false);
    try {
      const found = new CustomerDirectory(directory.db).search(query, limit, { defaultRegion: region, client: values.client as string | undefined });
      for (const customer of found) process.stdout.write(JSON.stringify(customer) + '\n');
      return 0;
    } finally {
      directory.close();
    }
  }
  throw new UsageError(`unknown customers command ${sub ? `"${sub}"` : '(none)'}; try "customers import FILE.csv" or "customers find QUERY"`);
}

/**
 * Windows keeps the data in local app data now: whichever of the app and the CLI runs first after
 * the update moves the roaming folder's data there, so a command never reads an empty folder.
 */
function moveDataFromRoaming(options: readonly string[]): void {
  if (process.env.ANLAUF_DATA_DIR || options.some((o) => o === '--data-dir' || o.startsWith('--data-dir='))) return;
  const move = moveRoamingDataDir(process.env, process.platform, Date.now());
  if (move) process.stderr.write(`anlauf: ${describeMove(move)}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // `anlauf start --help` is a question, not a mistake: the command's usage, exit code 0.
    const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    const usage = options.includes('--help') || options.includes('-h') ? commandUsage(command === 'support-bundle' ? 'support' : (command ?? '')) : null;
    if (usage) {
      process.stdout.write(usage);
      return 0;
    }
    moveDataFromRoaming(options);
    switch (command) {
      case '--version':
      case '-v':
      case 'version':
        process.stdout.write(`${APP_VERSION}\n`);
        return 0;
      case 'start':
        return await start(rest);
      case 'calllog':
        return await calllog(rest);
      case 'sync':
        return await sync(rest);
      case 'headset':
        return await headset(rest);
      case 'customers':
        return await customers(rest);
      case 'scripts':
        return scriptsCommand(rest);
      case 'settings':
        return settingsCommand(rest);
      case 'policy':
        return policyCommand(rest);
      case 'support-bundle':
        return await supportBundle(rest);
      case 'support':
        // Issue 16's spelling ("anlauf support bundle"), the same command.
        if (rest[0] !== 'bundle') throw new UsageError(`unknown support command ${rest[0] ? `"${rest[0]}"` : '(none)'}; try "support-bundle"`);
        return await supportBundle(rest.slice(1));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingsUsageError || error instanceof PolicyUsageError) {
      process.stderr.write(`anlauf: ${error.message}\n\n${(command && commandUsage(command)) || USAGE}`);
      return 2;
    }
    if (error instanceof InputFileError || error instanceof SchemaTooNewError) {
      process.stderr.write(`anlauf: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`anlauf: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
