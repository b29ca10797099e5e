// A SIP peer on raw UDP for tests that must send what no SIP stack would: duplicated or oversized
// headers, a wrong Content-Length, unknown methods, bodies of any bytes. It talks to the test
// Kamailio's UDP listener (the trusted "trunk" side), builds requests from parts a test can bend,
// sends every byte exactly as given, and keeps a dialog (route set, remote target, tags, CSeq) well
// enough to ACK, re-INVITE and BYE. It answers the requests it gets in a dialog (BYE, INFO…) with
// 200. See docs/testing-sip.md, "Malformed SIP".
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import type { Kamailio } from './kamailio';

export interface SipMessage {
  /** The request's method (as written) or undefined for a response. */
  method?: string;
  requestUri?: string;
  status?: number;
  reason?: string;
  /** Every header in order, names as written. */
  headers: [string, string][];
  body: Buffer;
  raw: Buffer;
  /** The first header of that name (long or compact form, any case). */
  header(name: string): string | undefined;
  /** Every header of that name (long or compact form, any case). */
  all(name: string): string[];
}

const COMPACT: Record<string, string> = {
  i: 'call-id',
  f: 'from',
  t: 'to',
  v: 'via',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  s: 'subject',
  k: 'supported',
};
const canonical = (name: string) => COMPACT[name.toLowerCase()] ?? name.toLowerCase();

/** Reads a SIP message loosely (header folding is not undone); null when it is not one. */
export function parseSip(raw: Buffer): SipMessage | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  const [first, ...lines] = head.split('\r\n');
  const request = /^(\S+) (\S+) SIP\/2\.0$/.exec(first ?? '');
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(first ?? '');
  if (!request && !response) return null;
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return colon < 0 ? [line, ''] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
  });
  const all = (name: string) => headers.filter(([n]) => canonical(n) === canonical(name)).map(([, v]) => v);
  return {
    ...(request ? { method: request[1], requestUri: request[2] } : { status: Number(response![1]), reason: response![2] }),
    headers,
    body: end < 0 ? Buffer.alloc(0) : raw.subarray(end + 4),
    raw,
    header: (name) => all(name)[0],
    all,
  };
}

export const token = (bytes = 6) => randomBytes(bytes).toString('hex');

/** The parts of a request a test may bend; everything left out is filled in well-formed. */
export interface RequestParts {
  method: string;
  uri: string;
  /** The Via branch (matches the answers to this request). Default: a fresh one. */
  branch?: string;
  callId?: string;
  from?: string;
  to?: string;
  cseq?: string;
  contact?: string | null;
  /** More header lines, as written ("Name: value"). */
  headers?: string[];
  body?: string | Buffer;
  contentType?: string;
  /** Content-Length as written; default: the body's byte length. null: none at all. */
  contentLength?: string | null;
  /** Route lines (a dialog's route set). */
  route?: string[];
}

/**
 * A raw UDP SIP endpoint at 127.0.0.1:port that sends to Kamailio. Answers to its requests are
 * matched by Via branch (which survives duplicated Call-IDs); requests it receives are kept in
 * `requests` and, unless `autoAnswer` says otherwise, answered 200 (ACK: nothing).
 */
