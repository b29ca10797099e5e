// A desk phone's microphone for baresip: a PulseAudio server that runs all the time, like a desk
// phone's audio codec, with a tone played into a null sink in real time (pacat, fed a tone as fast
// as the sink consumes it) and the sink's monitor as the capture device. baresip 1.0 in Debian has no pulse module; it records
// through its alsa module and the ALSA pulse plugin (libasound2-plugins), which opens a record
// stream on this server when the call's audio starts. Unlike baresip's file source (aufile),
// which hands over its first 20 ms frame a few ms after it starts, this source can deliver a
// frame only once 20 ms of it have been played: the relay benchmark's like-for-like baseline.
// See docs/benchmarks.md ("Relay: a plain phone through rtpengine").
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const PULSEAUDIO_BIN = '/usr/bin/pulseaudio';
export const PACTL_BIN = '/usr/bin/pactl';
export const PACAT_BIN = '/usr/bin/pacat';
/** Kills the server with SIGKILL when the process that started it dies, even by SIGKILL. */
export const SETPRIV_BIN = '/usr/bin/setpriv';
export const PULSE_PACKAGES = 'pulseaudio pulseaudio-utils libasound2-plugins';

export interface PulseEvent {
  /** 'new', 'change' or 'remove'. */
  kind: string;
  /** 'client', 'source-output', 'sink-input'… */
  facility: string;
  index: number;
  /** performance.now() when `pactl subscribe` reported it. */
  at: number;
}

