import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { settingsWithoutSecrets, type Settings } from '../../contract';
import type { Recording } from '../recorder/flight-recorder';
import { settingsSecrets } from '../recorder/sip-redact';
import type { LineHistoryEntry } from '../phone/line-history';
import { integrity, lastCalls, lineHistoryFromLogs, shiftChecks, syncState } from './bundle-sources';
import { customerRedaction, redactCustomerFields, redactCustomerLog } from './customer-redact';
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
  /** The connected headsets with their HID report descriptors (headset-descriptors.ts), or why there are none. */
  headsetDescriptors?: unknown;
  /** The line's registration history as the running app kept it (PhoneService.lineHistory). */
  lineHistory?: { entries: LineHistoryEntry[]; dropped: number };
  sync?: unknown;
  storage?: unknown;
  /** The agent opted in: the customers' numbers and names stay in the calls and their SIP traces. */
  includeCustomerData?: boolean;
}

const NOT_RUNNING = 'not in this bundle: it was made without the running app (the command line); see the logs';
const NO_DATABASE = 'this data folder has no call log (anlauf.sqlite): the app has not started here yet';

export function collectSupportBundle(src: BundleSources): BuiltBundle {
  const logs = logFiles(path.join(src.dataDir, LOG_DIR));
  const { db } = src;
  const withCustomers = src.includeCustomerData === true;
  // One set of placeholders for the whole zip: a number is [number-1] in the trace and the log alike.
  const redaction = customerRedaction(src.settings);
  const keep = <T>(value: T): T => (withCustomers ? value : (redactCustomerFields(value, redaction) as T));
  const calls = db ? lastCalls(db, clampCalls(src.calls), src.recording, withCustomers) : [];
  const parts: BundlePart[] = [
    { name: 'README.md', text: readme(withCustomers, src.line !== undefined) },
    { name: 'about.json', json: aboutApp(src.app) },
    { name: 'settings.json', json: { effective: settingsWithoutSecrets(src.settings), origins: src.origins } },
    {
      name: 'line.json',
      json: keep({
        now: src.line?.state ?? NOT_RUNNING,
        registrations: src.lineHistory ? registrations(src.lineHistory) : NOT_RUNNING,
        history: lineHistoryFromLogs(logs),
        recorder: src.line?.recorder ?? null,
      }),
    },
    { name: 'devices.json', json: src.devices ?? { audio: NOT_RUNNING, headsets: NOT_RUNNING } },
    { name: 'headsets.json', json: src.headsetDescriptors ?? NOT_RUNNING },
    { name: 'sync.json', json: { now: src.sync ?? NOT_RUNNING, outbox: db ? syncState(db) : NO_DATABASE } },
    { name: 'database.json', json: db ? { integrity: integrity(db), storage: src.storage ?? null } : NO_DATABASE },
    { name: 'shift-checks.json', json: (db ? shiftChecks(db) : NO_DATABASE) ?? 'no pre-shift checks recorded in this database' },
    { name: 'calls.json', json: calls.map((c) => c.call) },
    ...calls.map((c) => ({ name: `calls/${c.call.id}.json`, json: { call: c.call, recorder: keep(c.recording) } })),
    ...logs.map((file) => ({
      name: `logs/${path.basename(file)}`,
      file,
      ...(withCustomers ? {} : { transform: (text: string) => redactCustomerLog(text, redaction) }),
    })),
  ];
  return buildSupportBundle({
    now: src.now,
    parts,
    secrets: settingsSecrets(src.settings),
    customerData: { included: withCustomers, leftOut: withCustomers ? [] : CUSTOMER_DATA_LEFT_OUT },
  });
}

const CUSTOMER_DATA_LEFT_OUT = [
  { name: "the calls' numbers and names", why: 'customer data: the agent did not opt in; in the SIP traces and logs they are placeholders such as [number-1]' },
  { name: 'IVR data in SIP headers (the configured sip.headers, every X- header)', why: 'customer data: the agent did not opt in' },
];

/** The in-memory registration history with readable times. */
function registrations(history: { entries: LineHistoryEntry[]; dropped: number }) {
  return { dropped: history.dropped, entries: history.entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })) };
}

/** What the zip holds and what it leaves out, for the person who opens it first. */
function readme(withCustomers: boolean, running: boolean): string {
  return [
    '# Anlauf support bundle',
    '',
    running
      ? 'Made by the running app (Settings, or the support:bundle command).'
      : 'Made by `anlauf support bundle` without the running app: the line now, its registrations and the audio devices are not in it.',
    '',
    '| file | what |',
    '| --- | --- |',
    '| about.json | app version and host, Node/Electron/Chromium versions, operating system |',
    '| settings.json | the effective settings, secrets replaced by `…Set` flags, and where each came from (`origins`) |',
    "| line.json | the line now, its registration history (`registrations`: every status change with the server's SIP code), the status changes found in the logs (`history`) and the line's flight recorder (REGISTER, OPTIONS) |",
    '| devices.json | audio devices and headsets as the app sees them |',
    '| headsets.json | the connected headsets: vendor and product id and the HID report descriptor in hex (`anlauf headset describe` reads it) |',
    '| sync.json | delivery to the backend, waiting and refused (quarantined) records with their reasons |',
    '| database.json, shift-checks.json | SQLite integrity check, the last pre-shift checks |',
    "| calls.json, calls/<id>.json | the last calls and each call's flight recorder: its SIP messages, media and device events |",
    '| logs/anlauf.log* | the log files, newest first |',
    '| manifest.json | every file with its size, and what was left out and why |',
    '',
    '## Left out',
    '',
    '- Secrets: every configured secret, Authorization/Proxy-Authorization digest responses, nonces, cnonces and opaques, Bearer and Basic values.',
    '- The customer card, the CRM cache, the customer directory, dispositions, notes and script answers: never in a bundle.',
    withCustomers
      ? "- Customer data: **included**, the agent opted in. The calls' numbers and names and the SIP traces' From, To, P-Asserted-Identity and IVR headers are as they were."
      : "- Customer data: **left out**, the agent did not opt in. The calls' numbers and names, the user parts and display names in From, To, Contact, P-Asserted-Identity, Diversion, Refer-To and the request line, and the IVR's headers (and every X- header) are placeholders such as `[number-1]`, `[name-1]`, `[data-1]`: the same value has the same placeholder throughout this zip. The agent's own SIP user and display name stay.",
    '',
  ].join('\n');
}
