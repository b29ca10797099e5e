// What a plain phone hears, taken off the wire: tcpdump captures the RTP that arrives at the
// phone's media ports on loopback, and the G.711 payloads are decoded to samples for the tone
// measure. baresip 1.0 cannot be asked instead: its recorder (sndfile) stops for good after the
// first re-INVITE that is not sendrecv, such as a hold (docs/testing-sip.md, "The relay topology").
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TCPDUMP_BIN = '/usr/bin/tcpdump';

export interface RtpPacket {
  /** Capture time, in ms since the epoch. */
  at: number;
  payloadType: number;
  sequence: number;
  ssrc: number;
  payload: Buffer;
}

/** The RTP packets in a pcap file's bytes (Ethernet or Linux cooked link layer, IPv4, UDP). */
export function parsePcap(bytes: Buffer): RtpPacket[] {
  if (bytes.length < 24) return [];
  const magic = bytes.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && bytes.readUInt32BE(0) !== 0xa1b2c3d4 && bytes.readUInt32BE(0) !== 0xa1b23c4d) throw new Error('not a pcap file');
  const nano = magic === 0xa1b23c4d || bytes.readUInt32BE(0) === 0xa1b23c4d;
  const u32 = (at: number) => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const linkType = u32(20);
  const linkHeader = linkType === 1 ? 14 : linkType === 113 ? 16 : linkType === 0 ? 4 : -1;
  if (linkHeader < 0) throw new Error(`pcap link type ${linkType} is not handled`);
  const packets: RtpPacket[] = [];
  let offset = 24;
  while (offset + 16 <= bytes.length) {
    const seconds = u32(offset);
    const fraction = u32(offset + 4);
    const length = u32(offset + 8);
    const start = offset + 16;
    if (start + length > bytes.length) break; // the writer is still at it
    offset = start + length;
    const ip = start + linkHeader;
    if ((bytes[ip]! >> 4) !== 4 || bytes[ip + 9] !== 17) continue;
    const udp = ip + (bytes[ip]! & 0x0f) * 4;
    let rtp = udp + 8;
    const end = udp + bytes.readUInt16BE(udp + 4);
    if (end > offset || rtp + 12 > end || bytes[rtp]! >> 6 !== 2) continue;
    const first = bytes[rtp]!;
    const payloadType = bytes[rtp + 1]! & 0x7f;
    if (payloadType >= 72 && payloadType <= 76) continue; // RTCP on the same port
    const sequence = bytes.readUInt16BE(rtp + 2);
    const ssrc = bytes.readUInt32BE(rtp + 8);
    rtp += 12 + (first & 0x0f) * 4;
    if (first & 0x10) rtp += 4 + bytes.readUInt16BE(rtp + 2) * 4;
    let payloadEnd = end;
    if (first & 0x20) payloadEnd -= bytes[end - 1]!;
    if (rtp > payloadEnd) continue;
    packets.push({ at: seconds * 1000 + fraction / (nano ? 1e6 : 1e3), payloadType, sequence, ssrc, payload: Buffer.from(bytes.subarray(rtp, payloadEnd)) });
  }
  return packets;
}

/** ITU-T G.711 μ-law (PCMU) to linear 16-bit. */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

/** ITU-T G.711 A-law (PCMA) to linear 16-bit. */
export function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a & 0x70) >> 4;
  let magnitude = (a & 0x0f) << 4;
  magnitude += exponent === 0 ? 8 : 0x108;
  if (exponent > 1) magnitude <<= exponent - 1;
  return a & 0x80 ? magnitude : -magnitude;
}

/** The 8 kHz samples of G.711 packets (PCMU 0, PCMA 8); other payload types (DTMF, CN) are skipped. */
export function decodeG711(packets: readonly RtpPacket[]): Int16Array {
  const audio = packets.filter((p) => p.payloadType === 0 || p.payloadType === 8);
  const out = new Int16Array(audio.reduce((sum, p) => sum + p.payload.length, 0));
  let at = 0;
  for (const packet of audio) {
    const decode = packet.payloadType === 0 ? ulawToLinear : alawToLinear;
    for (const byte of packet.payload) out[at++] = decode(byte);
  }
  return out;
}

export interface RtpTap {
  /** Every RTP packet captured so far, in arrival order. */
  packets(): RtpPacket[];
  stop(): Promise<void>;
}

/** Captures the UDP packets to 127.0.0.1 ports [min, max] (the phone's media ports). */
export async function startRtpTap(ports: readonly [number, number]): Promise<RtpTap> {
  if (!fs.existsSync(TCPDUMP_BIN)) throw new Error(`tcpdump is not installed (${TCPDUMP_BIN}). Install it with: apt-get install tcpdump`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-rtp-tap-'));
  const file = path.join(dir, 'phone.pcap');
  const child: ChildProcess = spawn(
    TCPDUMP_BIN,
    ['-i', 'lo', '-n', '-U', '--immediate-mode', '-s', '2048', '-w', file, `udp and dst host 127.0.0.1 and dst portrange ${ports[0]}-${ports[1]}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const deadline = Date.now() + 10_000;
  while (!/listening on lo/.test(stderr)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tcpdump did not start capturing on lo (it needs root or CAP_NET_RAW): ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let cached: { size: number; packets: RtpPacket[] } = { size: -1, packets: [] };
  return {
    packets() {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        return [];
      }
      if (bytes.length !== cached.size) cached = { size: bytes.length, packets: parsePcap(bytes) };
      return cached.packets;
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const closed = new Promise((resolve) => child.once('close', resolve));
        child.kill('SIGTERM');
        await closed;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
