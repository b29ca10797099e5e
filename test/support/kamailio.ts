// A real Kamailio on loopback for SIP tests: registrar + proxy, SIP over WebSocket
// for JsSIP, UDP for sipp. Started in the foreground from the test (no daemon, no
// systemd), config generated from test/sip/kamailio.cfg into a temp dir.
// See docs/testing-sip.md.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { projectRoot } from './paths';

export const KAMAILIO_BIN_CANDIDATES = ['/usr/sbin/kamailio', '/usr/local/sbin/kamailio'];
export const KAMAILIO_MODULE_DIR = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
export const KAMAILIO_TEMPLATE = path.join(projectRoot, 'test', 'sip', 'kamailio.cfg');

/** The users every test server knows unless a test brings its own. */
export const DEFAULT_SIP_USERS: Readonly<Record<string, string>> = Object.freeze({
  agent7: 'secret7',
  agent8: 'secret8',
  customer: 'secret-c',
  colleague: 'secret-l',
});

export const DEFAULT_SIP_DOMAIN = 'anlauf.test';

export interface KamailioOptions {
  /** user → password; digest auth for REGISTER and for out-of-dialog requests over WS. */
  users?: Record<string, string>;
  /** Accounts answered 403 "Account locked" once their password is right (a locked agent). */
  lockedUsers?: string[];
  /** SIP domain = digest realm. Never resolved via DNS: it is an alias of the proxy. */
  domain?: string;
  /** Kamailio log level: 1 warn, 2 info (default, logs one line per request), 3 debug. */
  debug?: number;
  /** Require digest auth for requests over UDP as well (default false: UDP is a trusted trunk, e.g. sipp as IVR). */
  udpAuth?: boolean;
  /** Fixed ports (default: free ports picked on 127.0.0.1). */
  wsPort?: number;
  udpPort?: number;
  startTimeoutMs?: number;
  /**
   * The ng control port of a running rtpengine on 127.0.0.1 (test/support/rtpengine.ts): calls
   * between a plain phone (UDP) and a browser (WebSocket) then have their media relayed and
   * converted by it, as at a call center's edge. Without it media goes end to end.
   */
  rtpengineNgPort?: number;
  /**
   * With rtpengineNgPort: calls between two plain phones go through rtpengine too (plain RTP on
   * both sides), as the relay benchmark's native baseline needs. Default false: they stay direct.
   */
  rtpengineForPlainCalls?: boolean;
  /** With rtpengineNgPort: rtpengine is an ICE-lite peer towards the browsers (a=ice-lite). */
  rtpengineIceLite?: boolean;
  /**
   * One more local address to take SIP over WebSocket on, at the same port: the root side of a
   * test's veth pair (test/support/netns.ts), for a client in a network namespace.
   */
  extraWsAddress?: string;
  /**
   * Queue names (WITH_QUEUES): `sip:NAME@DOMAIN` is a queue's address of record, agents log in by
   * registering their contact under it, and a call to a queue nobody serves is answered 480.
   */
  queues?: string[];
  /** A PBX (`sip:127.0.0.1:PORT`, UDP) every INVITE to a feature code (`*…`) is relayed to: sipp in the tests. */
  queuePbx?: string;
  /**
   * A presence server too (WITH_PRESENCE in kamailio.cfg): PUBLISH and SUBSCRIBE for presence and
   * dialog (BLF), and the dialog state of every call it proxies published by itself. Its tables
   * are a SQLite file in the server's temp dir.
   */
  presence?: boolean;
}

export interface Kamailio {
  /** ws://127.0.0.1:PORT — give this to JsSIP's WebSocketInterface. */
  readonly wsUrl: string;
  readonly wsPort: number;
  /** UDP port on 127.0.0.1 (sipp: `sipp 127.0.0.1:${udpPort}`). */
  readonly udpPort: number;
  readonly domain: string;
  readonly users: Readonly<Record<string, string>>;
  /** `sip:${user}@${domain}` */
  uri(user: string): string;
  /** PID of the running main process (undefined while stopped). */
  pid(): number | undefined;
  /** SIGTERM, wait for exit, SIGKILL of the process group as fallback. Idempotent. */
  stop(): Promise<void>;
  /** stop(), then start again on the same ports with the same config (registrations are lost: memory only). */
  restart(): Promise<void>;
  /** Everything Kamailio printed so far (stdout + stderr, all runs). */
  logs(): string;
  /** IT changes a user's password (or creates the user): the next REGISTER must use the new one. Lost at restart. */
  setPassword(user: string, password: string): Promise<void>;
  /** How many contacts the user has in Kamailio's location table (0: not registered). */
  contacts(user: string): Promise<number>;
  /** Locks or unlocks an account: a locked one is answered 403 "Account locked". Lost at restart. */
  setLocked(user: string, locked: boolean): Promise<void>;
}

