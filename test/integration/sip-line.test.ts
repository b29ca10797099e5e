import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LineView } from '../../src-main/contract';
import { silentLogger } from '../../src-main/core/log';
import { systemClock } from '../../src-main/core/clock';
import { Workstation } from '../../src-main/core/workstation';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';

let kamailio: Kamailio;
beforeAll(async () => {
  kamailio = await startKamailio();
}, 30_000);
afterAll(async () => {
  await kamailio?.stop();
});

const running: Workstation[] = [];
afterEach(async () => {
  for (const ws of running.splice(0)) await ws.stop();
});

function agent(sip: Record<string, unknown>): Workstation {
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip }));
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  running.push(ws);
  return ws;
}

const line = (ws: Workstation): LineView => ws.snapshot().line;

describe('the SIP line against a real Kamailio', () => {
  it("registers, and the configured account replaces the training line as the agent's line", async () => {
    const ws = agent({ websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' });
    const started = Date.now();
    await ws.start();
    await waitFor('registered', () => line(ws).status === 'registered', 5000);
    expect(line(ws)).toMatchObject({ kind: 'sip', detail: null });
    expect(line(ws).since).toBeGreaterThanOrEqual(started);
    // The training line stays usable for rehearsal beside it.
    const callId = ws.training.placeTrainingCall({});
    expect(ws.snapshot().calls).toEqual([expect.objectContaining({ id: callId, line: 'training' })]);
  });

  it("shows a wrong password as failed, with the server's reason", async () => {
    const ws = agent({ websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent8'), password: 'wrong' });
    await ws.start();
    await waitFor('failed', () => line(ws).status === 'failed', 5000);
    expect(line(ws).detail).toMatch(/^(401|403) /);
  });

  it('shows an unreachable server with the reason and since when', async () => {
    const ws = agent({ websocketUrl: 'ws://127.0.0.1:1', uri: kamailio.uri('agent7'), password: 'secret7' });
    const before = Date.now();
    await ws.start();
    await waitFor('unreachable', () => line(ws).status === 'unreachable', 5000);
    expect(line(ws).detail).toBe('connection refused');
    const since = line(ws).since;
    expect(since).toBeGreaterThanOrEqual(before);
    // Retries keep the first moment it became unreachable.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(line(ws)).toMatchObject({ status: 'unreachable', since });
  });

  it('notices a stopped server, and is registered again within 5 s of its restart without anyone acting', async () => {
    const ws = agent({ websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' });
    await ws.start();
    await waitFor('registered', () => line(ws).status === 'registered', 5000);
    // Stop the server (not for good: restart() brings it back on the same ports).
    process.kill(kamailio.pid()!, 'SIGTERM');
    await waitFor('unreachable', () => line(ws).status === 'unreachable', 5000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await kamailio.restart();
    const back = Date.now();
    await waitFor('registered again', () => line(ws).status === 'registered', 8000);
    expect(Date.now() - back).toBeLessThan(5000);
  }, 30_000);
});
