// The agent's desk inside a test's network namespace: a Workstation with the wrtc media end,
// started by test/support/netns-agent-host.ts as `ip netns exec NS node --import tsx <this>`,
// so its SIP and its media leave through the namespace's veth. Driven over stdin and stdout,
// one JSON object a line: {id, cmd, arg} in, {id, result} or {id, error} out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { systemClock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { resourcesDir } from './paths';
import { createWrtcMediaEnd } from './wrtc-media';

const settings = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-netns-agent-'));
const config = path.join(dataDir, 'anlauf.json');
fs.writeFileSync(config, JSON.stringify(settings));
const logs: { level: string; message: string; fields?: Record<string, unknown>; at: number }[] = [];
const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields, at: Date.now() }) };
const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger, clock: systemClock });
const media = createWrtcMediaEnd(660);
ws.media.attach(media.channel);

const commands: Record<string, (arg: any) => unknown> = {
  start: () => ws.start(),
  snapshot: () => ws.snapshot(),
  answer: (id: string) => ws.phone.answer(id),
  hangup: (id: string) => ws.phone.hangup(id),
  audible: () => media.audible(),
  callLog: (id: string) => ws.callLog.get(id),
  recording: (id: string) => ws.recorder.recording(id),
  logs: () => logs,
  stop: async () => {
    await ws.stop();
    media.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    setTimeout(() => process.exit(0), 50);
  },
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, cmd, arg } = JSON.parse(line) as { id: number; cmd: string; arg?: unknown };
  Promise.resolve()
    .then(() => commands[cmd]!(arg))
    .then(
      (result) => process.stdout.write(`${JSON.stringify({ id, result: result ?? null })}\n`),
      (error: Error) => process.stdout.write(`${JSON.stringify({ id, error: String(error?.stack ?? error) })}\n`),
    );
});
process.stdin.on('end', () => process.exit(0));
