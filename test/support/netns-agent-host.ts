// Starts test/support/netns-agent.ts inside a network namespace and talks to it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { CallLogEntry, Snapshot } from '../../src-main/contract';
import type { Recording } from '../../src-main/core/recorder/flight-recorder';
import type { Kamailio } from './kamailio';
import type { Netns } from './netns';
import { projectRoot } from './paths';

export interface NetnsAgent {
  child: ChildProcess;
  snapshot(): Promise<Snapshot>;
  answer(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  /** Loud frames the agent heard so far, over all calls. */
  audible(): Promise<number>;
  callLog(id: string): Promise<CallLogEntry | undefined>;
  /** The call's flight recorder so far (SIP, line states, ICE states, each with its time). */
  recording(id: string): Promise<Recording | null>;
  logs(): Promise<{ level: string; message: string; fields?: Record<string, unknown>; at: number }[]>;
  stop(): Promise<void>;
  stderr(): string;
}

export async function startNetnsAgent(ns: Netns, settings: Record<string, unknown>): Promise<NetnsAgent> {
  const script = path.join(projectRoot, 'test', 'support', 'netns-agent.ts');
  const [command, ...prefix] = ns.exec;
  const child = spawn(command!, [...prefix, process.execPath, '--import', 'tsx', script, JSON.stringify(settings)], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 1;
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    let message: { id?: number; result?: unknown; error?: string };
    try {
      message = JSON.parse(line);
    } catch {
      stderr += `${line}\n`; // a stray line of output (JsSIP's debug log goes to stdout): kept for diagnosis
      return;
    }
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the agent in ${ns.name} exited; stderr:\n${stderr}`));
    pending.clear();
  });
  const send = <T>(cmd: string, arg?: unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.stdin!.write(`${JSON.stringify({ id, cmd, arg })}\n`);
    });
  const agent: NetnsAgent = {
    child,
    snapshot: () => send('snapshot'),
    answer: (id) => send('answer', id),
    hangup: (id) => send('hangup', id),
    audible: () => send('audible'),
    callLog: (id) => send('callLog', id),
    recording: (id) => send('recording', id),
    logs: () => send('logs'),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await send('stop').catch(() => undefined);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
    stderr: () => stderr,
  };
  await send('start');
  return agent;
}

/**
 * The agent most network-fault tests and the network bench need: agent7 on the Kamailio's
 * WebSocket at the namespace's root address, reconnecting within 2 s at most, registered.
 * `sip` adds or overrides SIP settings.
 */
export async function startRegisteredAgent(ns: Netns, kamailio: Pick<Kamailio, 'wsPort' | 'uri'>, sip: Record<string, unknown> = {}): Promise<NetnsAgent> {
  const agent = await startNetnsAgent(ns, {
    sip: { websocketUrl: `ws://${ns.rootAddress}:${kamailio.wsPort}`, uri: kamailio.uri('agent7'), password: 'secret7', reconnectMaxSeconds: 2, ...sip },
  });
  const deadline = Date.now() + 10_000;
  while ((await agent.snapshot()).line.status !== 'registered') {
    if (Date.now() > deadline) {
      await agent.stop();
      throw new Error(`the agent in ${ns.name} did not register within 10 s; its log:\n${JSON.stringify((await agent.logs().catch(() => [])).slice(-20))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return agent;
}