export class RawSipPeer {
  readonly received: SipMessage[] = [];
  readonly requests: SipMessage[] = [];
  /**
   * What the peer answers a request it receives: 200, but nothing to an ACK and 488 to an INVITE
   * (it negotiates no media of its own).
   */
  autoAnswer: (request: SipMessage) => number | null = (r) => (r.method === 'ACK' ? null : r.method === 'INVITE' ? 488 : 200);
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
    readonly kamailio: Pick<Kamailio, 'udpPort' | 'domain'>,
  ) {
    socket.on('message', (raw) => {
      const message = parseSip(raw);
      if (!message) return;
      this.received.push(message);
      if (message.method) {
        this.requests.push(message);
        const code = this.autoAnswer(message);
        if (code !== null) this.reply(message, code);
      }
      for (const waiter of [...this.waiters]) waiter();
    });
  }

  static async open(kamailio: Pick<Kamailio, 'udpPort' | 'domain'>): Promise<RawSipPeer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return new RawSipPeer(socket, socket.address().port, kamailio);
  }

  get hostPort(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Sends these bytes to Kamailio as they are. */
  send(raw: string | Buffer): Promise<void> {
    const data = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
    return new Promise((resolve, reject) => this.socket.send(data, this.kamailio.udpPort, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
  }

  /** A request from parts: what is left out is filled in, what is given is written as given. */
  build(parts: RequestParts): { raw: Buffer; branch: string; callId: string } {
    const branch = parts.branch ?? `z9hG4bK-${token()}`;
    const callId = parts.callId ?? `${token(8)}@raw-sip.test`;
    const body = typeof parts.body === 'string' ? Buffer.from(parts.body, 'latin1') : (parts.body ?? Buffer.alloc(0));
    const method = parts.method;
    const lines = [
      `${method} ${parts.uri} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.hostPort};branch=${branch};rport`,
      ...(parts.route ?? []).map((r) => `Route: ${r}`),
      'Max-Forwards: 70',
      `From: ${parts.from ?? `<sip:trunk@${this.hostPort}>;tag=${token(4)}`}`,
      `To: ${parts.to ?? `<${parts.uri}>`}`,
      `Call-ID: ${callId}`,
      `CSeq: ${parts.cseq ?? `1 ${method}`}`,
      ...(parts.contact === null ? [] : [`Contact: ${parts.contact ?? `<sip:trunk@${this.hostPort}>`}`]),
      ...(parts.headers ?? []),
      ...(body.length && parts.contentType !== undefined ? [`Content-Type: ${parts.contentType}`] : []),
      ...(parts.contentLength === null ? [] : [`Content-Length: ${parts.contentLength ?? body.length}`]),
    ];
    return { raw: Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]), branch, callId };
  }

  /** Waits for a message that `match` accepts among those received from now on (or since `from`). */
  async waitFor(match: (message: SipMessage) => boolean, timeoutMs = 5000, from = this.received.length, what = 'a SIP message'): Promise<SipMessage> {
    let found: SipMessage | undefined;
    const look = () => (found = this.received.slice(from).find(match)) !== undefined;
    if (look()) return found!;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const check = () => {
        if (look()) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `no ${what} within ${timeoutMs} ms; got: ${
              this.received
                .slice(from)
                .map((m) => m.method ?? `${m.status} ${m.reason}`)
                .join(', ') || 'nothing'
            }`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
    return found!;
  }

  /** The final answer (>= 200) to the request with this Via branch. */
  finalAnswer(branch: string, timeoutMs = 5000, from?: number): Promise<SipMessage> {
    return this.waitFor((m) => m.status !== undefined && m.status >= 200 && viaBranch(m) === branch, timeoutMs, from, `final answer to branch ${branch}`);
  }

  /** Sends a request built from parts and resolves with its final answer; a non-2xx INVITE answer is ACKed. */
  async request(parts: RequestParts, timeoutMs = 5000): Promise<{ answer: SipMessage; callId: string; branch: string }> {
    const from = this.received.length;
    const built = this.build(parts);
    await this.send(built.raw);
    const answer = await this.finalAnswer(built.branch, timeoutMs, from);
    if (parts.method === 'INVITE' && answer.status! >= 300) await this.send(this.ackForFailure(built.raw, answer));
    return { answer, callId: built.callId, branch: built.branch };
  }

  /** RFC 3261 §17.1.1.3: the ACK of a non-2xx answer, in the INVITE's transaction. */
  ackForFailure(inviteRaw: Buffer, answer: SipMessage): Buffer {
    const invite = parseSip(inviteRaw)!;
    const lines = [
      `ACK ${invite.requestUri} SIP/2.0`,
      `Via: ${invite.all('via')[0]}`,
      'Max-Forwards: 70',
      `From: ${invite.header('from')}`,
      `To: ${answer.header('to')}`,
      `Call-ID: ${invite.header('call-id')}`,
      `CSeq: ${invite.header('cseq')!.split(/\s+/)[0]} ACK`,
      'Content-Length: 0',
    ];
    return Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  }

  /** Answers a request received: its Vias, From, To (with a tag), Call-ID and CSeq. */
  reply(request: SipMessage, status: number, reason = status === 200 ? 'OK' : status === 488 ? 'Not Acceptable Here' : 'Error'): void {
    const to = request.header('to') ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...request.all('via').map((v) => `Via: ${v}`),
      `From: ${request.header('from')}`,
      `To: ${/;tag=/.test(to) ? to : `${to};tag=${token(4)}`}`,
      `Call-ID: ${request.header('call-id')}`,
      `CSeq: ${request.header('cseq')}`,
      'Content-Length: 0',
    ];
    void this.send(lines.join('\r\n') + '\r\n\r\n');
  }

  close(): void {
    this.socket.close();
  }
}

