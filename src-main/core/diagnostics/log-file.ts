import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../files/private-files';
import { errorForLog, type LogLevel, type Logger } from '../log';
import { scrubFields, scrubText } from './log-scrub';

/** In the data folder: support asks for it, and the support bundle takes it from there. */
export const LOG_DIR = 'logs';
export const LOG_FILE = 'anlauf.log';

export interface LogFileLimits {
  /** A file is rotated before it would grow past this. */
  maxBytes: number;
  /** Files kept, the current one included: the logs never take more than maxBytes × files. */
  files: number;
}

/** 5 MiB × 5: weeks of a normal desk's log, and at most 25 MiB on disk. */
export const LOG_LIMITS: LogFileLimits = { maxBytes: 5 * 1024 * 1024, files: 5 };
/** One record is cut to this: a runaway field must not rotate a whole file away. */
const MAX_RECORD_BYTES = 16 * 1024;

const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The log files in `dir`, newest first (anlauf.log, anlauf.log.1, …). */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const rank = (name: string) => (name === LOG_FILE ? 0 : Number(name.slice(LOG_FILE.length + 1)));
  return names
    .filter((name) => name === LOG_FILE || new RegExp(`^${LOG_FILE.replace('.', '\\.')}\\.\\d+$`).test(name))
    .sort((a, b) => rank(a) - rank(b))
    .map((name) => path.join(dir, name));
}

export interface FileLogger extends Logger {
  readonly dir: string;
  close(): void;
}

/**
 * JSON lines in `<dataDir>/logs/anlauf.log`, owner-only, rotated by size (anlauf.log → .1 → … ,
 * the oldest dropped). Writes are synchronous: a record must be on disk when the process dies
 * right after it, and a desk logs a few lines a minute. A failing disk never stops the app: the
 * file logger then falls silent and says so once on stderr.
 */
export function createFileLogger(options: { dataDir: string; secrets?: () => readonly string[]; minLevel?: LogLevel; limits?: LogFileLimits }): FileLogger {
  const limits = options.limits ?? LOG_LIMITS;
  const min = ORDER.indexOf(options.minLevel ?? 'info');
  const dir = path.join(options.dataDir, LOG_DIR);
  const file = path.join(dir, LOG_FILE);
  let fd: number | null = null;
  let size = 0;
  let broken = false;

  const open = () => {
    ensurePrivateDir(dir);
    fd = fs.openSync(file, 'a', PRIVATE_FILE_MODE);
    // An existing file keeps its mode under open(): make it owner-only too.
    if (process.platform !== 'win32') fs.fchmodSync(fd, PRIVATE_FILE_MODE);
    size = fs.fstatSync(fd).size;
  };
  const close = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
  };
  const rotate = () => {
    close();
    fs.rmSync(`${file}.${limits.files - 1}`, { force: true });
    for (let n = limits.files - 2; n >= 1; n--) {
      if (fs.existsSync(`${file}.${n}`)) fs.renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    }
    if (limits.files > 1) fs.renameSync(file, `${file}.1`);
    else fs.rmSync(file, { force: true });
    open();
  };

  return {
    dir,
    log(level, message, fields) {
      if (broken || ORDER.indexOf(level) < min) return;
      try {
        const line = record(level, message, fields, options.secrets?.() ?? []);
        const bytes = Buffer.byteLength(line);
        if (fd === null) open();
        if (size > 0 && size + bytes > limits.maxBytes) rotate();
        fs.writeSync(fd!, line);
        size += bytes;
      } catch (error) {
        broken = true;
        close();
        process.stderr.write(
          `${JSON.stringify({ t: new Date().toISOString(), level: 'error', message: 'the log file cannot be written; logging to it stops', path: file, error: errorForLog(error) })}\n`,
        );
      }
    },
    close,
  };
}

function record(level: LogLevel, message: string, fields: Record<string, unknown> | undefined, secrets: readonly string[]): string {
  const entry = {
    t: new Date().toISOString(),
    level,
    message: scrubFields(message, secrets),
    ...(scrubFields(fields ?? {}, secrets) as Record<string, unknown>),
  };
  const line = JSON.stringify(entry) + '\n';
  if (Buffer.byteLength(line) <= MAX_RECORD_BYTES) return line;
  return JSON.stringify({ t: entry.t, level, message: entry.message, truncated: scrubText(line.slice(0, MAX_RECORD_BYTES / 2)) }) + '\n';
}
