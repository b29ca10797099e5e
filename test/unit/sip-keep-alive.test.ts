import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Clock } from '../../src-main/core/clock';
import { SocketKeepAlive } from '../../src-main/core/phone/sip/keep-alive';
import { ManualClock } from '../support/manual-clock';
import { waitFor } from '../support/wrtc-media';

// The keep-alive's timing on a real WebSocket: a ws server on loopback that answers pings while
// `answering` is on (as Kamailio does), and stops answering without closing (as a dead path does).

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function connection(): Promise<{ client: WebSocket; server: { answering: boolean; pings: number } }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
  const server = { answering: true, pings: 0 };
  wss.on('connection', (socket) =>
    socket.on('ping', (data) => {
      server.pings++;
      if (server.answering) socket.pong(data);
    }),
  );
  await new Promise((resolve) => wss.once('listening', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
  await new Promise((resolve) => client.once('open', resolve));
  cleanups.push(() => {
    client.terminate();
    wss.close();
  });
  return { client, server };
}

function keepAlive(clock: Clock, intervalMs: number) {
  const dead: number[] = [];
  const ka = new SocketKeepAlive(clock, intervalMs, () => dead.push(clock.now()));
  cleanups.push(() => ka.stop());
  return { ka, dead };
}

describe('the WebSocket keep-alive', () => {
  it('keeps a connection whose server answers the pings', async () => {
    const clock = new ManualClock();
    const { client, server } = await connection();
    const { ka, dead } = keepAlive(clock, 2000);
    ka.watch(client);
    for (let i = 1; i <= 5; i++) {
      clock.advance(2000);
      await waitFor(`ping ${i} answered`, () => server.pings === i);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    clock.advance(2000);
    expect(dead).toEqual([]);
    expect(client.readyState).toBe(WebSocket.OPEN);
  });

  it('finds a server that stopped answering within two intervals, and closes the socket', async () => {
    const clock = new ManualClock();
    const { client, server } = await connection();
    const { ka, dead } = keepAlive(clock, 2000);
    ka.watch(client);
    const start = clock.now();
    server.answering = false;
    clock.advance(2000);
    await waitFor('the ping at the server', () => server.pings === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = new Promise((resolve) => client.once('close', resolve));
    clock.advance(2000);
    expect(dead).toEqual([start + 4000]);
    await closed;
  });

  it('after sleep, a probe gives its verdict within 2 s even with pings a minute apart', async () => {
    const clock = new ManualClock();
    const { client, server } = await connection();
    const { ka, dead } = keepAlive(clock, 60_000);
    ka.watch(client);
    server.answering = false;
    const woke = clock.now();
    ka.probe();
    await waitFor('the probe at the server', () => server.pings === 1);
    clock.advance(2000);
    expect(dead).toEqual([woke + 2000]);
  });

  it('sends nothing when switched off (sip.keepAliveSeconds 0)', async () => {
    const clock = new ManualClock();
    const { client, server } = await connection();
    const { ka, dead } = keepAlive(clock, 0);
    ka.watch(client);
    ka.probe();
    clock.advance(600_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.pings).toBe(0);
    expect(dead).toEqual([]);
  });

  it('takes a verdict that comes far too late (a blocked event loop, sleep) for no verdict, and asks again', async () => {
    const manual = new ManualClock();
    let skew = 0;
    // The timers fire when the test says; the time they read is late by `skew`.
    const clock: Clock = { now: () => manual.now() + skew, setTimeout: (fn, ms) => manual.setTimeout(fn, ms), clearTimeout: (h) => manual.clearTimeout(h) };
    const { client, server } = await connection();
    const { ka, dead } = keepAlive(clock, 2000);
    ka.watch(client);
    server.answering = false;
    manual.advance(2000);
    await waitFor('the ping at the server', () => server.pings === 1);
    skew = 5000;
    manual.advance(2000);
    expect(dead).toEqual([]);
    await waitFor('asked again', () => server.pings === 2);
    manual.advance(2000);
    expect(dead).toHaveLength(1);
  });
});
