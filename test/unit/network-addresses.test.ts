import { describe, expect, it } from 'vitest';
import { compareReadings, sameAddress } from '../../src-main/core/phone/sip/network-addresses';

describe('what changed among the computer’s addresses', () => {
  it('names the addresses that went and came, without the adapter names', () => {
    const before = 'eth0 10.0.0.5,tun0 10.8.0.2,wlan0 192.168.1.20';
    const after = 'eth0 10.0.0.5,wlan0 192.168.1.21';
    expect(compareReadings(before, after)).toEqual({ lost: ['10.8.0.2', '192.168.1.20'], gained: ['192.168.1.21'] });
  });

  it('an address moving to another adapter counts as gone there and come here', () => {
    expect(compareReadings('eth0 10.0.0.5', 'eth1 10.0.0.5')).toEqual({ lost: ['10.0.0.5'], gained: ['10.0.0.5'] });
  });

  it('the first address of a computer that had none is only gained', () => {
    expect(compareReadings('', 'eth0 fe80::1')).toEqual({ lost: [], gained: ['fe80::1'] });
  });
});

describe('one address as a socket and as the adapter list write it', () => {
  it('an IPv4 address mapped into IPv6 on a socket is the same address', () => {
    expect(sameAddress('::ffff:10.0.0.5', '10.0.0.5')).toBe(true);
  });

  it('case and an IPv6 zone do not matter; another address does', () => {
    expect(sameAddress('FE80::1%eth0', 'fe80::1')).toBe(true);
    expect(sameAddress('10.0.0.5', '10.0.0.50')).toBe(false);
  });
});
