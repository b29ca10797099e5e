import type { Database } from 'better-sqlite3';
import type { Settings, Snapshot } from '../../contract';
import type { Clock } from '../clock';
import { AnlaufError } from '../errors';
import { errorForLog, type Logger } from '../log';
import type { HidPort } from '../headset/hid-port';
import type { LineHistoryEntry } from '../phone/line-history';
import type { FlightRecorder } from '../recorder/flight-recorder';
import { writeProblemReport, type ProblemReport } from '../recorder/problem-report';
import { settingsSecrets } from '../recorder/sip-redact';
import type { CallLogRepository } from '../store/call-log';
import { collectSupportBundle } from './collect';
import { headsetDescriptors as readHeadsetDescriptors } from './headset-descriptors';
import { saveSupportBundle } from './support-bundle';

export interface SupportReportsDeps {
  dataDir: string;
  app: Snapshot['app'];
  clock: Clock;
  logger: Logger;
  db: Database;
  callLog: Pick<CallLogRepository, 'get'>;
  recorder: Pick<FlightRecorder, 'recording' | 'lineRecording' | 'limits'>;
  /** The settings as the support bundle shows them: the values and where each came from. */
  settings: { get(): Settings; origins(): { settingsFile: string | null; fromFile: string[]; fromAgent: string[] } };
  /** What the agent's screen shows now (line, calls, devices, sync), for the bundle. */
  snapshot: () => Snapshot;
  /** The line's registration history (PhoneService). */
  lineHistory?: () => { entries: LineHistoryEntry[]; dropped: number };
  /** Where the headsets' report descriptors are read; null: no headsets on this desk. */
  hid?: HidPort | null;
}

export interface SupportBundleRequest {
  /** The last calls with their SIP traces: 10 unless asked, at most 50. */
  calls?: number | undefined;
  /** The agent opted in: the customers' numbers and names stay in (docs/it-admin.md). */
  includeCustomerData?: boolean | undefined;
}

/** What the Dispatcher may ask for support: a call's problem report, the desk's bundle. */
export interface ISupportReports {
  reportProblem(callId: string, note: string): ProblemReport;
  supportBundle(request?: SupportBundleRequest): Promise<{ path: string; filename: string; bytes: Uint8Array }>;
}

/** Files for support, written to the data folder's reports/: one call's problem report, or the whole desk's bundle. */
export class SupportReports implements ISupportReports {
  constructor(private readonly deps: SupportReportsDeps) {}

  /** "Report a problem with this call": one file for support in the data folder's reports/. */
  reportProblem(callId: string, note: string): ProblemReport {
    const call = this.deps.callLog.get(callId);
    if (!call) throw new AnlaufError('callLog.noSuchCall', {}, 'not-found');
    return writeProblemReport({
      dataDir: this.deps.dataDir,
      now: this.deps.clock.now(),
      app: this.deps.app,
      call,
      note,
      recording: this.deps.recorder.recording(callId),
      limits: this.deps.recorder.limits,
      line: this.deps.recorder.lineRecording(),
      secrets: settingsSecrets(this.deps.settings.get()),
    });
  }

  /**
   * "Create support bundle": one zip in the data folder's reports/ with what support needs — the
   * versions, settings without secrets, the line and its history, devices, sync, the database's
   * check, the logs and the last calls' flight recorders (docs/it-admin.md).
   */
  async supportBundle(request: SupportBundleRequest = {}): Promise<{ path: string; filename: string; bytes: Uint8Array }> {
    const known = new Set(this.deps.snapshot().headsets.map((headset) => headset.key));
    const headsetDescriptors = this.deps.hid
      ? await readHeadsetDescriptors(this.deps.hid, known).catch((error: unknown) => `the headsets could not be listed: ${errorForLog(error)}`)
      : 'no HID access on this desk (no headset port)';
    // The log file is written in the background: the records up to this click belong in the bundle.
    await this.deps.logger.flushed?.();
    const snapshot = this.deps.snapshot();
    const bundle = collectSupportBundle({
      dataDir: this.deps.dataDir,
      now: this.deps.clock.now(),
      app: snapshot.app,
      settings: this.deps.settings.get(),
      origins: this.deps.settings.origins(),
      db: this.deps.db,
      calls: request.calls,
      includeCustomerData: request.includeCustomerData === true,
      lineHistory: this.deps.lineHistory?.(),
      headsetDescriptors,
      recording: (id) => this.deps.recorder.recording(id),
      line: {
        state: { line: snapshot.line, calls: snapshot.calls.map((c) => ({ id: c.id, state: c.state, reconnecting: c.reconnecting ?? false })) },
        recorder: this.deps.recorder.lineRecording(),
      },
      devices: { audio: snapshot.audio, headsets: snapshot.headsets },
      sync: snapshot.sync,
      storage: snapshot.storage,
    });
    const file = saveSupportBundle(this.deps.dataDir, bundle);
    this.deps.logger.log('info', 'support bundle written', {
      path: file,
      bytes: bundle.bytes.length,
      customerData: bundle.manifest.customerData,
      leftOut: bundle.manifest.leftOut.length,
    });
    return { path: file, filename: bundle.filename, bytes: bundle.bytes };
  }
}
