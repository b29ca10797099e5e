// A server the tests start in the foreground (rtpengine, coturn): its output kept for the error
// messages, killed if the test process exits without stopping it, and started only once it
// answers what `ready` asks of it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface Daemon {
  /** Everything it printed so far (the newest `maxLog` characters). */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; removes its folder. Idempotent. */
  stop(): Promise<void>;
}

export interface DaemonOptions {
  /** Its name in error messages ("rtpengine"). */
  name: string;
  bin: string;
  args: string[];
  /** Its working folder, made by the caller, removed on stop(). */
  dir: string;
  /** Whether it answers yet (e.g. one ping); asked until it does or the time is up. */
  ready(): Promise<boolean>;
  /** What did not happen in time, for the error ("did not answer an ng ping on …"). */
  notReady: string;
  startTimeoutMs: number;
  maxLog: number;
  /** Pause between two `ready` questions (default none: `ready` waits itself). */
  pollMs?: number;
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  let log = '';
  const append = (chunk: Buffer | string) => {
    log += chunk.toString();
    if (log.length > options.maxLog) log = log.slice(log.length - options.maxLog);
  };
  const child: ChildProcess = spawn(options.bin, options.args, { cwd: options.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const running = () => child.exitCode === null && child.signalCode === null;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const killOnExit = () => {
    if (running()) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (running()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(options.dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + options.startTimeoutMs;
  for (;;) {
    if (!running()) {
      await stop();
      throw new Error(`${options.name} exited during start (code ${child.exitCode}). Its output:\n${log}`);
    }
    if (await options.ready()) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} ${options.notReady}. Its output:\n${log}`);
    }
    if (options.pollMs) await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  return { output: () => log, stop };
}
