import fs from 'node:fs';
import path from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { ensurePrivateDir, ensurePrivateFile, PRIVATE_FILE_MODE } from '../files/private-files';
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
/** One record is cut to this (or less for a small file): a runaway field must not rotate a whole file away. */
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
  flushed(): Promise<void>;
  /** Every record logged so far is on disk once this resolves; later records are dropped. */
  close(): Promise<void>;
}

/**
 * JSON lines in `<dataDir>/logs/anlauf.log`, owner-only, rotated by size through
 * rotating-file-stream in logrotate's way (anlauf.log → .1 → …, the oldest dropped).
 *
 * The library writes asynchronously, where our own rotation wrote each record synchronously: a
 * record logged right before the process ends would be lost. So every record stays in `unwritten`
 * until the library confirms it, and an exiting process appends what is left with a synchronous
 * write (`process.on('exit')` runs for `process.exit()`, for the end of the event loop and after
 * an uncaught exception). What this cannot cover is a process killed outright (SIGKILL, a native
 * crash) during the millisecond a write is in flight; and a record in flight at exit may appear
 * twice, which is better than not at all. A failing disk never stops the app: the file logger
 * then falls silent and says so once on stderr.
 */
export function createFileLogger(options: { dataDir: string; secrets?: () => readonly string[]; minLevel?: LogLevel; limits?: LogFileLimits }): FileLogger {
  const limits = checkLimits(options.limits ?? LOG_LIMITS);
  const recordCap = recordCapFor(limits.maxBytes);
  const min = ORDER.indexOf(options.minLevel ?? 'info');
  const dir = path.join(options.dataDir, LOG_DIR);
  const file = path.join(dir, LOG_FILE);
  let stream: RotatingFileStream | null = null;
  const unwritten: string[] = [];
  let waiting: (() => void)[] = [];
  const settle = () => {
    if (unwritten.length > 0 && !broken) return;
    const done = waiting;
    waiting = [];
    for (const resolve of done) resolve();
  };
  let broken = false;
  let closing: Promise<void> | null = null;

  const fail = (error: unknown) => {
    if (broken) return;
    broken = true;
    settle();
    process.stderr.write(
      `${JSON.stringify({ t: new Date().toISOString(), level: 'error', message: 'the log file cannot be written; logging to it stops', path: file, error: errorForLog(error) })}\n`,
    );
  };
  const flushSync = () => {
    if (unwritten.length === 0 || broken) return;
    try {
      fs.appendFileSync(file, unwritten.join(''), { mode: PRIVATE_FILE_MODE });
      unwritten.length = 0;
      settle();
    } catch (error) {
      fail(error);
    }
  };
  const open = (): RotatingFileStream => {
    ensurePrivateDir(dir);
    // An existing file keeps its mode when opened for appending: make it owner-only too.
    ensurePrivateFile(file);
    // In logrotate's way (`rotate`) the library passes the file's index first: null for the current one.
    const opened = createStream((index: number | Date | null) => (typeof index === 'number' && index > 0 ? `${LOG_FILE}.${index}` : LOG_FILE), {
      path: dir,
      // The library rotates after the write that reaches `size`: one record (at most recordCap)
      // below maxBytes keeps every file within maxBytes, as before.
      size: `${limits.maxBytes - recordCap + 1}B`,
      rotate: limits.files - 1,
      mode: PRIVATE_FILE_MODE,
    });
    opened.on('error', fail);
    opened.on('warning', fail);
    exitFlushes.add(flushSync);
    return opened;
  };

  return {
    dir,
    log(level, message, fields) {
      if (broken || closing || ORDER.indexOf(level) < min) return;
      try {
        const line = record(level, message, fields, options.secrets?.() ?? [], recordCap);
        stream ??= open();
        unwritten.push(line);
        stream.write(line, (error) => {
          if (error) return;
          unwritten.shift();
          settle();
        });
      } catch (error) {
        fail(error);
      }
    },
    flushed() {
      if (unwritten.length === 0 || broken) return Promise.resolve();
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (!stream) return resolve();
        const done = () => {
          flushSync();
          exitFlushes.delete(flushSync);
          resolve();
        };
        stream.end(done);
        // An error ends the stream without 'finish': what is left goes the synchronous way.
        stream.once('error', done);
      });
      return closing;
    },
  };
}

/** One exit listener for every open log file, whichever test or host opened them. */
const exitFlushes = new Set<() => void>();
process.on('exit', () => {
  for (const flush of exitFlushes) flush();
});

function checkLimits(limits: LogFileLimits): LogFileLimits {
  if (!Number.isInteger(limits.files) || limits.files < 2)
    throw new Error(`log files kept must be an integer of at least 2 (the current one and one rotated), not ${limits.files}`);
  if (!Number.isInteger(limits.maxBytes) || limits.maxBytes < 1024)
    throw new Error(`a log file's size bound must be an integer of at least 1024 bytes, not ${limits.maxBytes}`);
  return limits;
}

/** MAX_RECORD_BYTES, or a quarter of a small file's bound (the tests' files of a few KiB). */
function recordCapFor(maxBytes: number): number {
  return Math.min(MAX_RECORD_BYTES, Math.floor(maxBytes / 4));
}

function record(level: LogLevel, message: string, fields: Record<string, unknown> | undefined, secrets: readonly string[], cap: number): string {
  const entry = {
    t: new Date().toISOString(),
    level,
    message: scrubFields(message, secrets) as string,
    ...(scrubFields(fields ?? {}, secrets) as Record<string, unknown>),
  };
  const line = JSON.stringify(entry) + '\n';
  if (Buffer.byteLength(line) <= cap) return line;
  // An eighth of the cap in characters stays within it: UTF-8 takes up to 3 bytes a character, and
  // quoting the cut JSON again at most doubles its escapes.
  const half = Math.floor(cap / 16);
  return (
    JSON.stringify({ t: entry.t, level, message: entry.message.slice(0, half), truncated: scrubText(line.slice(0, half)), bytes: Buffer.byteLength(line) }) +
    '\n'
  );
}
