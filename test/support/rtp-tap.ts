// What a plain phone hears, taken off the wire: tcpdump captures the RTP that arrives at the
// phone's media ports on loopback, and the G.711 payloads are decoded to samples for the tone
// measure. baresip 1.0 cannot be asked instead: its recorder (sndfile) stops for good after the
// first re-INVITE that is not sendrecv, such as a hold (docs/testing-sip.md, "The relay topology").
// The capture itself is generic UDP (startUdpTap, parsePcapUdp): the relay benchmark also reads
// SIP off the wire with it, at Kamailio's UDP port.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TCPDUMP_BIN = '/usr/bin/tcpdump';

/** One UDP datagram of a capture. */
export interface UdpDatagram {
  /** Capture time, in ms since the epoch. */
  at: number;
  sourcePort: number;
  destinationPort: number;
  payload: Buffer;
}

export interface RtpPacket {
  /** Capture time, in ms since the epoch. */
  at: number;
  payloadType: number;
  sequence: number;
  ssrc: number;
  payload: Buffer;
}

interface PcapFormat {
  u32(bytes: Buffer, at: number): number;
  nano: boolean;
  linkHeader: number;
}

const PCAP_HEADER = 24;

/** The pcap file header: byte order, time resolution, link layer; null while it is incomplete. */
function pcapFormat(bytes: Buffer): PcapFormat | null {
  if (bytes.length < PCAP_HEADER) return null;
  const magic = bytes.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && bytes.readUInt32BE(0) !== 0xa1b2c3d4 && bytes.readUInt32BE(0) !== 0xa1b23c4d) throw new Error('not a pcap file');
  const nano = magic === 0xa1b23c4d || bytes.readUInt32BE(0) === 0xa1b23c4d;
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const linkType = u32(bytes, 20);
  const linkHeader = linkType === 1 ? 14 : linkType === 113 ? 16 : linkType === 0 ? 4 : -1;
  if (linkHeader < 0) throw new Error(`pcap link type ${linkType} is not handled`);
  return { u32, nano, linkHeader };
}

/**
 * The IPv4 UDP datagrams among the whole records of `bytes` from `offset`, appended to `out`;
 * returns where the first incomplete record starts (the writer may still be at it).
 */
function readUdpRecords(bytes: Buffer, offset: number, format: PcapFormat, out: UdpDatagram[]): number {
  const { u32, nano, linkHeader } = format;
  while (offset + 16 <= bytes.length) {
    const seconds = u32(bytes, offset);
    const fraction = u32(bytes, offset + 4);
    const length = u32(bytes, offset + 8);
    const start = offset + 16;
    if (start + length > bytes.length) break;
    offset = start + length;
    const ip = start + linkHeader;
    if (bytes[ip]! >> 4 !== 4 || bytes[ip + 9] !== 17) continue;
    const udp = ip + (bytes[ip]! & 0x0f) * 4;
    const end = udp + bytes.readUInt16BE(udp + 4);
    if (end > offset || udp + 8 > end) continue;
    out.push({
      at: seconds * 1000 + fraction / (nano ? 1e6 : 1e3),
      sourcePort: bytes.readUInt16BE(udp),
      destinationPort: bytes.readUInt16BE(udp + 2),
      payload: Buffer.from(bytes.subarray(udp + 8, end)),
    });
  }
  return offset;
}

/** The UDP datagrams in a pcap file's bytes (Ethernet or Linux cooked link layer, IPv4). */
export function parsePcapUdp(bytes: Buffer): UdpDatagram[] {
  const format = pcapFormat(bytes);
  const datagrams: UdpDatagram[] = [];
  if (format) readUdpRecords(bytes, PCAP_HEADER, format, datagrams);
  return datagrams;
}

