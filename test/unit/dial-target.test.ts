import { describe, expect, it } from 'vitest';
import { normalizeDialTarget } from '../../src-main/core/phone/dial-target';

const dial = (input: string) => normalizeDialTarget(input, 'DE', 'example.org');

describe('what the agent dials', () => {
  it('turns numbers in every usual German notation into E.164', () => {
    for (const input of [
      '040 3012 4477',
      '040/3012-4477',
      '+49 (0)40 3012-4477',
      '0049 40 30124477',
      'tel:+49-40-3012-4477',
      'tel:040-30124477;phone-context=+49',
    ]) {
      expect(dial(input).target, input).toBe('+494030124477');
    }
    expect(dial('040 3012 4477').display).toBe('+49 40 30124477');
    expect(dial('+43 1 532 9988').target).toBe('+4315329988');
  });

  it('keeps short numbers and extensions as digits', () => {
    expect(dial('110').target).toBe('110');
    expect(dial('2201').target).toBe('2201');
  });

  it("passes SIP URIs through and makes user names into SIP URIs on the agent's domain", () => {
    expect(dial('sip:colleague@anlauf.test').target).toBe('sip:colleague@anlauf.test');
    expect(dial('colleague').target).toBe('sip:colleague@example.org');
    expect(dial('colleague@other.example').target).toBe('sip:colleague@other.example');
  });

  it('refuses what cannot be dialled, with a message', () => {
    expect(() => dial('   ')).toThrow('Nothing to dial.');
    expect(() => dial('--')).toThrow(/not a number/);
    expect(() => dial('hello world')).toThrow(/neither a phone number nor a SIP address/);
  });
});
