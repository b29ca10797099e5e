import type { Logger } from '../core/log';
import { errorForLog } from '../core/log';

/** The part of `process` the guard needs; a test may hand in its own emitter. */
export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * The browser host's last line: an exception nothing caught is logged with its stack and the
 * process keeps running. Node's advice is to exit after one, since state may be half-changed;
 * but exiting ends every call and registration at once, while the state that matters (the call
 * log, the outbox) is written in SQLite transactions that either happened or did not. So an
 * agent keeps the customer on the line, and the log says what to fix. A storm of them is logged
 * in brief so stderr cannot fill the disk.
 */
export function installLastResortGuard(logger: Logger, proc: ProcessEvents = process, now: () => number = Date.now): void {
  const WINDOW_MS = 60_000;
  const LOGGED_PER_WINDOW = 20;
  let windowStart = 0;
  let inWindow = 0;
  const report = (kind: string, error: unknown) => {
    const at = now();
    if (at - windowStart >= WINDOW_MS) {
      if (inWindow > LOGGED_PER_WINDOW) logger.log('error', `${inWindow - LOGGED_PER_WINDOW} more uncaught errors were not logged`);
      windowStart = at;
      inWindow = 0;
    }
    inWindow++;
    if (inWindow <= LOGGED_PER_WINDOW) logger.log('error', `${kind}; the workstation keeps running`, { error: errorForLog(error) });
  };
  proc.on('uncaughtException', (error) => report('uncaught exception', error));
  proc.on('unhandledRejection', (reason) => report('unhandled promise rejection', reason));
}
