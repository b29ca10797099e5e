import { describe, expect, it } from 'vitest';
import { alawToLinear, decodeG711, parsePcap, parsePcapUdp, ulawToLinear } from '../support/rtp-tap';
import { hears, measureTone } from '../support/tone';

// The measures the plain-phone tests rely on to say "heard": they must tell one tone from another.

function sine(hz: number, rate: number, ms: number, amplitude = 8000): Int16Array {
  const out = new Int16Array((rate * ms) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}

describe('the tone measure', () => {
  it('hears the tone that is there and not a neighbouring one', () => {
    const tone = sine(700, 8000, 500);
    expect(hears(tone, 8000, 700)).toBe(true);
    expect(hears(tone, 8000, 660)).toBe(false);
    expect(measureTone(tone, 8000, 700).share).toBeGreaterThan(0.9);
  });

  it('hears nothing in silence or in a very quiet tone', () => {
    expect(hears(new Int16Array(4000), 8000, 700)).toBe(false);
    expect(hears(sine(700, 8000, 500, 50), 8000, 700)).toBe(false);
  });
});

describe('G.711 and pcap decoding', () => {
  it('decodes μ-law and A-law code words to the ITU values', () => {
    expect(ulawToLinear(0xff)).toBe(0);
    expect(ulawToLinear(0x00)).toBe(-32124);
    expect(ulawToLinear(0x80)).toBe(32124);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(alawToLinear(0xaa)).toBe(32256);
  });

  /** One Ethernet frame with an IPv4 UDP datagram, as a pcap record captured at 1000.000250 s. */
  const record = (payload: Buffer, sourcePort = 0, destinationPort = 0) => {
    const udp = Buffer.alloc(8);
    udp.writeUInt16BE(sourcePort, 0);
    udp.writeUInt16BE(destinationPort, 2);
    udp.writeUInt16BE(8 + payload.length, 4);
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip[9] = 17;
    const frame = Buffer.concat([Buffer.alloc(14), ip, udp, payload]);
    const header = Buffer.alloc(16);
    header.writeUInt32LE(1000, 0);
    header.writeUInt32LE(250, 4);
    header.writeUInt32LE(frame.length, 8);
    header.writeUInt32LE(frame.length, 12);
    return Buffer.concat([header, frame]);
  };
  const pcapOf = (...records: Buffer[]) => {
    const global = Buffer.alloc(24);
    global.writeUInt32LE(0xa1b2c3d4, 0);
    global.writeUInt32LE(1, 20);
    return Buffer.concat([global, ...records]);
  };

  it('reads RTP out of a loopback capture, skipping DTMF events', () => {
    const packet = (payloadType: number, payload: number[]) => record(Buffer.from([0x80, payloadType, 0, 1, 0, 0, 0, 160, 1, 2, 3, 4, ...payload]));
    const pcap = pcapOf(packet(0, [0xff, 0x80]), packet(101, [1, 0, 0, 160]), packet(8, [0xd5]));
    const packets = parsePcap(pcap);
    expect(packets.map((p) => p.payloadType)).toEqual([0, 101, 8]);
    expect([...decodeG711(packets)]).toEqual([0, 32124, 8]);
  });

  it('reads any UDP datagram with its ports and capture time, and leaves a record still being written', () => {
    const invite = Buffer.from('INVITE sip:agent7@anlauf.test SIP/2.0\r\n\r\n');
    const pcap = pcapOf(record(invite, 5061, 5060), record(Buffer.from('x'), 1, 2));
    const datagrams = parsePcapUdp(pcap.subarray(0, pcap.length - 3));
    expect(datagrams).toHaveLength(1);
    expect(datagrams[0]).toMatchObject({ at: 1_000_000.25, sourcePort: 5061, destinationPort: 5060 });
    expect(datagrams[0]!.payload.toString()).toBe(invite.toString());
    expect(parsePcap(pcap)).toEqual([]);
  });
});
