// A classic SIP phone for the relay topology: baresip from Debian, registered over UDP, plain RTP
// with G.711 only (no ICE, no DTLS). It speaks a tone from a WAV file (aufile), or in real time
// from a running PulseAudio voice (`liveVoice`, pulse.ts: aufile hands over the file's first
// 20 ms about 4 ms after the call's audio starts, ahead of real time); what it hears is taken off the wire at its media ports (rtp-tap.ts); the test drives it over ctrl_tcp (JSON
// netstrings) and reads its events (DTMF received, call states).
// See docs/testing-sip.md ("The relay topology").
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, type Kamailio } from './kamailio';
import { decodeG711, startRtpTap, type RtpPacket, type RtpTap } from './rtp-tap';
import { hears, isHeard, measureTone, writeToneWav, type ToneMeasure } from './tone';

export const BARESIP_BIN = '/usr/bin/baresip';
export const BARESIP_MODULES = '/usr/lib/baresip/modules';

export interface PlainPhoneOptions {
  kamailio: Pick<Kamailio, 'udpPort' | 'domain'>;
  user: string;
  /** The tone this phone speaks (its "voice"). */
  toneHz: number;
  /** How long that voice lasts (default 180 s): baresip ends a call when its file ends. */
  voiceSeconds?: number;
  /** Answer every incoming call at once (default false: the test accepts). */
  autoAnswer?: boolean;
  /** Codecs offered and accepted (default PCMU, PCMA: a desk phone or a trunk). */
  codecs?: string[];
  /**
   * Speak from a real-time capture device instead of the WAV file: an ALSA device (baresip's
   * alsa module) and what the phone needs in its environment to open it, such as a
   * PulseAudio voice of pulse.ts. `toneHz` must then be the device's tone.
   */
  liveVoice?: { alsaDevice: string; env: Readonly<Record<string, string>> };
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

/** How many RTP packets had reached the phone at one moment (PlainPhone.mark). */
export type HearingMark = number;

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
    /** The UDP ports its media arrives on (127.0.0.1). */
    readonly rtpPorts: readonly [number, number],
    private readonly tap: RtpTap,
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
    writeToneWav(tone, options.toneHz, { seconds: options.voiceSeconds ?? 180, sampleRate: 8000 });
    const rtpPorts = nextRtpPorts();
    const tap = await startRtpTap(rtpPorts);
    fs.writeFileSync(
      path.join(dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${sipPort}`,
        'net_interface 127.0.0.1',
        `rtp_ports ${rtpPorts[0]}-${rtpPorts[1]}`,
        'rtp_timeout 0',
        options.liveVoice ? `audio_source alsa,${options.liveVoice.alsaDevice}` : `audio_source aufile,${tone}`,
        // No sound card here: aubridge is a player that takes the audio and plays it nowhere.
        // What the phone hears is taken off the wire instead (rtp-tap.ts).
        `audio_player aubridge,speaker-${options.user}`,
        `audio_alert aubridge,alert-${options.user}`,
        'ausrc_srate 8000',
        'auplay_srate 8000',
        'ausrc_channels 1',
        'auplay_channels 1',
        `module_path ${BARESIP_MODULES}`,
        'module g711.so',
        'module aufile.so',
        ...(options.liveVoice ? ['module alsa.so'] : []),
        'module aubridge.so',
        'module_app account.so',
        'module_app menu.so',
        'module_app ctrl_tcp.so',
        `ctrl_tcp_listen 127.0.0.1:${controlPort}`,
        '',
      ].join('\n'),
    );
    const codecs = (options.codecs ?? ['PCMU', 'PCMA']).join(',');
    fs.writeFileSync(
      path.join(dir, 'accounts'),
      `<sip:${options.user}@${options.kamailio.domain}>;outbound="sip:127.0.0.1:${options.kamailio.udpPort};transport=udp";regint=600;answermode=${options.autoAnswer ? 'auto' : 'manual'};audio_codecs=${codecs}\n`,
    );
    const child = spawn(bin, ['-f', dir], { cwd: dir, env: { ...process.env, ...options.liveVoice?.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const phone = new PlainPhone(options, dir, rtpPorts, tap, child, null);
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

  /** Everything baresip printed (its log: calls, DTMF received, transfers), without its bit-rate ticker. */
  logs(): string {
    return this.output.replace(/\[\d+:\d+:\d+\] audio=\S+ \(bit\/s\)\s*/g, '');
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

  /** A mark in what this phone heard: "after this moment" for `waitToHear` and `heardSince`. */
  mark(): HearingMark {
    return this.tap.packets().length;
  }

  /** The RTP packets that reached the phone's media ports after `since`, with their capture times. */
  packets(since: HearingMark = 0): RtpPacket[] {
    return this.tap.packets().slice(since);
  }

  /** What this phone heard after `since`, as 8 kHz samples (the G.711 that reached its media ports). */
  heard(since: HearingMark = 0): Int16Array {
    return decodeG711(this.tap.packets().slice(since));
  }

  /** The tone at `hz` in the last `windowMs` heard after `since`. */
  measure(hz: number, options: { since?: HearingMark; windowMs?: number } = {}): ToneMeasure & { samples: number } {
    const samples = this.heard(options.since);
    const window = samples.subarray(Math.max(0, samples.length - 8 * (options.windowMs ?? 500)));
    return { ...measureTone(window, 8000, hz), samples: samples.length };
  }

  /** Resolves once the phone hears the tone at `hz` in what arrives after this call (or `since`). */
  async waitToHear(hz: number, options: { timeoutMs?: number; windowMs?: number; since?: HearingMark } = {}): Promise<void> {
    const since = options.since ?? this.mark();
    const windowMs = options.windowMs ?? 500;
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    for (;;) {
      const heard = this.measure(hz, { since, windowMs });
      if (heard.samples >= 8 * windowMs && isHeard(heard)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${this.options.user} did not hear ${hz} Hz: the last ${windowMs} ms that arrived after the mark have rms ${heard.rms.toFixed(0)}, ${Math.round(heard.share * 100)} % at ${hz} Hz (${heard.samples} samples in all)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Whether the tone at `hz` reached this phone in any 100 ms after `since`. */
  heardSince(hz: number, since: HearingMark): boolean {
    const samples = this.heard(since);
    for (let at = 0; at + 800 <= samples.length; at += 800) {
      if (hears(samples.subarray(at, at + 800), 8000, hz)) return true;
    }
    return false;
  }

  /** The capture time (ms since the epoch) of the first RTP packet after `since`, if any. */
  firstPacketAfter(since: HearingMark): number | null {
    const packet = this.tap
      .packets()
      .slice(since)
      .find((p) => p.payloadType === 0 || p.payloadType === 8);
    return packet ? packet.at : null;
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
    await this.tap.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Each phone of this process gets its own block of 100 media ports (the tap must see only its
 * phone's packets), starting at a random block so that parallel test files rarely meet, and
 * below rtpengine's blocks (rtpengine.ts) and the kernel's ephemeral range (32768 and up).
 */
let rtpBlock = Math.floor(Math.random() * 20);
function nextRtpPorts(): [number, number] {
  const base = 10_000 + 100 * (rtpBlock++ % 90);
  return [base, base + 99];
}

function connect(port: number): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(null));
  });
}
