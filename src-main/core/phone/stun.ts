/**
 * A small STUN client (RFC 5389) for the pre-shift check: a Binding request to a STUN server,
 * and for a TURN server an Allocate with its long-term credentials (RFC 5766), released at once.
 * An allocation proves what a binding cannot: that the username and credential IT configured
 * are accepted and the server will relay — the usual way a TURN setup is broken.
 * UDP only: it is what the media end tries first, and a TCP/TLS TURN server is reported as not
 * probed rather than guessed at.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';

const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;

export const STUN = {
  bindingRequest: 0x0001,
  bindingSuccess: 0x0101,
  allocateRequest: 0x0003,
  allocateSuccess: 0x0103,
  allocateError: 0x0113,
  refreshRequest: 0x0004,
} as const;

const ATTR = {
  mappedAddress: 0x0001,
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  xorRelayedAddress: 0x0016,
  realm: 0x0014,
  nonce: 0x0015,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
} as const;

export interface StunAddress {
  address: string;
  port: number;
}

export interface StunMessage {
  type: number;
  transactionId: Buffer;
  attributes: Map<number, Buffer>;
}

interface Attribute {
  type: number;
  value: Buffer;
}

/** Encodes a message; with `integrityKey`, a MESSAGE-INTEGRITY attribute ends it (RFC 5389 15.4). */
export function encodeStun(type: number, transactionId: Buffer, attributes: readonly Attribute[], integrityKey?: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const attribute of attributes) {
    const header = Buffer.alloc(4);
    header.writeUInt16BE(attribute.type, 0);
    header.writeUInt16BE(attribute.value.length, 2);
    const padding = Buffer.alloc((4 - (attribute.value.length % 4)) % 4);
    parts.push(header, attribute.value, padding);
  }
  let body = Buffer.concat(parts);
  const header = (length: number) => {
    const out = Buffer.alloc(HEADER_BYTES);
    out.writeUInt16BE(type, 0);
    out.writeUInt16BE(length, 2);
    out.writeUInt32BE(MAGIC_COOKIE, 4);
    transactionId.copy(out, 8);
    return out;
  };
  if (integrityKey) {
    // The HMAC covers the message with its length already counting the integrity attribute.
    const hmac = createHmac('sha1', integrityKey)
      .update(Buffer.concat([header(body.length + 24), body]))
      .digest();
    const attribute = Buffer.alloc(4);
    attribute.writeUInt16BE(ATTR.messageIntegrity, 0);
    attribute.writeUInt16BE(20, 2);
    body = Buffer.concat([body, attribute, hmac]);
  }
  return Buffer.concat([header(body.length), body]);
}

/** Decodes a STUN message, or null when the bytes are not one (wrong cookie, bad lengths). */
export function decodeStun(bytes: Buffer): StunMessage | null {
  if (bytes.length < HEADER_BYTES || (bytes[0]! & 0xc0) !== 0) return null;
  const length = bytes.readUInt16BE(2);
  if (bytes.readUInt32BE(4) !== MAGIC_COOKIE || length % 4 !== 0 || HEADER_BYTES + length > bytes.length) return null;
  const attributes = new Map<number, Buffer>();
  let at = HEADER_BYTES;
  const end = HEADER_BYTES + length;
  while (at + 4 <= end) {
    const type = bytes.readUInt16BE(at);
    const size = bytes.readUInt16BE(at + 2);
    if (at + 4 + size > end) return null;
    if (!attributes.has(type)) attributes.set(type, bytes.subarray(at + 4, at + 4 + size));
    at += 4 + size + ((4 - (size % 4)) % 4);
  }
  return { type: bytes.readUInt16BE(0), transactionId: Buffer.from(bytes.subarray(8, 20)), attributes };
}

/** An (XOR-)MAPPED-ADDRESS value; `xor` undoes RFC 5389's obfuscation with the cookie and transaction. */
export function decodeAddress(value: Buffer, transactionId: Buffer, xor: boolean): StunAddress | null {
  if (value.length < 8) return null;
  const family = value[1];
  const cookie = Buffer.alloc(4);
  cookie.writeUInt32BE(MAGIC_COOKIE, 0);
  const port = value.readUInt16BE(2) ^ (xor ? MAGIC_COOKIE >>> 16 : 0);
  if (family === 0x01) {
    const raw = value.subarray(4, 8).map((byte, i) => (xor ? byte ^ cookie[i]! : byte));
    return { address: [...raw].join('.'), port };
  }
  if (family === 0x02 && value.length >= 20) {
    const mask = Buffer.concat([cookie, transactionId]);
    const raw = Buffer.from(value.subarray(4, 20).map((byte, i) => (xor ? byte ^ mask[i]! : byte)));
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(raw.readUInt16BE(i).toString(16));
    return { address: groups.join(':'), port };
  }
  return null;
}

