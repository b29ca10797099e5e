import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { settingsView, type Settings } from '../../contract';
import type { Recording } from '../recorder/flight-recorder';
import { settingsSecrets } from '../recorder/sip-redact';
import { integrity, lastCalls, lineHistoryFromLogs, shiftChecks, syncState } from './bundle-sources';
import { LOG_DIR, logFiles } from './log-file';
import { aboutApp, buildSupportBundle, clampCalls, type BuiltBundle, type BundlePart } from './support-bundle';

/**
 * What a support bundle is made of. The running app gives everything; the command line has no
 * line, media end or headset service of its own, and says so in the bundle rather than guess.
 */
export interface BundleSources {
  dataDir: string;
  now: number;
  app: { version: string; host: string };
  settings: Settings;
  origins: unknown;
  /** The call log; null where the folder has none yet (an app that never started, e.g. over a broken settings file). */
  db: Database | null;
  calls?: number | undefined;
  /** The recorder of a call, the live one for a call in progress (else the saved one is read). */
  recording?: (callId: string) => Recording | null;
  /** The line as the running app sees it: its state and its own recorder. */
  line?: { state: unknown; recorder: Recording };
  devices?: { audio: unknown; headsets: unknown };
  sync?: unknown;
  storage?: unknown;
}

const NOT_RUNNING = 'not in this bundle: it was made without the running app (the command line); see the logs';
const NO_DATABASE = 'this data folder has no call log (anlauf.sqlite): the app has not started here yet';

export function collectSupportBundle(src: BundleSources): BuiltBundle {
  const logs = logFiles(path.join(src.dataDir, LOG_DIR));
  const { db } = src;
  const calls = db ? lastCalls(db, clampCalls(src.calls), src.recording) : [];
  const parts: BundlePart[] = [
    { name: 'about.json', json: aboutApp(src.app) },
    { name: 'settings.json', json: { effective: settingsView(src.settings), origins: src.origins } },
    { name: 'line.json', json: { now: src.line?.state ?? NOT_RUNNING, history: lineHistoryFromLogs(logs), recorder: src.line?.recorder ?? null } },
    { name: 'devices.json', json: src.devices ?? { audio: NOT_RUNNING, headsets: NOT_RUNNING } },
    { name: 'sync.json', json: { now: src.sync ?? NOT_RUNNING, outbox: db ? syncState(db) : NO_DATABASE } },
    { name: 'database.json', json: db ? { integrity: integrity(db), storage: src.storage ?? null } : NO_DATABASE },
    { name: 'shift-checks.json', json: (db ? shiftChecks(db) : NO_DATABASE) ?? 'no pre-shift checks recorded in this database' },
    { name: 'calls.json', json: calls.map((c) => c.call) },
    ...calls.map((c) => ({ name: `calls/${c.call.id}.json`, json: { call: c.call, recorder: c.recording } })),
    ...logs.map((file) => ({ name: `logs/${path.basename(file)}`, file })),
  ];
  return buildSupportBundle({ now: src.now, parts, secrets: settingsSecrets(src.settings) });
}