/** The RTP packet a UDP datagram carries, or null (not RTP, or RTCP on the same port). */
export function rtpOf(datagram: UdpDatagram): RtpPacket | null {
  const bytes = datagram.payload;
  if (bytes.length < 12 || bytes[0]! >> 6 !== 2) return null;
  const first = bytes[0]!;
  const payloadType = bytes[1]! & 0x7f;
  if (payloadType >= 72 && payloadType <= 76) return null; // RTCP on the same port
  let start = 12 + (first & 0x0f) * 4;
  if (first & 0x10) {
    if (start + 4 > bytes.length) return null;
    start += 4 + bytes.readUInt16BE(start + 2) * 4;
  }
  let end = bytes.length;
  if (first & 0x20) end -= bytes[end - 1]!;
  if (start > end) return null;
  return { at: datagram.at, payloadType, sequence: bytes.readUInt16BE(2), ssrc: bytes.readUInt32BE(8), payload: bytes.subarray(start, end) };
}

/** The RTP packets in a pcap file's bytes (Ethernet or Linux cooked link layer, IPv4, UDP). */
export function parsePcap(bytes: Buffer): RtpPacket[] {
  return rtpPackets(parsePcapUdp(bytes));
}

function rtpPackets(datagrams: readonly UdpDatagram[]): RtpPacket[] {
  const packets: RtpPacket[] = [];
  for (const datagram of datagrams) {
    const packet = rtpOf(datagram);
    if (packet) packets.push(packet);
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

export interface UdpTap {
  /** Every UDP datagram captured so far, in arrival order (the same array, grown, on each call). */
  datagrams(): UdpDatagram[];
  stop(): Promise<void>;
}

export interface RtpTap {
  /** Every RTP packet captured so far, in arrival order. */
  packets(): RtpPacket[];
  stop(): Promise<void>;
}

/** Captures the UDP packets to local ports [min, max] (the phone's media ports). */
export async function startRtpTap(ports: readonly [number, number]): Promise<RtpTap> {
  const tap = await startUdpTap(ports);
  const packets: RtpPacket[] = [];
  let seen = 0;
  return {
    packets() {
      const datagrams = tap.datagrams();
      for (; seen < datagrams.length; seen++) {
        const packet = rtpOf(datagrams[seen]!);
        if (packet) packets.push(packet);
      }
      return packets;
    },
    stop: () => tap.stop(),
  };
}

/**
 * Captures the UDP datagrams to local ports [min, max] with tcpdump on loopback. Each read
 * parses only what tcpdump wrote since the last one, so polling it during a call stays cheap.
 * Any local address counts, not only 127.0.0.1: a phone bound to all addresses that talks to a
 * relay on a test namespace's root address (sip-network-faults-relay.test.ts) is answered there,
 * and that traffic runs over loopback too.
 */
export async function startUdpTap(ports: readonly [number, number]): Promise<UdpTap> {
  if (!fs.existsSync(TCPDUMP_BIN)) throw new Error(`tcpdump is not installed (${TCPDUMP_BIN}). Install it with: apt-get install tcpdump`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-udp-tap-'));
  const file = path.join(dir, 'capture.pcap');
  const child: ChildProcess = spawn(
    TCPDUMP_BIN,
    ['-i', 'lo', '-n', '-U', '--immediate-mode', '-s', '2048', '-w', file, `udp and dst portrange ${ports[0]}-${ports[1]}`],
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
      process.removeListener('exit', killOnExit);
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`tcpdump did not start capturing on lo (it needs root or CAP_NET_RAW): ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const datagrams: UdpDatagram[] = [];
  let format: PcapFormat | null = null;
  let pending = Buffer.alloc(0); // bytes of a record tcpdump has not finished writing
  let read = 0; // bytes of the file read so far
  return {
    datagrams() {
      let fd: number;
      try {
        fd = fs.openSync(file, 'r');
      } catch {
        return datagrams;
      }
      try {
        const size = fs.fstatSync(fd).size;
        if (size <= read) return datagrams;
        const fresh = Buffer.alloc(size - read);
        const got = fs.readSync(fd, fresh, 0, fresh.length, read);
        read += got;
        let bytes = Buffer.concat([pending, fresh.subarray(0, got)]);
        if (!format) {
          format = pcapFormat(bytes);
          if (!format) {
            pending = bytes;
            return datagrams;
          }
          bytes = bytes.subarray(PCAP_HEADER);
        }
        pending = Buffer.from(bytes.subarray(readUdpRecords(bytes, 0, format, datagrams)));
      } finally {
        fs.closeSync(fd);
      }
      return datagrams;
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
