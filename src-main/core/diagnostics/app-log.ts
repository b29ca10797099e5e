import { createStderrLogger, type LogLevel, type Logger } from '../log';
import { createFileLogger, type FileLogger, type LogFileLimits } from './log-file';
import { scrubFields } from './log-scrub';

export interface AppLog {
  logger: Logger;
  file: FileLogger;
  /** The configured secrets, once the settings are read (the logger exists before them). */
  useSecrets(secrets: () => readonly string[]): void;
  /** Resolves once every record logged before it is on disk. */
  close(): Promise<void>;
}

/**
 * The hosts' logger (Electron and the browser host): each record goes to stderr, as before, and to
 * the log file in the data folder, both with secrets scrubbed.
 */
export function openAppLog(dataDir: string, options: { minLevel?: LogLevel; limits?: LogFileLimits; stderr?: boolean } = {}): AppLog {
  let secrets: () => readonly string[] = () => [];
  const current = () => secrets();
  const stderr = createStderrLogger(options.minLevel);
  const file = createFileLogger({ dataDir, secrets: current, minLevel: options.minLevel, limits: options.limits });
  const logger: Logger = {
    log(level, message, fields) {
      if (options.stderr !== false)
        stderr.log(level, scrubFields(message, current()) as string, fields && (scrubFields(fields, current()) as Record<string, unknown>));
      file.log(level, message, fields);
    },
    flushed: () => file.flushed(),
  };
  return {
    logger,
    file,
    useSecrets(next) {
      secrets = next;
    },
    close: () => file.close(),
  };
}
