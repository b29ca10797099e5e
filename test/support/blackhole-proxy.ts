// A TCP relay between the agent and Kamailio that a test can turn into a black hole: the
// connections it carries stop delivering bytes in both directions, and nobody sees a FIN or an
// RST — exactly what a NAT or firewall does when it drops a connection's state. New connections
// are relayed as before (the NAT makes a new mapping), so the agent can come back by reconnecting.
import net from 'node:net';

export interface BlackholeProxy {
  /** ws://127.0.0.1:PORT: give this to the agent instead of Kamailio's URL. */
  readonly url: string;
  /** Connections relayed so far (each WebSocket the agent opened). */
  readonly connections: number;
  /** From now on the connections open now carry nothing, and are never closed on either side. */
  blackhole(): void;
  /**
   * The computer goes offline (asleep): the connections open now are reset, and new ones are
   * refused at once, until `online()`.
   */
  offline(): void;
  online(): void;
  close(): Promise<void>;
}

export async function startBlackholeProxy(targetPort: number): Promise<BlackholeProxy> {
  const pairs = new Set<{ client: net.Socket; server: net.Socket; dead: boolean }>();
  let connections = 0;
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    connections++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair = { client, server: upstream, dead: false };
    pairs.add(pair);
    client.on('data', (chunk) => {
      if (!pair.dead) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!pair.dead) client.write(chunk);
    });
    // A live pair passes a close on, as a NAT that still knows the connection does; a dead one keeps
    // the other side open and in the dark.
    const closed = (other: net.Socket) => () => {
      if (!pair.dead) other.destroy();
    };
    client.on('close', closed(upstream));
    upstream.on('close', closed(client));
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    blackhole() {
      for (const pair of pairs) pair.dead = true;
    },
    offline() {
      refusing = true;
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.server.destroy();
      }
      pairs.clear();
    },
    online() {
      refusing = false;
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
