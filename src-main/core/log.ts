/** Structured logging as a port. The default writes one JSON line per record to stderr. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** A logger that writes in the background resolves this once what was logged so far is written (the support bundle reads the log files). */
  flushed?(): Promise<void>;
}

export function createStderrLogger(minLevel: LogLevel = 'info'): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const min = order.indexOf(minLevel);
  return {
    log(level, message, fields) {
      if (order.indexOf(level) < min) return;
      process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level, message, ...fields }) + '\n');
    },
  };
}

export const silentLogger: Logger = { log: () => undefined };

/** An error as a log field: its stack (which names the message too) when it has one. */
export function errorForLog(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
