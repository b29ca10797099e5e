import { describe, expect, it } from 'vitest';
import { decodeAddress, decodeStun, encodeStun, mappedAddress, parseIceUrl, STUN } from '../../src-main/core/phone/stun';

const transactionId = Buffer.from('000102030405060708090a0b', 'hex');

describe('STUN messages (RFC 5389)', () => {
  it('writes a Binding request as the RFC lays it out: type, length, magic cookie, transaction', () => {
    const request = encodeStun(STUN.bindingRequest, transactionId, []);
    expect(request.toString('hex')).toBe('000100002112a442000102030405060708090a0b');
  });

  it('reads the XOR-MAPPED-ADDRESS of the RFC 5769 sample response (192.0.2.1:32853)', () => {
    // RFC 5769 2.2, without its SOFTWARE, MESSAGE-INTEGRITY and FINGERPRINT attributes.
    const sample = Buffer.from('0101000c2112a442b7e7a701bc34d686fa87dfae' + '002000080001a147e112a643', 'hex');
    const message = decodeStun(sample);
    expect(message?.type).toBe(STUN.bindingSuccess);
    expect(mappedAddress(message!)).toEqual({ address: '192.0.2.1', port: 32853 });
  });

  it('reads an IPv6 XOR-MAPPED-ADDRESS (RFC 5769 2.3: 2001:db8:1234:5678:11:2233:4455:6677 port 32853)', () => {
    const id = Buffer.from('b7e7a701bc34d686fa87dfae', 'hex');
    const value = Buffer.from('0002a1470113a9faa5d3f179bc25f4b5bed2b9d9', 'hex');
    expect(decodeAddress(value, id, true)).toEqual({ address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 });
  });

  it('refuses what is not STUN: a wrong cookie, a length past the end, RTP', () => {
    const good = encodeStun(STUN.bindingRequest, transactionId, []);
    const badCookie = Buffer.from(good);
    badCookie.writeUInt32BE(0x12345678, 4);
    expect(decodeStun(badCookie)).toBeNull();
    const tooLong = Buffer.from(good);
    tooLong.writeUInt16BE(40, 2);
    expect(decodeStun(tooLong)).toBeNull();
    expect(decodeStun(Buffer.from('80000001000000000000000000000000000000000000', 'hex'))).toBeNull();
  });

  it('pads attributes to four bytes and counts MESSAGE-INTEGRITY in the length it signs', () => {
    const message = encodeStun(STUN.allocateRequest, transactionId, [{ type: 0x0006, value: Buffer.from('abcde') }], Buffer.from('key'));
    expect(message.length).toBe(20 + 4 + 8 + 24);
    expect(message.readUInt16BE(2)).toBe(36);
    const decoded = decodeStun(message);
    expect(decoded?.attributes.get(0x0006)?.toString()).toBe('abcde');
    expect(decoded?.attributes.get(0x0008)?.length).toBe(20);
  });
});

describe('ICE server URLs', () => {
  it('reads stun:, turn: and turns: with their default ports and transports', () => {
    expect(parseIceUrl('stun:stun.example.org')).toEqual({ kind: 'stun', secure: false, host: 'stun.example.org', port: 3478, transport: 'udp' });
    expect(parseIceUrl('turn:10.0.0.5:3479?transport=udp')).toEqual({ kind: 'turn', secure: false, host: '10.0.0.5', port: 3479, transport: 'udp' });
    expect(parseIceUrl('turn:relay.example.org?transport=tcp')?.transport).toBe('tcp');
    expect(parseIceUrl('turns:relay.example.org')).toEqual({ kind: 'turn', secure: true, host: 'relay.example.org', port: 5349, transport: 'tcp' });
    expect(parseIceUrl('stun:[2001:db8::1]:3478')?.host).toBe('2001:db8::1');
    expect(parseIceUrl('http://example.org')).toBeNull();
  });
});