export interface PulseVoice {
  /** The ALSA capture device of the voice (baresip: `audio_source alsa,<alsaDevice>`). */
  readonly alsaDevice: string;
  /** What a client needs in its environment to reach this server (and only this one). */
  readonly env: Readonly<Record<string, string>>;
  /** The server's folder (socket, state, config): stop() removes it, a SIGKILLed starter leaves it. */
  readonly dir: string;
  /** The server's, the player's and the subscriber's process ids. */
  readonly pids: readonly number[];
  /** The server's clients and streams coming and going, as `pactl subscribe` reports them. */
  readonly events: readonly PulseEvent[];
  logs(): string;
  /** Stops the server and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

/** The ALSA pulse plugin, wherever the architecture puts alsa-lib. */
function alsaPulsePlugin(): string | undefined {
  for (const dir of ['/usr/lib', ...safeList('/usr/lib').map((d) => path.join('/usr/lib', d))]) {
    const file = path.join(dir, 'alsa-lib', 'libasound_module_pcm_pulse.so');
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

export function ensurePulse(): void {
  const missing = [PULSEAUDIO_BIN, PACTL_BIN, PACAT_BIN, SETPRIV_BIN].filter((bin) => !fs.existsSync(bin));
  if (!alsaPulsePlugin()) missing.push('alsa-lib/libasound_module_pcm_pulse.so');
  if (missing.length > 0) {
    throw new Error(`PulseAudio or ALSA's pulse plugin is missing (${missing.join(', ')}). Install it with: apt-get install ${PULSE_PACKAGES}`);
  }
}

/**
 * Starts a PulseAudio server of its own (a temp folder for its socket, state and config: it
 * never meets a user's session server, and a crashed caller leaves nothing behind that the next
 * run trips over) playing `hz` into a null sink at 8 kHz mono, continuously.
 */
export async function startPulseVoice(options: { hz: number; startTimeoutMs?: number }): Promise<PulseVoice> {
  ensurePulse();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-pulse-'));
  const socket = path.join(dir, 'native');
  const clientConfig = path.join(dir, 'client.conf');
  // No autospawn: a client that cannot reach this server must fail, not start one of its own.
  fs.writeFileSync(clientConfig, 'autospawn = no\n');
  const env = {
    PULSE_SERVER: `unix:${socket}`,
    PULSE_CLIENTCONFIG: clientConfig,
    // The capture in 10 ms fragments, as Chromium's microphone and the agent's test microphone
    // deliver it (the ALSA pulse plugin would ask for one fragment per 20 ms period). It does not
    // change when the first frame is complete: 20 ms after the stream opens either way.
    PULSE_LATENCY_MSEC: '10',
  };
  const serverEnv = {
    ...process.env,
    ...env,
    HOME: dir,
    XDG_RUNTIME_DIR: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    PULSE_RUNTIME_PATH: path.join(dir, 'runtime'),
    PULSE_STATE_PATH: path.join(dir, 'state'),
  };
  let log = '';
  const append = (chunk: Buffer) => {
    log += chunk.toString();
    if (log.length > 1_000_000) log = log.slice(-500_000);
  };
  const child: ChildProcess = spawn(
    SETPRIV_BIN,
    [
      // The bench's finally stops it; this covers a bench killed outright.
      '--pdeathsig',
      'KILL',
      '--',
      PULSEAUDIO_BIN,
      '-n', // no default.pa: only the modules below
      '--daemonize=no',
      '--use-pid-file=no',
      '--exit-idle-time=-1', // runs between calls, as a desk phone's codec does
      '--log-target=stderr',
      '--log-level=notice',
      '-L',
      `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      '-L',
      'module-null-sink sink_name=voice rate=8000 channels=1 format=s16le',
    ],
    { cwd: dir, env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const events: PulseEvent[] = [];
  let subscriber: ChildProcess | undefined;
  let player: ChildProcess | undefined;
  const killOnExit = () => {
    subscriber?.kill('SIGKILL');
    player?.kill('SIGKILL');
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      player?.stdin?.destroy();
      for (const proc of [subscriber, player, child]) {
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) continue;
        const closed = new Promise((resolve) => proc.once('close', resolve));
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
        await closed;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    })());

  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
    while (!(await sourceListed(env, 'voice.monitor'))) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`pulseaudio exited during start (${child.exitCode ?? child.signalCode}). Its output:\n${log}`);
      if (Date.now() > deadline) throw new Error(`pulseaudio did not offer its voice source in time. Its output:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    player = playTone(env, options.hz);
    // Loaded alone, the null sink rendered its first 2 s in one block; the voice is like a desk
    // phone's codec only once that is played out and the sink runs in the player's small steps.
    for (;;) {
      const latency = await sinkLatencyUs(env);
      if (latency !== undefined && latency < 20_000) break;
      if (player.exitCode !== null || player.signalCode !== null)
        throw new Error(`pacat exited while starting the voice (${player.exitCode ?? player.signalCode}). The server's output:\n${log}`);
      if (Date.now() > deadline + 5000) throw new Error(`the voice's sink did not get down to a small latency (${latency} µs). The server's output:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    subscriber = spawn(PACTL_BIN, ['subscribe'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let pending = '';
    subscriber.stdout!.on('data', (chunk: Buffer) => {
      const at = performance.now();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const match = /^Event '(\w+)' on ([\w-]+) #(\d+)/.exec(line);
        if (match) events.push({ kind: match[1]!, facility: match[2]!, index: Number(match[3]), at });
      }
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { alsaDevice: 'pulse:voice.monitor', env, dir, pids: [child.pid!, player.pid!, subscriber.pid!], events, logs: () => log, stop };
}

/**
 * The voice: pacat plays the tone into the null sink for as long as the server runs, asking for
 * 10 ms of latency. That request is what makes the null sink render in 10 ms steps all the time:
 * left alone (module-sine asks for none) it renders 2 s ahead in one block, and a record stream
 * that connects then gets its first data up to 2 s later. The tone (same amplitude as the WAV
 * files of tone.ts) is written as fast as pacat takes it; the pipe's back pressure paces it.
 */
function playTone(env: Record<string, string>, hz: number): ChildProcess {
  const player = spawn(PACAT_BIN, ['--playback', '--raw', '--device=voice', '--rate=8000', '--channels=1', '--format=s16le', '--latency-msec=10'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // One second holds a whole number of cycles for any whole hz, so the chunks join without a click.
  const second = Buffer.alloc(8000 * 2);
  for (let i = 0; i < 8000; i++) second.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000)), i * 2);
  const stdin = player.stdin!;
  stdin.on('error', () => {}); // the player gone: stop() or the server gone
  const feed = () => {
    while (!stdin.destroyed && stdin.write(second));
  };
  stdin.on('drain', feed);
  feed();
  return player;
}

async function sourceListed(env: Record<string, string>, name: string): Promise<boolean> {
  const out = await pactl(env, ['list', 'short', 'sources']);
  return out !== undefined && out.split('\n').some((line) => line.split('\t')[1] === name);
}

/** The voice sink's current latency ("Latency: N usec"), in µs. */
async function sinkLatencyUs(env: Record<string, string>): Promise<number | undefined> {
  const out = await pactl(env, ['list', 'sinks']);
  const latency = out && /^\s*Latency: (\d+) usec/m.exec(out)?.[1];
  return latency ? Number(latency) : undefined;
}

/** pactl's output, or undefined when it fails (the server not up yet). */
function pactl(env: Record<string, string>, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(PACTL_BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', () => resolve(undefined));
    child.once('close', (code) => resolve(code === 0 ? out : undefined));
  });
}