/** The mapped address of a Binding success: XOR-MAPPED-ADDRESS, else the old MAPPED-ADDRESS. */
export function mappedAddress(message: StunMessage): StunAddress | null {
  const xor = message.attributes.get(ATTR.xorMappedAddress);
  if (xor) return decodeAddress(xor, message.transactionId, true);
  const plain = message.attributes.get(ATTR.mappedAddress);
  return plain ? decodeAddress(plain, message.transactionId, false) : null;
}

function errorOf(message: StunMessage): { code: number; reason: string } | null {
  const value = message.attributes.get(ATTR.errorCode);
  if (!value || value.length < 4) return null;
  return { code: (value[2]! & 0x07) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') };
}

/** A STUN or TURN address from an RTCIceServer url: `stun:host:port`, `turn:host?transport=udp`. */
export interface IceUrl {
  kind: 'stun' | 'turn';
  secure: boolean;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
}

export function parseIceUrl(url: string): IceUrl | null {
  const m = /^(stuns?|turns?):(\[[^\]]+\]|[^:?]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i.exec(url.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const secure = scheme.endsWith('s');
  const host = m[2]!.replace(/^\[|\]$/g, '');
  const port = m[3] ? Number(m[3]) : secure ? 5349 : 3478;
  if (port < 1 || port > 65_535) return null;
  const transport = (m[4]?.toLowerCase() as 'udp' | 'tcp' | undefined) ?? (secure ? 'tcp' : 'udp');
  return { kind: scheme.startsWith('turn') ? 'turn' : 'stun', secure, host, port, transport };
}

export interface ProbeOptions {
  /** Give up after this long in all (default 3 s). */
  timeoutMs?: number;
  /** The first retransmission (RFC 5389's RTO; doubled each time, default 250 ms). */
  rtoMs?: number;
}

/** What one request brought back, with its round-trip time (from the send that was answered). */
interface Exchange {
  message: StunMessage;
  rttMs: number;
}

/** Sends a request over UDP, retransmitting with doubling waits, until its transaction is answered. */
function exchange(
  socket: dgram.Socket,
  target: { host: string; port: number },
  request: Buffer,
  transactionId: Buffer,
  options: ProbeOptions,
): Promise<Exchange> {
  const timeoutMs = options.timeoutMs ?? 3000;
  let rto = options.rtoMs ?? 250;
  return new Promise((resolve, reject) => {
    let sentAt = performance.now();
    let retry: NodeJS.Timeout | undefined;
    const done = (finish: () => void) => {
      clearTimeout(retry);
      clearTimeout(deadline);
      socket.off('message', onMessage);
      socket.off('error', onError);
      finish();
    };
    const onMessage = (bytes: Buffer) => {
      const message = decodeStun(bytes);
      if (!message || !message.transactionId.equals(transactionId)) return;
      const rttMs = performance.now() - sentAt;
      done(() => resolve({ message, rttMs }));
    };
    const onError = (error: Error) => done(() => reject(error));
    const send = () => {
      sentAt = performance.now();
      socket.send(request, target.port, target.host, (error) => {
        if (error) onError(error);
      });
      retry = setTimeout(send, rto);
      rto *= 2;
    };
    const deadline = setTimeout(() => done(() => reject(new StunTimeout(timeoutMs))), timeoutMs);
    socket.on('message', onMessage);
    socket.on('error', onError);
    send();
  });
}

export class StunTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${(timeoutMs / 1000).toFixed(1)} s`);
    this.name = 'StunTimeout';
  }
}

/** A socket of the host's address family, closed by `using` the result's close. */
function openSocket(host: string): dgram.Socket {
  return dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
}

export interface BindingResult {
  /** Our address as the server saw it. */
  mapped: StunAddress | null;
  rttMs: number;
}

/** One STUN Binding request (RFC 5389 7.2.1). */
export async function stunBinding(target: { host: string; port: number }, options: ProbeOptions = {}): Promise<BindingResult> {
  const socket = openSocket(target.host);
  try {
    const transactionId = randomBytes(12);
    const { message, rttMs } = await exchange(socket, target, encodeStun(STUN.bindingRequest, transactionId, []), transactionId, options);
    if (message.type !== STUN.bindingSuccess) {
      const error = errorOf(message);
      throw new Error(`the server refused the binding request${error ? ` (${error.code} ${error.reason})` : ''}`);
    }
    return { mapped: mappedAddress(message), rttMs };
  } finally {
    socket.close();
  }
}

export interface AllocationResult {
  /** The relayed address the TURN server gave us. */
  relayed: StunAddress | null;
  /** The round trip of the authenticated Allocate. */
  rttMs: number;
}

/** A refusal of the TURN server, with its error code (401: the credentials are wrong). */
export class TurnRefused extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(`the TURN server refused the allocation (${code} ${reason})`);
    this.name = 'TurnRefused';
  }
}

const attribute = (type: number, value: Buffer): Attribute => ({ type, value });

/**
 * A TURN allocation with long-term credentials (RFC 5766 6.1, RFC 5389 10.2): the first Allocate
 * draws a 401 with the realm and nonce, the second carries USERNAME, REALM, NONCE and
 * MESSAGE-INTEGRITY. The allocation is released at once (Refresh with LIFETIME 0).
 */
export async function turnAllocate(
  target: { host: string; port: number },
  credentials: { username: string; credential: string },
  options: ProbeOptions = {},
): Promise<AllocationResult> {
  const socket = openSocket(target.host);
  try {
    const udp = Buffer.from([17, 0, 0, 0]);
    const firstId = randomBytes(12);
    const first = await exchange(socket, target, encodeStun(STUN.allocateRequest, firstId, [attribute(ATTR.requestedTransport, udp)]), firstId, options);
    if (first.message.type === STUN.allocateSuccess) {
      // A server that wants no credentials: allocated already.
      await release(socket, target, null, options);
      return { relayed: decodeAddress(first.message.attributes.get(ATTR.xorRelayedAddress) ?? Buffer.alloc(0), firstId, true), rttMs: first.rttMs };
    }
    const challenge = errorOf(first.message);
    const realm = first.message.attributes.get(ATTR.realm);
    const nonce = first.message.attributes.get(ATTR.nonce);
    if (challenge?.code !== 401 || !realm || !nonce) throw new TurnRefused(challenge?.code ?? 0, challenge?.reason ?? 'no challenge');
    const key = createHash('md5')
      .update(`${credentials.username}:${realm.toString('utf8')}:${credentials.credential}`)
      .digest();
    const auth = [attribute(ATTR.username, Buffer.from(credentials.username, 'utf8')), attribute(ATTR.realm, realm), attribute(ATTR.nonce, nonce)];
    const secondId = randomBytes(12);
    const second = await exchange(
      socket,
      target,
      encodeStun(STUN.allocateRequest, secondId, [attribute(ATTR.requestedTransport, udp), ...auth], key),
      secondId,
      options,
    );
    if (second.message.type !== STUN.allocateSuccess) {
      const error = errorOf(second.message);
      throw new TurnRefused(error?.code ?? 0, error?.reason ?? 'unknown');
    }
    const relayedValue = second.message.attributes.get(ATTR.xorRelayedAddress);
    await release(socket, target, { auth, key }, options);
    return { relayed: relayedValue ? decodeAddress(relayedValue, secondId, true) : null, rttMs: second.rttMs };
  } finally {
    socket.close();
  }
}

/** Gives the allocation back (Refresh, LIFETIME 0), so a check leaves no relay port held for 10 minutes. */
async function release(
  socket: dgram.Socket,
  target: { host: string; port: number },
  auth: { auth: Attribute[]; key: Buffer } | null,
  options: ProbeOptions,
): Promise<void> {
  const id = randomBytes(12);
  const lifetime = Buffer.alloc(4);
  const request = encodeStun(STUN.refreshRequest, id, [attribute(ATTR.lifetime, lifetime), ...(auth?.auth ?? [])], auth?.key);
  // Best effort: the allocation times out on the server anyway.
  await exchange(socket, target, request, id, { ...options, timeoutMs: Math.min(options.timeoutMs ?? 3000, 1000) }).catch(() => undefined);
}
