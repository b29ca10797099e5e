// A media path the test can break, on loopback, without network namespaces: both peers' ICE
// candidates are rewritten (in the far end's JsSIP 'sdp' events) to one port each of this relay,
// so every packet between agent and far end passes through it. `cut()` drops them all (a link
// down), `restore()` lets them through again, and `move()` closes the relay's ports for good and
// opens new ones (the path media took is gone, as after an address change): only a new offer and
// answer, carrying the new ports, finds the far end again.
import dgram from 'node:dgram';

interface Side {
  /** The relay's socket this side's peer sends to. */
  socket: dgram.Socket;
  /** The peer's real port on 127.0.0.1 (its loopback candidate in its latest SDP). */
  peerPort: number | null;
  /** 127.0.0.1, or where a latched peer's packet came from (a socket of its on another local address). */
  peerAddress: string;
  /**
   * The peer's latest SDP named no loopback port (an answer to an ICE restart written before its
   * new candidates were gathered, which ICE allows: the other side learns the address from the
   * checks). Its address and port are then taken from the first packet that comes from a socket
   * of the peer not seen before, as a NAT or a media relay would latch on to it: not from one
   * that sent already (an earlier ICE generation's, still checking its old pairs).
   */
  latch: boolean;
  /** The peer's sockets (address:port) packets came from. */
  seen: Set<string>;
}

const CANDIDATE = /^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host.*$/im;

export class UdpRelay {
  /** What the agent talks to (the far end, as the agent sees it), and what the far end talks to. */
  private agentSide!: Side;
  private farSide!: Side;
  private dropping = false;
  forwarded = 0;
  dropped = 0;

  static async start(): Promise<UdpRelay> {
    const relay = new UdpRelay();
    await relay.open();
    return relay;
  }

  /**
   * Hooks a far end's call: what it sends carries the relay's far end port, what it receives
   * carries the relay's agent port. Ports are read from each SDP, so a restart's new ones count.
   */
  attach(session: { on(event: 'sdp', listener: (e: { originator: string; sdp: string }) => void): void }): void {
    session.on('sdp', (e) => {
      if (e.originator === 'local') e.sdp = this.rewrite(e.sdp, this.farSide, this.agentSide);
      else e.sdp = this.rewrite(e.sdp, this.agentSide, this.farSide);
    });
  }

  cut(): void {
    this.dropping = true;
  }

  restore(): void {
    this.dropping = false;
  }

  /** New relay ports; the old ones are closed, so media on the old path is lost for good. */
  async move(): Promise<void> {
    const old = [this.agentSide, this.farSide];
    const [agent, far] = old.map(({ peerPort, peerAddress, latch, seen }) => ({ peerPort, peerAddress, latch, seen }));
    await this.open();
    Object.assign(this.agentSide, agent);
    Object.assign(this.farSide, far);
    for (const side of old) side.socket.close();
  }

  close(): void {
    this.agentSide.socket.close();
    this.farSide.socket.close();
  }

  /**
   * `sdp` was written by `owner`'s peer: its loopback port is noted, and every candidate is
   * replaced by the one port of the relay the other peer must send to (`via`).
   */
  private rewrite(sdp: string, owner: Side, via: Side): string {
    const port = CANDIDATE.exec(sdp)?.[1];
    if (port) {
      owner.peerPort = Number(port);
      owner.peerAddress = '127.0.0.1';
    }
    owner.latch = !port;
    const relayPort = via.socket.address().port;
    const lines = sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates');
    const media = lines.findIndex((line) => line.startsWith('m=audio'));
    const at = lines.findIndex((line, i) => i > media && line.startsWith('a=ice-ufrag'));
    lines.splice(at + 1, 0, `a=candidate:1 1 udp 2122260223 127.0.0.1 ${relayPort} typ host generation 0`, 'a=end-of-candidates');
    return lines.join('\r\n');
  }

  private async open(): Promise<void> {
    const bind = async () => {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      return { socket, peerPort: null, peerAddress: '127.0.0.1', latch: false, seen: new Set() } as Side;
    };
    const agentSide = await bind();
    const farSide = await bind();
    // From the agent, out of the far end's socket to the far end; and back the other way.
    agentSide.socket.on('message', (data, from) => this.forward(data, agentSide, from, farSide));
    farSide.socket.on('message', (data, from) => this.forward(data, farSide, from, agentSide));
    this.agentSide = agentSide;
    this.farSide = farSide;
  }

  /**
   * `data` arrived from `from`'s peer (sent from `sender`); it leaves through `to`'s socket, the
   * one its receiver knows as the other peer's candidate.
   */
  private forward(data: Buffer, from: Side, sender: dgram.RemoteInfo, to: Side): void {
    const socket = `${sender.address}:${sender.port}`;
    if (from.latch && !from.seen.has(socket)) {
      from.peerPort = sender.port;
      from.peerAddress = sender.address;
      from.latch = false;
    }
    from.seen.add(socket);
    if (this.dropping || to.peerPort === null) {
      this.dropped++;
      return;
    }
    this.forwarded++;
    to.socket.send(data, to.peerPort, to.peerAddress);
  }
}
