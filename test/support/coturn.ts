// A real STUN/TURN server on loopback: Debian's coturn (`turnserver`), started in the foreground
// by the test on a free UDP port, with one long-term credential, and stopped afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stunBinding } from '../../src-main/core/phone/stun';
import { startDaemon } from './daemon';
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
  const daemon = await startDaemon({
    name: 'turnserver',
    bin,
    args: [
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
    dir,
    ready: () =>
      stunBinding({ host: '127.0.0.1', port }, { timeoutMs: 300, rtoMs: 100 }).then(
        () => true,
        () => false,
      ),
    notReady: `did not answer a STUN binding on 127.0.0.1:${port}`,
    startTimeoutMs: options.startTimeoutMs ?? 15_000,
    maxLog: MAX_LOG,
  });
  return { port, realm, username, password, logs: daemon.output, stop: daemon.stop };
}
