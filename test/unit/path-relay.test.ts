// The media path the sleep-and-wake and ICE-recovery tests break (test/support/path-relay.ts),
// with plain UDP sockets standing in for the two peers: it must carry what a real path carries,
// or a test measures the relay instead of the workstation.
import dgram from 'node:dgram';
import { afterEach, expect, test } from 'vitest';
import { UdpRelay } from '../support/path-relay';

type SdpListener = (e: { originator: string; sdp: string }) => void;

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const thing of opened.splice(0)) thing.close();
});

async function peer(): Promise<{ socket: dgram.Socket; port: number; received: Buffer[] }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  opened.push(socket);
  const received: Buffer[] = [];
  socket.on('message', (data) => received.push(data));
  return { socket, port: socket.address().port, received };
}

function sdp(port: number | null): string {
  return [
    'v=0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=ice-ufrag:abcd',
    ...(port === null ? [] : [`a=candidate:1 1 udp 2122260223 127.0.0.1 ${port} typ host`]),
    '',
  ].join('\r\n');
}

/** The far end's JsSIP session as the relay hooks it: 'local' SDP is the far end's, 'remote' the agent's. */
function session() {
  const listeners: SdpListener[] = [];
  return {
    on: (_event: 'sdp', listener: SdpListener) => void listeners.push(listener),
    /** Passes an SDP through the relay's rewrite; returns the relay's port written into it. */
    sdp(originator: 'local' | 'remote', text: string): number {
      const event = { originator, sdp: text };
      for (const listener of listeners) listener(event);
      return Number(/ 127\.0\.0\.1 (\d+) typ host/.exec(event.sdp)![1]);
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('an answer that names no candidate (an ICE restart answered before gathering): the far end is reached at the port its packets come from', async () => {
  const relay = await UdpRelay.start();
  opened.push(relay);
  const call = session();
  relay.attach(call);
  const agent = await peer();
  const far = await peer();
  // The call as set up: both ports known from the SDPs.
  const toFar = call.sdp('remote', sdp(agent.port));
  const toAgent = call.sdp('local', sdp(far.port));
  // The ICE restart: the agent offers a new port, the far end answers from a new socket without a candidate.
  const agentAfter = await peer();
  const farAfter = await peer();
  call.sdp('remote', sdp(agentAfter.port));
  call.sdp('local', sdp(null));
  // The far end's check comes from its new socket; the agent's reply must get back to that socket.
  farAfter.socket.send(Buffer.from('check'), toFar, '127.0.0.1');
  await until(() => agentAfter.received.length === 1, "the far end's check at the agent");
  agentAfter.socket.send(Buffer.from('reply'), toAgent, '127.0.0.1');
  await until(() => farAfter.received.length === 1, "the agent's reply at the far end's new socket");
  expect(String(farAfter.received[0])).toBe('reply');
  expect(far.received).toHaveLength(0);
});

test('a port named in the SDP stays the target: packets from another port of the same peer do not move it', async () => {
  const relay = await UdpRelay.start();
  opened.push(relay);
  const call = session();
  relay.attach(call);
  const agent = await peer();
  const far = await peer();
  const farOther = await peer();
  const toFar = call.sdp('remote', sdp(agent.port));
  const toAgent = call.sdp('local', sdp(far.port));
  // An old-generation check from another socket of the far end: the relay still answers the SDP's port.
  farOther.socket.send(Buffer.from('old check'), toFar, '127.0.0.1');
  await until(() => agent.received.length === 1, 'the old check at the agent');
  agent.socket.send(Buffer.from('reply'), toAgent, '127.0.0.1');
  await until(() => far.received.length === 1, "the reply at the far end's SDP port");
  expect(farOther.received).toHaveLength(0);
});

test("two ICE restarts answered without a candidate in a row: the second latches on to the far end's newest socket, not an older one that still checks", async () => {
  const relay = await UdpRelay.start();
  opened.push(relay);
  const call = session();
  relay.attach(call);
  const agent = await peer();
  const far = await peer();
  const toFar = call.sdp('remote', sdp(agent.port));
  const toAgent = call.sdp('local', sdp(far.port));
  far.socket.send(Buffer.from('media'), toFar, '127.0.0.1');
  await until(() => agent.received.length === 1, "the call's media at the agent");
  const firstRestart = await peer();
  call.sdp('remote', sdp(agent.port));
  call.sdp('local', sdp(null));
  firstRestart.socket.send(Buffer.from('check 1'), toFar, '127.0.0.1');
  await until(() => agent.received.length === 2, "the first restart's check at the agent");
  // The second restart, answered before gathering again; the call's first socket still checks its old pair.
  const secondRestart = await peer();
  call.sdp('remote', sdp(agent.port));
  call.sdp('local', sdp(null));
  far.socket.send(Buffer.from('old check'), toFar, '127.0.0.1');
  await until(() => agent.received.length === 3, 'the old check at the agent');
  secondRestart.socket.send(Buffer.from('check 2'), toFar, '127.0.0.1');
  await until(() => agent.received.length === 4, "the second restart's check at the agent");
  agent.socket.send(Buffer.from('reply'), toAgent, '127.0.0.1');
  await until(() => secondRestart.received.length === 1, "the agent's reply at the second restart's socket");
  expect(far.received).toHaveLength(0);
});