/** Throws a message that says what to install if Kamailio or its WebSocket module is missing. */
export function ensureKamailio(): string {
  const bin = KAMAILIO_BIN_CANDIDATES.find((p) => fs.existsSync(p));
  if (!bin) {
    throw new Error(
      'Kamailio is not installed (looked for ' +
        KAMAILIO_BIN_CANDIDATES.join(', ') +
        '). ' +
        'Install it with: apt-get install kamailio kamailio-websocket-modules',
    );
  }
  const ws = path.join(KAMAILIO_MODULE_DIR, 'websocket.so');
  if (!fs.existsSync(ws)) {
    throw new Error(`Kamailio's WebSocket module is missing (${ws}). Install it with: apt-get install kamailio-websocket-modules`);
  }
  return bin;
}

/** A port that was free on 127.0.0.1 a moment ago (bind port 0, read it, close). */
export async function freePort(kind: 'tcp' | 'udp' = 'tcp'): Promise<number> {
  if (kind === 'udp') {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(0, '127.0.0.1', () => resolve());
    });
    const { port } = sock.address();
    await new Promise<void>((resolve) => sock.close(() => resolve()));
    return port;
  }
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const NAME = /^[A-Za-z0-9._-]+$/;
const PASSWORD = /^[A-Za-z0-9._~!@#%^*+=:,/-]+$/;

/** The config text for the given settings (exported so a test can inspect or dump it). */
export function renderKamailioConfig(s: {
  presenceDb?: string;
  wsPort: number;
  udpPort: number;
  domain: string;
  debug: number;
  udpAuth: boolean;
  users: Record<string, string>;
  lockedUsers?: string[];
  rtpengineNgPort?: number;
  rtpengineForPlainCalls?: boolean;
  rtpengineIceLite?: boolean;
  extraWsAddress?: string;
  queues?: string[];
  queuePbx?: string;
}): string {
  if (!/^[A-Za-z0-9.-]+$/.test(s.domain)) throw new Error(`bad SIP domain: ${s.domain}`);
  if (s.queuePbx !== undefined && !/^sip:127\.0\.0\.1:\d+$/.test(s.queuePbx)) throw new Error(`bad PBX address: ${s.queuePbx}`);
  if (s.extraWsAddress !== undefined && !/^\d+\.\d+\.\d+\.\d+$/.test(s.extraWsAddress)) throw new Error(`bad listen address: ${s.extraWsAddress}`);
  if ((s.rtpengineForPlainCalls || s.rtpengineIceLite) && s.rtpengineNgPort === undefined)
    throw new Error('rtpengineForPlainCalls and rtpengineIceLite need rtpengineNgPort (a running rtpengine)');
  const users = Object.entries(s.users).map(([user, password]) => {
    if (!NAME.test(user)) throw new Error(`bad SIP user name for the test server: ${JSON.stringify(user)}`);
    if (!PASSWORD.test(password)) throw new Error(`password of ${user} has characters the cfg cannot carry; use ${PASSWORD}`);
    return `\t$sht(users=>${user}) = "${password}";`;
  });
  const locked = (s.lockedUsers ?? []).map((user) => {
    if (!NAME.test(user)) throw new Error(`bad SIP user name for the test server: ${JSON.stringify(user)}`);
    return `\t$sht(locked=>${user}) = 1;`;
  });
  const queues = (s.queues ?? []).map((name) => {
    if (!NAME.test(name)) throw new Error(`bad queue name for the test server: ${JSON.stringify(name)}`);
    return `\t$sht(queues=>${name}) = 1;`;
  });
  const template = fs.readFileSync(KAMAILIO_TEMPLATE, 'utf8');
  const values: Record<string, string> = {
    UDP_PORT: String(s.udpPort),
    WS_PORT: String(s.wsPort),
    DOMAIN: s.domain,
    DEBUG: String(s.debug),
    USERS: users.join('\n') || '\t# no users',
    LOCKED: locked.join('\n') || '\t# no locked accounts',
    UDP_AUTH: s.udpAuth ? '1' : '0',
    QUEUES: queues.join('\n') || '\t# no queues',
    DEFINES: [
      ...(s.rtpengineNgPort === undefined ? [] : ['#!define WITH_RTPENGINE']),
      ...(s.rtpengineNgPort !== undefined && s.rtpengineForPlainCalls ? ['#!define WITH_RTPENGINE_PLAIN'] : []),
      ...(s.rtpengineNgPort !== undefined && s.rtpengineIceLite ? ['#!define WITH_RTPENGINE_ICE_LITE'] : []),
      ...(s.queues === undefined ? [] : ['#!define WITH_QUEUES']),
      ...(s.queuePbx === undefined ? [] : [`#!define QUEUE_PBX "${s.queuePbx}"`]),
      ...(s.presenceDb === undefined ? [] : ['#!define WITH_PRESENCE']),
    ].join('\n'),
    PRESENCE_DB: s.presenceDb ?? '',
    EXTRA_LISTEN: s.extraWsAddress === undefined ? '' : `listen=tcp:${s.extraWsAddress}:${s.wsPort}\nalias="${s.extraWsAddress}:${s.wsPort}"`,
    RTPENGINE_SOCK: s.rtpengineNgPort === undefined ? '' : `udp:127.0.0.1:${s.rtpengineNgPort}`,
  };
  const out = template.replace(/%%([A-Z_]+)%%/g, (all, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`kamailio.cfg: unknown token ${all}`);
    return v;
  });
  return out;
}

