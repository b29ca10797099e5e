// A WebSocket front between the agent and Kamailio, as a load balancer or an SBC that ends the
// WebSocket and passes SIP on: each connection the agent opens gets its own connection to the
// server behind. The front answers WebSocket pings itself, so it can make the fault the pings
// cannot see: the SIP server behind a live front stops answering.
import WebSocket, { WebSocketServer } from 'ws';

export interface WsFront {
  /** ws://127.0.0.1:PORT: give this to the agent instead of Kamailio's URL. */
  readonly url: string;
  /** Connections the agent opened so far. */
  readonly connections: number;
  /** The SIP server behind the connections open now stops answering; the front still takes pings. New connections work. */
  stallServer(): void;
  /** From now on the front drops every OPTIONS the agent sends, as a server whose script ignores them. */
  dropOptions(): void;
  close(): Promise<void>;
}

export async function startWsFront(serverUrl: string): Promise<WsFront> {
  const pairs = new Set<{ agent: WebSocket; server: WebSocket; stalled: boolean }>();
  let connections = 0;
  let dropOptions = false;
  const front = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
  front.on('connection', (agent) => {
    connections++;
    const server = new WebSocket(serverUrl, 'sip');
    const pair = { agent, server, stalled: false };
    pairs.add(pair);
    const queued: string[] = [];
    server.on('open', () => queued.splice(0).forEach((message) => server.send(message)));
    agent.on('message', (data) => {
      const message = data.toString();
      if (pair.stalled || (dropOptions && message.startsWith('OPTIONS '))) return;
      if (server.readyState === WebSocket.OPEN) server.send(message);
      else queued.push(message);
    });
    server.on('message', (data) => {
      if (!pair.stalled && agent.readyState === WebSocket.OPEN) agent.send(data.toString());
    });
    const gone = () => {
      pairs.delete(pair);
      agent.terminate();
      server.terminate();
    };
    agent.on('close', gone);
    server.on('close', () => {
      if (!pair.stalled) gone();
    });
    agent.on('error', () => undefined);
    server.on('error', () => undefined);
  });
  await new Promise((resolve) => front.once('listening', resolve));
  const { port } = front.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    stallServer() {
      for (const pair of pairs) pair.stalled = true;
    },
    dropOptions() {
      dropOptions = true;
    },
    async close() {
      for (const pair of pairs) {
        pair.agent.terminate();
        pair.server.terminate();
      }
      pairs.clear();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}
