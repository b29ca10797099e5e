// A classic SIP phone for the relay topology: baresip from Debian, registered over UDP, plain RTP
// with G.711 only (no ICE, no DTLS). It speaks a tone from a WAV file (aufile) and records what it
// hears (sndfile); the test drives it over ctrl_tcp (JSON netstrings) and reads its events.
// See docs/testing-sip.md ("The relay topology").
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, type Kamailio } from './kamailio';
import { hears, measureTone, readWav, writeToneWav, type ToneMeasure } from './tone';

export const BARESIP_BIN = '/usr/bin/baresip';
export const BARESIP_MODULES = '/usr/lib/baresip/modules';

export interface PlainPhoneOptions {
  kamailio: Pick<Kamailio, 'udpPort' | 'domain'>;
  user: string;
  /** The tone this phone speaks (its "voice"). */
  toneHz: number;
  /** Answer every incoming call at once (default false: the test accepts). */
  autoAnswer?: boolean;
  /** Codecs offered and accepted (default PCMU, PCMA: a desk phone or a trunk). */
  codecs?: string[];
}

export interface PhoneEvent {
  type: string;
  param?: string;
  peeruri?: string;
  id?: string;
  direction?: string;
  /** performance.now() when the test received it. */
  at: number;
}

interface Waiter {
  match: (event: PhoneEvent) => boolean;
  resolve: (event: PhoneEvent) => void;
}

export function ensureBaresip(): string {
  if (!fs.existsSync(BARESIP_BIN)) throw new Error(`baresip is not installed (${BARESIP_BIN}). Install it with: apt-get install baresip`);
  return BARESIP_BIN;
}