export function viaBranch(message: SipMessage): string | undefined {
  return /;branch=([^;,\s]+)/.exec(message.all('via')[0] ?? '')?.[1];
}

/** The URI inside a name-addr (`"x" <sip:a@b>;tag=1` → `sip:a@b`). */
export function uriOf(nameAddr: string): string {
  return /<([^>]+)>/.exec(nameAddr)?.[1] ?? nameAddr.split(';')[0]!.trim();
}

/**
 * A call the raw peer placed and the far side answered: what in-dialog requests need (RFC 3261
 * §12.1.2). Each request gets the next CSeq; a 2xx to an INVITE is ACKed end to end.
 */
export class RawDialog {
  private cseq: number;
  readonly remoteTarget: string;
  readonly routeSet: string[];
  readonly to: string;

  constructor(
    readonly peer: RawSipPeer,
    readonly callId: string,
    readonly from: string,
    answer: SipMessage,
    firstCseq: number,
  ) {
    this.cseq = firstCseq;
    this.to = answer.header('to')!;
    this.remoteTarget = uriOf(answer.header('contact') ?? '');
    // A UAC's route set is the Record-Route of the 2xx, in reverse.
    this.routeSet = answer
      .all('record-route')
      .flatMap((r) => r.split(/,(?=\s*<)/))
      .map((r) => r.trim())
      .reverse();
  }

  /** A request in this dialog from parts; the dialog fills in URI, route, tags, Call-ID and CSeq. */
  build(parts: Omit<RequestParts, 'uri' | 'callId' | 'from' | 'to' | 'route'> & { cseqNumber?: number }): ReturnType<RawSipPeer['build']> {
    const number = parts.cseqNumber ?? (parts.method === 'ACK' ? this.cseq : ++this.cseq);
    return this.peer.build({
      ...parts,
      uri: this.remoteTarget,
      route: this.routeSet,
      callId: this.callId,
      from: this.from,
      to: this.to,
      cseq: parts.cseq ?? `${number} ${parts.method}`,
    });
  }

  /** Sends a request in the dialog and resolves with its final answer; an INVITE's answer is ACKed. */
  async request(parts: Omit<RequestParts, 'uri' | 'callId' | 'from' | 'to' | 'route'>, timeoutMs = 5000): Promise<SipMessage> {
    const from = this.peer.received.length;
    const built = this.build(parts);
    await this.peer.send(built.raw);
    const answer = await this.peer.finalAnswer(built.branch, timeoutMs, from);
    if (parts.method === 'INVITE') {
      if (answer.status! < 300) await this.ack();
      else await this.peer.send(this.peer.ackForFailure(built.raw, answer));
    }
    return answer;
  }

  /** The ACK of the last 2xx to an INVITE (a new transaction, along the route set). */
  ack(): Promise<void> {
    return this.peer.send(this.build({ method: 'ACK', contact: null }).raw);
  }
}
