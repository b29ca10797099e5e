// The agent's desk as the browser host gives it: the real `anlauf start --web` as a child process
// (its own main process, whose memory can be read from /proc), Debian's Chromium driven by
// Playwright with a tone file as the microphone, a real Kamailio, and the customer as a far end
// with real WebRTC that sends a tone and hears. Shared by the reload and week benchmarks; the
// reload benchmark also puts the same desk behind rtpengine, with a plain phone as the customer
// (`startAgentDesk` on a Kamailio of its own).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import config from '../playwright.config';
import { startCli, type RunningHost } from '../test/support/cli';
import { twoClients } from '../test/support/clients-config';
import { FarEnd, type FarCall } from '../test/support/far-end';
import { startKamailio, type Kamailio } from '../test/support/kamailio';
import { isHeard, measureTone, writeToneWav, type ToneMeasure } from '../test/support/tone';
import { note, now } from './harness';
import type { OnCleanup } from './sip.bench';

/** The agent's voice (the page's fake microphone) and the customer's. */
export const AGENT_HZ = 880;
export const CUSTOMER_HZ = 440;
/** Calls come in for Stadtwerke Nord's fault line, whose wrap-up has dispositions to choose. */
export const CALL_HEADERS = ['X-Client: SWN', 'X-Campaign: STOERUNG'];

/** The agent's side: the browser host on a Kamailio, and Chromium with the app open and registered. */
export interface AgentDesk {
  kamailio: Kamailio;
  host: RunningHost;
  browser: Browser;
  page: Page;
  dataDir: string;
}

export interface Desk extends AgentDesk {
  customer: FarEnd;
}

export interface DeskOptions {
  env?: NodeJS.ProcessEnv;
  nodeOptions?: string;
}

export async function startDesk(onCleanup: OnCleanup, options: DeskOptions = {}): Promise<Desk> {
  const kamailio = await startKamailio({ debug: 1 });
  onCleanup('Kamailio', () => kamailio.stop());
  const customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Paula Kunde', toneHz: CUSTOMER_HZ });
  onCleanup('the customer (far end)', () => customer.stop());
  return { ...(await startAgentDesk(kamailio, onCleanup, options)), customer };
}

/** The browser host and Chromium as agent7 on `kamailio`, the page open and the line registered. */
export async function startAgentDesk(kamailio: Kamailio, onCleanup: OnCleanup, options: DeskOptions = {}): Promise<AgentDesk> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bench-desk-'));
  onCleanup("the desk's data folder", () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const settings = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(
    settings,
    JSON.stringify({
      sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7', displayName: 'Agent 7' },
      agent: { name: 'Jana' },
      clients: twoClients,
    }),
  );
  const env = { ...options.env, ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}) };
  const host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', settings], env);
  onCleanup('the browser host', () => host.stop());

  // The agent's microphone: a tone from a file (Chromium loops it), so "heard" means this voice.
  const microphone = path.join(dataDir, 'agent-voice.wav');
  writeToneWav(microphone, AGENT_HZ, { seconds: 10, sampleRate: 48_000 });
  const args = [...(config.use?.launchOptions?.args ?? []), `--use-file-for-fake-audio-capture=${microphone}`, '--js-flags=--expose-gc'];
  const browser = await chromium.launch({ executablePath: config.use?.launchOptions?.executablePath, args });
  onCleanup('Chromium', () => browser.close());
  const page = await browser.newPage({ locale: 'en-US' });
  await listenToRemoteAudio(page);
  await page.goto(host.url);
  await page.getByTestId('line-status').and(page.locator('[data-status="registered"]')).waitFor({ timeout: 15_000 });
  return { kamailio, host, browser, page, dataDir };
}

/**
 * Test instrument, injected before the app's scripts on every load: each remote audio track a
 * peer connection of the page receives is also fed into a Web Audio analyser the bench reads.
 */
export async function listenToRemoteAudio(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const heard: AnalyserNode[] = [];
    (window as unknown as { __anlaufHeard: AnalyserNode[] }).__anlaufHeard = heard;
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        this.addEventListener('track', (event) => {
          if (event.track.kind !== 'audio') return;
          const context = new AudioContext();
          const analyser = context.createAnalyser();
          analyser.fftSize = 4096;
          context.createMediaStreamSource(new MediaStream([event.track])).connect(analyser);
          // One analyser per live call is enough; an ended call's context is let go.
          heard.splice(0, heard.length, analyser);
          event.track.addEventListener('ended', () => void context.close());
        });
      }
    } as typeof RTCPeerConnection;
  });
}