/** A TCP port p on 127.0.0.1 with p + 1 free as well (baresip listens for TLS on the next port). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort('tcp');
    if (port >= 65_000) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port + 1, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export class PlainPhone {
  readonly uri: string;
  readonly events: PhoneEvent[] = [];
  private output = '';
  private readonly waiters = new Set<Waiter>();
  private readonly pending = new Map<string, (reply: { ok: boolean; data: string }) => void>();
  private nextToken = 1;
  private buffer = Buffer.alloc(0);

  private constructor(
    readonly options: PlainPhoneOptions,
    readonly dir: string,
    private readonly child: ChildProcess,
    private socket: net.Socket | null,
  ) {
    this.uri = `sip:${options.user}@${options.kamailio.domain}`;
  }

  static async start(options: PlainPhoneOptions): Promise<PlainPhone> {
    const bin = ensureBaresip();
    for (let attempt = 1; ; attempt++) {
      try {
        return await PlainPhone.startOnce(bin, options);
      } catch (error) {
        if (attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
      }
    }
  }

  private static async startOnce(bin: string, options: PlainPhoneOptions): Promise<PlainPhone> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `anlauf-baresip-${options.user}-`));
    const sipPort = await freePortPair();
    const controlPort = await freePort('tcp');
    const tone = path.join(dir, 'voice.wav');
    writeToneWav(tone, options.toneHz, { seconds: 180, sampleRate: 8000 });
    const records = path.join(dir, 'heard');
    fs.mkdirSync(records);
    const rtpBase = 40_000 + 200 * Math.floor(Math.random() * 100);
    fs.writeFileSync(
      path.join(dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${sipPort}`,
        'net_interface 127.0.0.1',
        `rtp_ports ${rtpBase}-${rtpBase + 199}`,
        'rtp_timeout 0',
        `audio_source aufile,${tone}`,
        // No sound card here: aubridge is a player that takes the audio and plays it nowhere;
        // the sndfile filter before it records what the phone hears.
        `audio_player aubridge,speaker-${options.user}`,
        `audio_alert aubridge,alert-${options.user}`,
        'ausrc_srate 8000',
        'auplay_srate 8000',
        'ausrc_channels 1',
        'auplay_channels 1',
        `module_path ${BARESIP_MODULES}`,
        'module g711.so',
        'module aufile.so',
        'module aubridge.so',
        'module sndfile.so',
        'module_app account.so',
        'module_app menu.so',
        'module_app ctrl_tcp.so',
        `ctrl_tcp_listen 127.0.0.1:${controlPort}`,
        `snd_path ${records}`,
        '',
      ].join('\n'),
    );
    const codecs = (options.codecs ?? ['PCMU', 'PCMA']).join(',');
    fs.writeFileSync(
      path.join(dir, 'accounts'),
      `<sip:${options.user}@${options.kamailio.domain}>;outbound="sip:127.0.0.1:${options.kamailio.udpPort};transport=udp";regint=600;answermode=${options.autoAnswer ? 'auto' : 'manual'};audio_codecs=${codecs}\n`,
    );
    const child = spawn(bin, ['-f', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const phone = new PlainPhone(options, dir, child, null);
    child.stdout!.on('data', (chunk: Buffer) => phone.append(chunk));
    child.stderr!.on('data', (chunk: Buffer) => phone.append(chunk));
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('close', () => process.removeListener('exit', killOnExit));

    const deadline = Date.now() + 10_000;
    try {
      while (!phone.socket) {
        if (child.exitCode !== null) throw new Error(`baresip exited during start (code ${child.exitCode}). Its output:\n${phone.output}`);
        if (/Address already in use/.test(phone.output)) throw new Error(`baresip could not bind its ports:\n${phone.output}`);
        if (Date.now() > deadline) throw new Error(`baresip did not open its control port. Its output:\n${phone.output}`);
        phone.socket = await connect(controlPort);
        if (!phone.socket) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      phone.socket.on('data', (chunk: Buffer) => phone.receive(chunk));
      // The registration may finish before the control socket is up: its log line counts too.
      while (!/\{0\/UDP\/v4\} 200 OK/.test(phone.output) && !phone.events.some((e) => e.type === 'REGISTER_OK')) {
        if (Date.now() > deadline) throw new Error(`${options.user} did not register with Kamailio. Its output:\n${phone.output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } catch (error) {
      await phone.stop();
      throw error;
    }
    return phone;
  }

  /** Everything baresip printed (its log: calls, DTMF received, transfers). */
  logs(): string {
    return this.output;
  }

  private append(chunk: Buffer): void {
    this.output += chunk.toString();
    if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000);
  }

  /** ctrl_tcp speaks netstrings ("LEN:JSON,"), events and command replies interleaved. */
  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.toString('ascii', 0, colon));
      if (this.buffer.length < colon + 1 + length + 1) return;
      const text = this.buffer.toString('utf8', colon + 1, colon + 1 + length);
      this.buffer = this.buffer.subarray(colon + 1 + length + 1);
      const message = JSON.parse(text) as Record<string, unknown>;
      if (message.event) {
        const event: PhoneEvent = {
          type: String(message.type),
          param: message.param === undefined ? undefined : String(message.param),
          peeruri: message.peeruri === undefined ? undefined : String(message.peeruri),
          id: message.id === undefined ? undefined : String(message.id),
          direction: message.direction === undefined ? undefined : String(message.direction),
          at: performance.now(),
        };
        this.events.push(event);
        for (const waiter of [...this.waiters]) {
          if (waiter.match(event)) {
            this.waiters.delete(waiter);
            waiter.resolve(event);
          }
        }
      } else if (message.response) {
        const token = String(message.token);
        this.pending.get(token)?.({ ok: message.ok === true, data: String(message.data ?? '') });
        this.pending.delete(token);
      }
    }
  }

  /** Runs one of baresip's commands (as its menu names them: dial, accept, hangup, hold, resume…). */
  command(name: string, params?: string): Promise<string> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('baresip is not running'));
    const token = String(this.nextToken++);
    const json = JSON.stringify({ command: name, params: params ?? '', token });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`baresip did not answer the command ${name}`));
      }, 5000);
      this.pending.set(token, (reply) => {
        clearTimeout(timer);
        if (reply.ok) resolve(reply.data);
        else reject(new Error(`baresip refused ${name} ${params ?? ''}: ${reply.data}`));
      });
      socket.write(`${Buffer.byteLength(json)}:${json},`);
    });
  }

  dial(uri: string): Promise<string> {
    return this.command('dial', uri);
  }

  accept(): Promise<string> {
    return this.command('accept');
  }

  hangup(): Promise<string> {
    return this.command('hangup');
  }

  /** The next event of `type` (after `since` events, default: from now) that `match` accepts. */
  waitFor(type: string, options: { timeoutMs?: number; since?: number; match?: (event: PhoneEvent) => boolean } = {}): Promise<PhoneEvent> {
    const match = (event: PhoneEvent) => event.type === type && (options.match?.(event) ?? true);
    const seen = this.events.slice(options.since ?? this.events.length).find(match);
    if (seen) return Promise.resolve(seen);
    const timeoutMs = options.timeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seenTypes = this.events.map((e) => e.type).join(', ');
        reject(new Error(`${this.options.user}: no ${type} within ${timeoutMs} ms (events so far: ${seenTypes}). Its log:\n${this.output.slice(-4000)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The DTMF digits this phone received as RFC 4733 events, in order. */
  dtmfReceived(): string {
    return this.events
      .filter((e) => e.type === 'CALL_DTMF_START')
      .map((e) => e.param ?? '')
      .join('');
  }

  /** The recording of the latest call: what this phone heard. */
  latestRecording(): string | null {
    const files = fs
      .readdirSync(path.join(this.dir, 'heard'))
      .filter((name) => name.endsWith('-dec.wav'))
      .map((name) => path.join(this.dir, 'heard', name));
    if (files.length === 0) return null;
    return files.reduce((newest, file) => (fs.statSync(file).mtimeMs > fs.statSync(newest).mtimeMs ? file : newest));
  }

  /** The tone at `hz` over the last `windowMs` this phone heard on its latest call. */
  measure(hz: number, windowMs = 1000): ToneMeasure {
    const file = this.latestRecording();
    if (!file) return { rms: 0, share: 0 };
    const { samples, sampleRate } = readWav(file);
    const window = samples.subarray(Math.max(0, samples.length - Math.round((sampleRate * windowMs) / 1000)));
    return measureTone(window, sampleRate, hz);
  }

  /** Resolves once the last `windowMs` this phone heard are the tone at `hz`. */
  async waitToHear(hz: number, options: { timeoutMs?: number; windowMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    const windowMs = options.windowMs ?? 500;
    for (;;) {
      const file = this.latestRecording();
      if (file) {
        const { samples, sampleRate } = readWav(file);
        const window = samples.subarray(Math.max(0, samples.length - Math.round((sampleRate * windowMs) / 1000)));
        if (window.length >= (sampleRate * windowMs) / 1000 && hears(window, sampleRate, hz)) return;
      }
      if (Date.now() > deadline) {
        const last = this.measure(hz, windowMs);
        throw new Error(`${this.options.user} did not hear ${hz} Hz (last ${windowMs} ms: rms ${last.rms.toFixed(0)}, share ${last.share.toFixed(2)}; recording ${file ?? 'none'})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    this.socket = null;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const closed = new Promise((resolve) => this.child.once('close', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await closed;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function connect(port: number): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(null));
  });
}
