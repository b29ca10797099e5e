import { describe, expect, it } from 'vitest';
import { normalizeDialTarget } from '../../src-main/core/phone/dial-target';
import { blockedPrefixOf, sipDomainOf } from '../../src-main/core/phone/dial-policy';

const LIST = ['0900', '0137', '+88', '118'];
/** What the line would dial for what the agent typed, then the list's verdict. */
const verdict = (typed: string, list: readonly string[] = LIST, country = 'DE') =>
  blockedPrefixOf(normalizeDialTarget(typed, country, 'example.org').target, list, country);

describe("IT's block list", () => {
  it('catches a premium number however it is written', () => {
    for (const typed of [
      '0900 1234567',
      '09001234567',
      '+49 900 1234567',
      '0049 900 1234567',
      '+49 (0)900 1234567',
      'tel:+49-900-1234567',
      '(0900) 123 45 67',
    ]) {
      expect(verdict(typed), typed).toBe('0900');
    }
    expect(verdict('0137 9 123456')).toBe('0137');
    expect(verdict('+881 6 1234 5678')).toBe('+88');
    expect(verdict('00 881 6 1234 5678')).toBe('+88');
    // Lists written the other way round catch the national spelling too.
    expect(verdict('0900 1234567', ['+49900'])).toBe('+49900');
    expect(verdict('0900 1234567', ['0049 900'])).toBe('0049 900');
    // Short numbers are compared as dialled.
    expect(verdict('11833')).toBe('118');
  });

  it('catches the number inside a SIP address: the PBX would dial it just the same', () => {
    expect(blockedPrefixOf('sip:09001234567@pbx.example.org', LIST, 'DE')).toBe('0900');
    expect(blockedPrefixOf('sip:+49900123456@pbx.example.org;user=phone', LIST, 'DE')).toBe('0900');
    expect(blockedPrefixOf('sips:%2B881612345678@pbx.example.org', LIST, 'DE')).toBe('+88');
    expect(blockedPrefixOf('sip:colleague@example.org', LIST, 'DE')).toBeNull();
  });

  it('lets ordinary numbers, extensions and emergency numbers through', () => {
    for (const typed of ['040 3012 4477', '+49 40 3012 4477', '+44 20 7946 0958', '110', '112', '2201', '9001', '0901 123', 'colleague']) {
      expect(verdict(typed), typed).toBeNull();
    }
    // An empty list (the default) blocks nothing.
    expect(verdict('0900 1234567', [])).toBeNull();
  });

  it("reads the list in the agent's country", () => {
    // In Austria 0900 is +43 900: the German number is another one.
    expect(verdict('0900 123456', ['0900'], 'AT')).toBe('0900');
    expect(verdict('+49 900 1234567', ['0900'], 'AT')).toBeNull();
    // In the US, 1-900 numbers are written with the trunk prefix 1.
    expect(verdict('1 900 555 0199', ['1900'], 'US')).toBe('1900');
  });
});

describe('the domain of a SIP address', () => {
  it('is the host, without user, port or parameters', () => {
    expect(sipDomainOf('sip:colleague@Example.ORG')).toBe('example.org');
    expect(sipDomainOf('sips:desk@example.org:5061;transport=tls')).toBe('example.org');
    expect(sipDomainOf('sip:example.org')).toBe('example.org');
    expect(sipDomainOf('sip:x@[2001:db8::1]:5060')).toBe('[2001:db8::1]');
    expect(sipDomainOf('+494030124477')).toBeNull();
  });
});
