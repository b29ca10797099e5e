import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { settingsSchema, type Settings } from '../../contract';
import { clientListSchema } from '../../contract/clients';
import { readLocated } from '../files/located-parse';

/**
 * The demo set (resources/demo/, docs/training.md "The demo set"): two companies, a few hundred
 * customers, the sample scripts, the sample forms and a current topic, so the training line shows
 * the whole path on a desk where nothing real is configured yet.
 *
 * It can never reach a real desk: it is used only when the settings configure nothing real (the
 * rule below, decided at start); its companies and folders are a settings layer in memory that no
 * file is ever written from; and its calls and customers live in a database and directory of
 * their own (`<data folder>/demo/`), so a desk that gets its real settings later starts with an
 * empty call log and directory, and the demo's stay where they were.
 */

/** The demo's own folder inside the data folder: its call log and customer directory. */
export const DEMO_DATA_FOLDER = 'demo';

/** The demo set inside the app's resources. */
export const DEMO_RESOURCES = 'demo';

/**
 * Whether a host offers the demo set at all: yes, unless started with `--no-demo` or with
 * ANLAUF_DEMO=off (a trainer who wants the bare training line, a test of the plain first start).
 */
export function demoOffered(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return !argv.includes('--no-demo') && env.ANLAUF_DEMO?.trim().toLowerCase() !== 'off';
}

/** What a setting must say for the desk to count as real; each names itself for the log. */
const REAL: ReadonlyArray<readonly [string, (settings: Settings) => boolean]> = [
  ['sip', (s) => s.sip.websocketUrl !== null || s.sip.uri !== null],
  ['clients', (s) => s.clients.length > 0],
  ['scripts.folder', (s) => s.scripts.folder !== null],
  ['customers.directoryFolder', (s) => s.customers.directoryFolder !== null],
  ['crm', (s) => s.crm.byNumberUrl !== null || s.crm.byCustomerNumberUrl !== null || s.crm.searchUrl !== null],
  ['sync.url', (s) => s.sync.url !== null],
  ['training.scenarioFile', (s) => s.training.scenarioFile !== null],
  ['queues', (s) => s.queues.list.length > 0],
  ['signIn.mode', (s) => s.signIn.mode !== 'off'],
  // The current topics' folder, where this build has one (docs/topics.md).
  ['topics.folder', (s) => typeof (s as { topics?: { folder?: unknown } }).topics?.folder === 'string'],
];

/**
 * Why this desk is real (the settings that say so), or an empty list: the demo set is used. A
 * signed-in agent's SIP identity (a shared desk) is a real line too, and so is a call log of the
 * data folder's own (`callLog`): a desk that has worked without the demo keeps working as it did.
 */
export function realSettings(settings: Settings, signedInLine: boolean, ownCallLog = false): string[] {
  const real = REAL.filter(([, is]) => is(settings)).map(([name]) => name);
  if (signedInLine && !real.includes('sip')) real.unshift('sip');
  if (ownCallLog) real.push('callLog');
  return real;
}

export interface DemoSet {
  /** The settings the demo adds below everything else (never written to a file). */
  layer: Record<string, unknown>;
  /** The companies, as the customer import matches its client column against them. */
  clients: Settings['clients'];
  /** The customers, imported into the demo's own directory at its first start. */
  customersFile: string;
  /** Folders of the sample forms, loaded like the script folder (empty where the build ships none). */
  formFolders: string[];
  /** Where the demo's call log and directory live. */
  dataFolder: string;
}

const demoSettingsSchema = z.object({ agent: z.object({ name: z.string().trim().min(1).max(80) }).strict(), clients: clientListSchema }).strict();

/** The demo set as shipped in `resourcesDir`; its files are the app's own, so a broken one is a build error, thrown with its line. */
export function loadDemoSet(resourcesDir: string, dataDir: string): DemoSet {
  const folder = path.join(resourcesDir, DEMO_RESOURCES);
  const { agent, clients } = readLocated(path.join(folder, 'settings.yaml'), demoSettingsSchema);
  const topicsFolder = path.join(folder, 'topics');
  const formsFolder = path.join(resourcesDir, 'forms');
  // The topics folder setting exists once the current topics are built in (docs/topics.md); until then the file waits.
  const topics = 'topics' in settingsSchema.shape ? { topics: { folder: topicsFolder } } : {};
  return {
    layer: { agent, clients, scripts: { folder: path.join(resourcesDir, 'scripts') }, ...topics },
    clients,
    customersFile: path.join(folder, 'customers.csv'),
    formFolders: fs.existsSync(formsFolder) ? [formsFolder] : [],
    dataFolder: path.join(dataDir, DEMO_DATA_FOLDER),
  };
}
