// A real rtpengine on loopback: the media relay a call center puts between plain RTP phones and
// WebRTC agents. Started in the foreground, in userspace (no kernel table, no config file),
// controlled by Kamailio over the ng protocol. See docs/testing-sip.md ("The relay topology").
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDaemon } from './daemon';
import { freePort } from './kamailio';

export const RTPENGINE_BIN = '/usr/bin/rtpengine';

export interface Rtpengine {
  /** The ng control port on 127.0.0.1 (Kamailio's rtpengine_sock). */
  readonly ngPort: number;
  /** The media ports it relays on: [min, max] on its address. */
  readonly mediaPorts: readonly [number, number];
  /** Everything it printed so far. */
  logs(): string;
  /** SIGTERM, then SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

export function ensureRtpengine(): string {
  if (!fs.existsSync(RTPENGINE_BIN)) {
    throw new Error(`rtpengine is not installed (${RTPENGINE_BIN}). Install it with: apt-get install rtpengine-daemon`);
  }
  return RTPENGINE_BIN;
}

/**
 * A block of 400 media ports that nothing else of ours uses: each rtpengine of a test run gets
 * its own, away from the ephemeral range the kernel hands out (32768–60999 on Debian).
 */
function mediaPortBlock(): [number, number] {
  const base = 20_000 + 400 * Math.floor(Math.random() * 25);
  return [base, base + 399];
}

const MAX_LOG = 2 * 1024 * 1024;

export async function startRtpengine(
  options: {
    logLevel?: number;
    startTimeoutMs?: number;
    /**
     * The address it relays media on (default 127.0.0.1). A test namespace's root address
     * (test/support/netns.ts) lets an agent inside the namespace reach it; phones in the root
     * namespace reach it too, as a local address (it stays one while the veth is down).
     */
    mediaAddress?: string;
  } = {},
): Promise<Rtpengine> {
  const bin = ensureRtpengine();
  const ngPort = await freePort('udp');
  const mediaPorts = mediaPortBlock();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-rtpengine-'));
  const daemon = await startDaemon({
    name: 'rtpengine',
    bin,
    args: [
      '--foreground',
      '--log-stderr',
      '--table=-1', // userspace only: no kernel forwarding module here
      '--config-file=none',
      `--interface=${options.mediaAddress ?? '127.0.0.1'}`,
      `--listen-ng=127.0.0.1:${ngPort}`,
      `--port-min=${mediaPorts[0]}`,
      `--port-max=${mediaPorts[1]}`,
      `--log-level=${options.logLevel ?? 6}`,
      `--pidfile=${path.join(dir, 'rtpengine.pid')}`,
      '--num-threads=2',
      '--delete-delay=0',
      '--timeout=60',
    ],
    dir,
    ready: () => answersPing(ngPort),
    notReady: `did not answer an ng ping on 127.0.0.1:${ngPort}`,
    startTimeoutMs: options.startTimeoutMs ?? 10_000,
    maxLog: MAX_LOG,
    pollMs: 50,
  });
  return { ngPort, mediaPorts, logs: daemon.output, stop: daemon.stop };
}

/** One ng "ping" (bencoded, with a cookie): rtpengine answers "pong" once it is up. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const cookie = `anlauf${Math.floor(Math.random() * 1e9)}`;
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 500);
    socket.on('message', (message) => finish(message.toString().startsWith(`${cookie} `) && message.includes('pong')));
    socket.on('error', () => finish(false));
    socket.send(`${cookie} d7:command4:pinge`, port, '127.0.0.1');
  });
}