/** The tone at `hz` in the last ~85 ms the page heard on its newest remote track. */
export async function pageMeasure(page: Page, hz: number): Promise<ToneMeasure> {
  const { samples, rate } = await page.evaluate(() => {
    const last = (window as unknown as { __anlaufHeard?: AnalyserNode[] }).__anlaufHeard?.at(-1);
    if (!last) return { samples: [] as number[], rate: 48_000 };
    const buffer = new Float32Array(last.fftSize);
    last.getFloatTimeDomainData(buffer);
    return { samples: Array.from(buffer, (v) => Math.round(v * 32767)), rate: last.context.sampleRate };
  });
  return measureTone(samples, rate, hz);
}

/** Resolves with the moment (performance.now()) the page hears `hz`; polls as fast as evaluate allows. */
export async function pageHears(page: Page, hz: number, timeoutMs: number): Promise<number> {
  const deadline = now() + timeoutMs;
  let last: ToneMeasure = { rms: 0, share: 0 };
  while (now() < deadline) {
    // Right after a navigation the page's context may still be the old one, or gone: ask again.
    last = await pageMeasure(page, hz).catch(() => last);
    if (isHeard(last)) return now();
  }
  throw new Error(`the page did not hear ${hz} Hz in ${timeoutMs} ms (rms ${last.rms.toFixed(0)}, ${Math.round(last.share * 100)} % at ${hz} Hz)`);
}

/** Resolves with the moment the far end hears `hz` in its last `windowMs` (checked on every frame). */
export async function farEndHears(call: FarCall, hz: number, timeoutMs: number, windowMs = 100): Promise<number> {
  await call.audio.waitToHear(hz, { timeoutMs, windowMs });
  return now();
}

/**
 * Resident memory of a process in MB (/proc/PID/status): all of it (VmRSS), and its parts:
 * anonymous (heaps: V8's and malloc's), file-backed (code, mapped files) and shared memory
 * (SQLite's WAL index).
 */
export function residentMb(pid: number): { rss: number; anon: number; file: number; shmem: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const kb = Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, 'm').exec(status)?.[1]);
    if (!Number.isFinite(kb)) throw new Error(`no ${name} for process ${pid}`);
    return kb / 1024;
  };
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile'), shmem: field('RssShmem') };
}

/** The host's log lines (JSON on stderr) whose message matches, with their time (ms since the epoch). */
export function hostLog(host: RunningHost, message: RegExp): { at: number; line: Record<string, unknown> }[] {
  const found: { at: number; line: Record<string, unknown> }[] = [];
  for (const text of host.stderr().split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const line = JSON.parse(text) as Record<string, unknown>;
      if (typeof line.message === 'string' && message.test(line.message)) found.push({ at: Date.parse(String(line.t)), line });
    } catch {
      // not a log line
    }
  }
  return found;
}

export function logDeskTail(desk: AgentDesk): void {
  note(`--- browser host ---\n${desk.host.stderr().slice(-4000)}\n--- Kamailio ---\n${desk.kamailio.logs().slice(-2000)}`);
}

/**
 * The host's main process seen through its inspector (started with --inspect=127.0.0.1:0, for
 * diagnosis only): its own memory figures, and a full collection on demand.
 */
export class MainInspector {
  private seq = 0;
  private readonly waiting = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  static async connect(host: RunningHost): Promise<MainInspector> {
    const deadline = now() + 10_000;
    let url: string | undefined;
    while (!(url = /Debugger listening on (ws:\/\/\S+)/.exec(host.stderr())?.[1]) && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!url) throw new Error('the host printed no inspector address (was it started with --inspect?)');
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new MainInspector(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (message) => (message.error ? reject(new Error(message.error.message)) : resolve(message.result)));
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** process.memoryUsage() of main after a full collection, in MB. */
  async memoryAfterGc(): Promise<Record<'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers', number>> {
    await this.send('HeapProfiler.collectGarbage');
    const reply = (await this.send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    const usage = JSON.parse(reply.result.value) as Record<string, number>;
    return Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, v / 2 ** 20])) as Record<
      'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers',
      number
    >;
  }

  close(): void {
    this.socket.close();
  }
}