const MAX_LOG = 4 * 1024 * 1024;

const BIND_FAILED = /Address already in use|bind\(|cannot bind|could not bind/i;

/**
 * Starts Kamailio and resolves once it answers a WebSocket handshake. Rejects with
 * Kamailio's own output if it exits or does not answer in time. Ports picked here
 * can be taken by someone else before Kamailio binds them: then it tries new ones.
 */
export async function startKamailio(options: KamailioOptions = {}): Promise<Kamailio> {
  const fixedPorts = options.wsPort !== undefined || options.udpPort !== undefined;
  for (let attempt = 1; ; attempt++) {
    const wsPort = options.wsPort ?? (await freePort('tcp'));
    let udpPort = options.udpPort ?? (await freePort('udp'));
    while (udpPort === wsPort && options.udpPort === undefined) udpPort = await freePort('udp');
    try {
      return await startOnce(options, wsPort, udpPort);
    } catch (e) {
      if (fixedPorts || attempt >= 3 || !BIND_FAILED.test(String(e))) throw e;
    }
  }
}

async function startOnce(options: KamailioOptions, wsPort: number, udpPort: number): Promise<Kamailio> {
  const bin = ensureKamailio();
  const domain = options.domain ?? DEFAULT_SIP_DOMAIN;
  const users = { ...(options.users ?? DEFAULT_SIP_USERS) };
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-kamailio-'));
  const presenceDb = options.presence ? createPresenceDb(dir) : undefined;
  const cfg = renderKamailioConfig({
    presenceDb,
    wsPort,
    udpPort,
    domain,
    debug: options.debug ?? 2,
    udpAuth: options.udpAuth ?? false,
    users,
    lockedUsers: options.lockedUsers,
    rtpengineNgPort: options.rtpengineNgPort,
    rtpengineForPlainCalls: options.rtpengineForPlainCalls,
    rtpengineIceLite: options.rtpengineIceLite,
    extraWsAddress: options.extraWsAddress,
    queues: options.queues,
    queuePbx: options.queuePbx,
  });
  const runDir = path.join(dir, 'run');
  fs.mkdirSync(runDir);
  const cfgFile = path.join(dir, 'kamailio.cfg');
  const pidFile = path.join(runDir, 'kamailio.pid');
  fs.writeFileSync(cfgFile, cfg);

  let log = '';
  const append = (chunk: Buffer | string) => {
    log += chunk.toString();
    if (log.length > MAX_LOG) log = log.slice(log.length - MAX_LOG);
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let removed = false;

  const killOnExit = () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };

  async function launch(): Promise<void> {
    const runStart = log.length;
    append(`\n===== kamailio start ${new Date().toISOString()} ws=${wsPort} udp=${udpPort} =====\n`);
    const proc = spawn(
      bin,
      [
        '-f',
        cfgFile,
        '-DD', // do not daemonize: the main process stays our child
        '-E', // log to stderr
        '-m',
        '32', // shared memory MB
        '-M',
        '8', // private memory MB
        '-P',
        pidFile,
        '-Y',
        runDir, // runtime dir (default /run/kamailio)
        '-w',
        dir, // working dir (core files)
        '--atexit=no',
        '-a',
        'no',
      ],
      // own process group, so a SIGKILL fallback reaches the forked workers too
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    child = proc;
    proc.stdout!.on('data', append);
    proc.stderr!.on('data', append);
    // 'close': the main process exited AND every worker holding its stdout/stderr is gone
    // (+ a few ms: libuv closes the process handle in a later loop iteration)
    exited = new Promise<void>((resolve) => proc.once('close', () => setTimeout(resolve, 5)));
    process.once('exit', killOnExit);

    let failed: Error | undefined;
    proc.once('error', (e) => (failed = e));
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (failed) throw failed;
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`Kamailio exited during start (code ${proc.exitCode}, signal ${proc.signalCode}). Its output:\n` + log.slice(runStart));
      }
      if (await webSocketAnswers(wsPort)) return;
      if (Date.now() > deadline) {
        killOnExit();
        await within(exited, 3000);
        throw new Error(
          `Kamailio did not answer a WebSocket handshake on 127.0.0.1:${wsPort} within ${startTimeoutMs} ms. Its output:\n` + log.slice(runStart),
        );
      }
      await delay(50);
    }
  }

  async function stopProcess(): Promise<void> {
    const proc = child;
    if (!proc) return;
    child = undefined;
    process.removeListener('exit', killOnExit);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    if (!(await within(exited, 5000))) {
      append('\n===== kamailio did not stop on SIGTERM within 5 s: SIGKILL =====\n');
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      await within(exited, 3000);
    }
    // workers of a killed main process may linger for a moment; wait for the group to go
    await waitForGroupGone(proc.pid!);
  }

  try {
    await launch();
  } catch (e) {
    await stopProcess();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  return {
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    wsPort,
    udpPort,
    domain,
    users,
    uri: (user) => `sip:${user}@${domain}`,
    pid: () => child?.pid,
    async stop() {
      await stopProcess();
      if (!removed) {
        removed = true;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    async restart() {
      if (removed) throw new Error('Kamailio was stopped for good; start a new one');
      await stopProcess();
      // the same ports: retry while the kernel still holds them for a moment
      const deadline = Date.now() + startTimeoutMs;
      for (;;) {
        try {
          await launch();
          return;
        } catch (e) {
          await stopProcess();
          if (Date.now() > deadline || !BIND_FAILED.test(String(e))) throw e;
          await delay(200);
        }
      }
    },
    logs: () => log,
    async setPassword(user, password) {
      if (!NAME.test(user) || !PASSWORD.test(password)) throw new Error(`setPassword: ${user} or its password has characters the test server cannot carry`);
      await control(wsPort, `/test/users/${user}/password/${password}`);
      users[user] = password;
    },
    async contacts(user) {
      if (!NAME.test(user)) throw new Error(`contacts: bad user name ${JSON.stringify(user)}`);
      return Number(await control(wsPort, `/test/location/${user}`));
    },
    async setLocked(user, locked) {
      if (!NAME.test(user)) throw new Error(`setLocked: bad user name ${JSON.stringify(user)}`);
      await control(wsPort, `/test/users/${user}/${locked ? 'lock' : 'unlock'}`);
    },
  };
}

/** Kamailio's own schema for the presence and pua tables, as shipped by kamailio-sqlite-modules. */
const SQLITE_SCHEMA_DIR = '/usr/share/kamailio/db_sqlite';

function createPresenceDb(dir: string): string {
  const module = path.join(KAMAILIO_MODULE_DIR, 'presence.so');
  if (!fs.existsSync(module) || !fs.existsSync(path.join(KAMAILIO_MODULE_DIR, 'db_sqlite.so')))
    throw new Error('Kamailio presence needs its modules: apt-get install kamailio-presence-modules kamailio-sqlite-modules');
  const file = path.join(dir, 'presence.sqlite');
  const db = new Database(file);
  try {
    for (const part of ['standard-create.sql', 'presence-create.sql']) db.exec(fs.readFileSync(path.join(SQLITE_SCHEMA_DIR, part), 'utf8'));
  } finally {
    db.close();
  }
  return file;
}

/** One GET to the running server's test control (kamailio.cfg, event_route[xhttp:request]). */
async function control(port: number, urlPath: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${urlPath}`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`Kamailio's test control refused ${urlPath}: ${response.status} ${text}`);
  return text;
}

/** true if `p` settled within `ms`; leaves no timer behind either way. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True when a WebSocket upgrade with subprotocol "sip" succeeds (Kamailio is up and serving WS). */
function webSocketAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let buf = '';
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), 1000);
    sock.once('error', () => finish(false));
    sock.on('connect', () => {
      sock.write(
        'GET / HTTP/1.1\r\n' +
          `Host: 127.0.0.1:${port}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
          'Sec-WebSocket-Protocol: sip\r\n\r\n',
      );
    });
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n')) finish(/^HTTP\/1\.1 101/.test(buf));
    });
    sock.once('close', () => finish(/^HTTP\/1\.1 101/.test(buf)));
  });
}

async function waitForGroupGone(pgid: number): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return; // ESRCH: no process left in the group
    }
    if (Date.now() > deadline) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        return;
      }
    }
    if (Date.now() > deadline + 2000) return;
    await delay(25);
  }
}
