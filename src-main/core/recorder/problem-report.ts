import path from 'node:path';
import { scrubSecrets, type CallLogEntry } from '../../contract';
import { ensurePrivateDir, writePrivateFile } from '../files/private-files';
import type { RingLimits } from './ring';
import type { Recording } from './flight-recorder';

/** Where reports go, in the data folder: IT finds them beside the database. */
export const REPORTS_DIR = 'reports';
export const REPORT_FORMAT = 'anlauf-problem-report/1';

export interface ProblemReportInput {
  dataDir: string;
  now: number;
  app: { version: string; host: string };
  call: CallLogEntry;
  note: string;
  recording: Recording | null;
  limits: RingLimits;
  line: Recording;
  secrets: readonly string[];
}

export interface ProblemReport {
  path: string;
  filename: string;
  content: string;
}

/**
 * "Report a problem with this call": one JSON file with the call as logged, the agent's note, the
 * call's flight recorder and the line's, readable by the agent's account only (it names the
 * customer). Secrets are blanked once more, whatever the recorder already did.
 */
export function writeProblemReport(input: ProblemReportInput): ProblemReport {
  const stamp = new Date(input.now).toISOString().replace(/[:.]/g, '-');
  const filename = `anlauf-problem-${stamp}-${input.call.id.slice(-8)}.json`;
  const report = {
    format: REPORT_FORMAT,
    createdAt: new Date(input.now).toISOString(),
    app: input.app,
    note: input.note,
    call: input.call,
    recorder: {
      bound: input.limits,
      held: input.recording !== null,
      dropped: input.recording?.dropped ?? 0,
      bytes: input.recording?.bytes ?? 0,
      entries: input.recording?.entries ?? [],
    },
    line: { dropped: input.line.dropped, bytes: input.line.bytes, entries: input.line.entries },
  };
  const content = JSON.stringify(scrubSecrets(report, input.secrets), null, 1);
  const dir = path.join(input.dataDir, REPORTS_DIR);
  ensurePrivateDir(dir);
  const file = path.join(dir, filename);
  writePrivateFile(file, content);
  return { path: file, filename, content };
}
