import { describe, expect, it } from 'vitest';
import { keyString, matchKey } from '../../src-main/core/customers/phone-number';

const e164 = (number: string, extension: string | null = null) => ({ e164: number, extension });

describe('matchKey: one key for a number however it is written', () => {
  it.each([
    '+49 30 1234567',
    '030/1234567',
    '0049 30 1234567',
    '(030) 123 45 67',
    '030 1234567',
    '030-1234567',
    '0301234567',
    '+49301234567',
    '+49 (0)30 1234567',
    '+49 (0) 30 / 123 45 67',
    '0049-30-123.45.67',
    '  +49 30 1234567  ',
    '+49\u00a030\u00a01234567',
    'tel:+49-30-1234567',
    'TEL:+49301234567',
    'tel:%2B49301234567',
  ])('German landline %j', (input) => {
    expect(matchKey(input, 'DE')).toEqual(e164('+49301234567'));
  });

  it('German mobile numbers', () => {
    expect(matchKey('0151 12345678', 'DE')).toEqual(e164('+4915112345678'));
    expect(matchKey('+49 151 1234 5678', 'DE')).toEqual(e164('+4915112345678'));
    expect(matchKey('0049 (0)151-12345678', 'DE')).toEqual(e164('+4915112345678'));
  });

  it('the default region decides what a national number means', () => {
    expect(matchKey('044 668 18 00', 'CH')).toEqual(e164('+41446681800'));
    expect(matchKey('044 668 18 00', 'ch')).toEqual(e164('+41446681800'));
    expect(matchKey('0664 1234567', 'AT')).toEqual(e164('+436641234567'));
    expect(matchKey('020 7946 0958', 'GB')).toEqual(e164('+442079460958'));
    expect(matchKey('(212) 555-1234', 'US')).toEqual(e164('+12125551234'));
    // With a country code the region does not matter.
    expect(matchKey('+41 44 668 18 00', 'DE')).toEqual(e164('+41446681800'));
    expect(matchKey('0041 44 668 18 00', 'AT')).toEqual(e164('+41446681800'));
  });

  it('Austrian numbers, with the usual -0 for the switchboard', () => {
    expect(matchKey('+43 1 58858', 'DE')).toEqual(e164('+43158858'));
    expect(matchKey('+43 1 58858-0', 'DE')).toEqual(e164('+43158858', '0'));
    expect(matchKey('01 58858-0', 'AT')).toEqual(e164('+43158858', '0'));
    expect(matchKey('0043 664 1234567', 'DE')).toEqual(e164('+436641234567'));
  });

  it('Swiss numbers', () => {
    expect(matchKey('+41 44 668 18 00', 'CH')).toEqual(e164('+41446681800'));
    expect(matchKey('+41 (0)44 668 18 00', 'DE')).toEqual(e164('+41446681800'));
    expect(matchKey('079 123 45 67', 'CH')).toEqual(e164('+41791234567'));
  });

  it('other international numbers', () => {
    expect(matchKey('+1 212 555 1234', 'DE')).toEqual(e164('+12125551234'));
    expect(matchKey('001 212 555 1234', 'DE')).toEqual(e164('+12125551234'));
    expect(matchKey('+44 20 7946 0958', 'DE')).toEqual(e164('+442079460958'));
    expect(matchKey('+33 1 42 68 53 00', 'DE')).toEqual(e164('+33142685300'));
    expect(matchKey('+39 06 6982', 'DE')).toEqual(e164('+39066982'));
  });

  it('keeps an extension apart, so it does not change the key', () => {
    expect(matchKey('+49 30 1234567-12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('030 1234567 - 12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('0221 12345-67', 'DE')).toEqual(e164('+4922112345', '67'));
    expect(matchKey('+49 30 1234567 ext. 12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('+49 30 1234567 ext 12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('+49 30 1234567 extension 12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('030 1234567 x12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('030 1234567x12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('030 1234567 Durchwahl 12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('030 1234567, Durchwahl: 12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('030 1234567 DW 12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('030 1234567 App. 12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('030 1234567 #12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('+49 30 1234567;ext=12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('tel:+49-30-1234567;ext=12', 'DE')).toEqual(e164('+49301234567', '12'));
    expect(matchKey('tel:+49-30-1234567;phone-context=example.com', 'DE')).toEqual(e164('+49301234567'));
    expect(matchKey('(212) 555-1234 x 567', 'US')).toEqual(e164('+12125551234', '567'));
  });

  it('a dash inside a short base number is grouping, not an extension', () => {
    // 040 3012 is too short a base: this is 040 30124477 written with a dash.
    expect(matchKey('040 3012-4477', 'DE')).toEqual(e164('+494030124477'));
    expect(matchKey('(212) 555-1234', 'US')).toEqual(e164('+12125551234'));
    expect(matchKey('079-123-45-67', 'CH')).toEqual(e164('+41791234567'));
  });

  it('short internal numbers are their digits', () => {
    expect(matchKey('2201', 'DE')).toEqual({ short: '2201' });
    expect(matchKey('22 01', 'DE')).toEqual({ short: '2201' });
    expect(matchKey('110', 'DE')).toEqual({ short: '110' });
    expect(matchKey('123456', 'DE')).toEqual({ short: '123456' });
    expect(matchKey('0815', 'DE')).toEqual({ short: '0815' });
    expect(matchKey('tel:2201', 'DE')).toEqual({ short: '2201' });
    expect(keyString({ short: '2201' })).toBe('2201');
    expect(keyString(e164('+49301234567', '12'))).toBe('+49301234567');
  });

  it.each([
    '',
    '   ',
    'hello',
    'Müller',
    'n/a',
    '-',
    '+',
    '++49 30 1234567',
    '+49',
    '+0 30 1234567',
    '0000000000',
    '+49 30 12a4567',
    '030 1234567 oder 030 7654321',
    '1'.repeat(25),
    '+999 1234567',
    'tel:',
    'tel:%E0%A4%A',
    'sip:alice@example.org',
    'alice@example.org',
    '2201 ext 3',
    'ext. 12',
  ])('garbage %j is null', (input) => {
    expect(matchKey(input, 'DE')).toBeNull();
  });
});
