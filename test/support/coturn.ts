// A real STUN/TURN server on loopback: Debian's coturn (`turnserver`), started in the foreground
// by the test on a free UDP port, with one long-term credential, and stopped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stunBinding } from '../../src-main/core/phone/stun';
import { freePort } from './kamailio';

export const TURNSERVER_BIN = '/usr/bin/turnserver';

export interface Coturn {
  readonly port: number;
  readonly realm: string;
  readonly username: string;
  readonly password: string;
  logs(): string;
  /** SIGTERM, then SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

export function ensureCoturn(): string {
  if (!fs.existsSync(TURNSERVER_BIN)) throw new Error(`coturn is not installed (${TURNSERVER_BIN}). Install it with: apt-get install coturn`);
  return TURNSERVER_BIN;
}

const MAX_LOG = 1024 * 1024;

export async function startCoturn(options: { username?: string; password?: string; startTimeoutMs?: number } = {}): Promise<Coturn> {
  const bin = ensureCoturn();
  const port = await freePort('udp');
  const realm = 'anlauf.test';
  const username = options.username ?? 'desk';
  const password = options.password ?? 'turn-secret';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-coturn-'));
  // Relay ports of their own, away from the kernel's ephemeral range and rtpengine's blocks.
  const relayBase = 30_000 + 100 * Math.floor(Math.random() * 20);
  let log = '';
  const append = (chunk: Buffer | string) => {
    log += chunk.toString();
    if (log.length > MAX_LOG) log = log.slice(log.length - MAX_LOG);
  };
  const child: ChildProcess = spawn(
    bin,
    [
      '-n', // no config file
      '--listening-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--relay-ip=127.0.0.1',
      `--min-port=${relayBase}`,
      `--max-port=${relayBase + 99}`,
      '--lt-cred-mech',
      `--user=${username}:${password}`,
      `--realm=${realm}`,
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers',
      `--pidfile=${path.join(dir, 'turnserver.pid')}`,
      `--userdb=${path.join(dir, 'turndb')}`,
      '--log-file=stdout',
      '--simple-log',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`turnserver exited during start (code ${child.exitCode}). Its output:\n${log}`);
    }
    const up = await stunBinding({ host: '127.0.0.1', port }, { timeoutMs: 300, rtoMs: 100 }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver did not answer a STUN binding on 127.0.0.1:${port}. Its output:\n${log}`);
    }
  }
  return { port, realm, username, password, logs: () => log, stop };
}
