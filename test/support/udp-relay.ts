/**
 * A userspace UDP relay for the media path, to impair a call for real without netem (which these
 * kernels lack): both peers are told the relay's address instead of each other's (FarEnd's
 * `sdpRewrite`), so every STUN, DTLS and SRTP packet of the call passes through here. SRTP and
 * SRTCP (first byte 128–191, RFC 7983) can be dropped at random and delayed by a random amount
 * (jitter, with the reordering that comes with it); STUN and DTLS always pass, so the call still
 * sets up at once and only its audio suffers, as on a lossy access line.
 */
import dgram from 'node:dgram';

export interface Impairment {
  /** Share of media packets dropped, 0–1, each direction. */
  loss: number;
  /** Extra delay of each media packet: uniform between 0 and this, ms. */
  jitterMs: number;
}

export class UdpRelay {
  private readonly socket = dgram.createSocket('udp4');
  /** Where the far end listens (its candidate's port, before the rewrite). */
  private farPort: number | null = null;
  /** Where the agent's media end sends from (learned from its first packet). */
  private agent: { address: string; port: number } | null = null;
  impairment: Impairment = { loss: 0, jitterMs: 0 };
  readonly counts = { media: 0, dropped: 0 };

  private constructor(private readonly random: () => number) {}

  static async start(random: () => number = Math.random): Promise<UdpRelay> {
    const relay = new UdpRelay(random);
    relay.socket.on('message', (message, from) => relay.onMessage(message, from));
    await new Promise<void>((resolve) => relay.socket.bind(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** The far end's SDP as the agent gets it: its one loopback candidate points at the relay. */
  farSdp(sdp: string): string {
    return sdp.replace(/^(a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 )(\d+)( typ host.*)$/gim, (_line, head: string, port: string, tail: string) => {
      this.farPort = Number(port);
      return `${head}${this.port}${tail}`;
    });
  }

  /** The agent's SDP as the far end gets it: only the relay to talk to. */
  agentSdp(sdp: string): string {
    const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
    const lines = sdp.split(/\r?\n/).filter((line) => !line.startsWith('a=candidate:'));
    const media = lines.findIndex((line) => line.startsWith('m=audio'));
    lines.splice(media + 1, 0, `a=candidate:1 1 udp 2122260223 127.0.0.1 ${this.port} typ host generation 0`);
    return lines.join(eol);
  }

  close(): void {
    this.socket.close();
  }

  private onMessage(message: Buffer, from: dgram.RemoteInfo): void {
    if (this.farPort === null) return;
    const fromFar = from.port === this.farPort;
    if (!fromFar) this.agent = { address: from.address, port: from.port };
    const to = fromFar ? this.agent : { address: '127.0.0.1', port: this.farPort };
    if (!to) return;
    const first = message[0] ?? 0;
    const isMedia = first >= 128 && first <= 191;
    if (!isMedia) return this.send(message, to);
    this.counts.media += 1;
    if (this.random() < this.impairment.loss) {
      this.counts.dropped += 1;
      return;
    }
    const delay = this.impairment.jitterMs > 0 ? this.random() * this.impairment.jitterMs : 0;
    if (delay < 1) return this.send(message, to);
    setTimeout(() => this.send(message, to), delay).unref();
  }

  private send(message: Buffer, to: { address: string; port: number }): void {
    try {
      this.socket.send(message, to.port, to.address);
    } catch {
      // Closed while a delayed packet waited: the test is over.
    }
  }
}
