// The agent of the SIP integration tests: the real Workstation with its settings file in a data
// folder of its own, the wrtc media end speaking a tone as its microphone, every line status it
// showed and every log line it wrote kept for the test to look at.
import fs from 'node:fs';
import path from 'node:path';
import type { LineStatus } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import type { FarCall, FarEnd } from './far-end';
import type { Kamailio } from './kamailio';
import type { UdpRelay } from './path-relay';
import { resourcesDir, tempDir } from './temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from './wrtc-media';

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

export interface TestAgent {
  ws: Workstation;
  media: WrtcMediaEnd;
  /** Every line status the agent's screen was given, in order (repeats left out). */
  statuses: LineStatus[];
  logs: LogLine[];
  /** Stops the workstation and closes the media end. */
  stop(): Promise<void>;
}

/** The `sip` settings of agent7 on this Kamailio (over its WebSocket unless a test says otherwise). */
export function agentSip(kamailio: Pick<Kamailio, 'wsUrl' | 'uri'>): Record<string, unknown> {
  return { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' };
}

/**
 * Starts an agent with `settings` as its settings file (the `sip` block included) and waits until
 * its line is registered. The agent's microphone speaks `toneHz` (660 Hz unless told).
 */
export async function startWorkstationAgent(settings: Record<string, unknown>, options: { toneHz?: number } = {}): Promise<TestAgent> {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify(settings));
  const logs: LogLine[] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, ...(fields ? { fields } : {}) }) };
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger, clock: systemClock });
  const media = createWrtcMediaEnd(options.toneHz ?? 660);
  ws.media.attach(media.channel);
  const statuses: LineStatus[] = [];
  ws.onState((snapshot) => {
    if (statuses.at(-1) !== snapshot.line.status) statuses.push(snapshot.line.status);
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await ws.stop();
    media.close();
  };
  try {
    await ws.start();
    await waitFor('agent registered', () => ws.snapshot().line.status === 'registered', 5000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ws, media, statuses, logs, stop };
}

/** Each hears the other from now on: the far end the agent's tone, the agent the far end's. */
export async function bothHear(agent: TestAgent, farCall: FarCall, when: string, timeoutMs = 10_000): Promise<void> {
  const far = farCall.audio.mark();
  const heard = agent.media.audible();
  await farCall.audio.waitForAudio(50, { since: far, timeoutMs });
  await waitFor(`the agent hears the customer ${when}`, () => agent.media.audible() > heard + 50, timeoutMs);
}

/** `customer` calls `uri` with its media through `relay`; the agent answers, and the two hear each other. */
export async function answeredRelayedCall(agent: TestAgent, customer: FarEnd, uri: string, relay: UdpRelay): Promise<{ farCall: FarCall; callId: string }> {
  const { ws } = agent;
  const farCall = customer.call(uri);
  relay.attach(farCall.session);
  await waitFor('a ringing call', () => ws.snapshot().calls.some((c) => c.state === 'ringing'), 5000);
  const callId = ws.snapshot().calls[0]!.id;
  await ws.phone.answer(callId);
  await farCall.waitForState('confirmed');
  await bothHear(agent, farCall, 'at first');
  return { farCall, callId };
}
