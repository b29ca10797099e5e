import { describe, expect, it } from 'vitest';
import type { FormFieldType, FormValue } from '../../../src-main/contract';
import { checkValue } from '../../../src-main/core/forms/field-values';
import type { FormField } from '../../../src-main/core/forms/model';
import { wordMessage } from '../../../src-main/shared/messages';

/** 2026-05-12, 10:30 local time: "today" for the relative bounds below. */
const NOW = new Date(2026, 4, 12, 10, 30);
const context = { now: NOW, region: 'DE' };

function field(type: FormFieldType, extra: Partial<FormField> = {}): FormField {
  return {
    id: 'f',
    label: 'F',
    type,
    required: false,
    help: null,
    options: [],
    min: null,
    max: null,
    when: null,
    prefill: null,
    section: null,
    line: 1,
    ...extra,
  };
}

/** The value kept and the English error (null when accepted). */
function check(f: FormField, value: FormValue): { value: FormValue; error: string | null } {
  const checked = checkValue(f, value, context);
  return { value: checked.value, error: checked.error ? wordMessage('en', checked.error) : null };
}
const ok = (f: FormField, value: FormValue) => check(f, value).value;
const error = (f: FormField, value: FormValue) => check(f, value).error;

describe('form field values', () => {
  it('takes an IBAN with spaces and small letters, keeps it in capitals without spaces', () => {
    expect(check(field('iban'), 'de89 3704 0044 0532 0130 00')).toEqual({ value: 'DE89370400440532013000', error: null });
    expect(ok(field('iban'), 'AT61 1904 3002 3457 3201')).toBe('AT611904300234573201');
  });

  it('refuses an IBAN with wrong check digits, a wrong length for its country, or no country', () => {
    expect(error(field('iban'), 'DE88 3704 0044 0532 0130 00')).toMatch(/check digits/);
    expect(error(field('iban'), 'DE89 3704 0044 0532 0130 0')).toBe('An IBAN from DE has 22 characters, this one 21: a character is missing or one too many.');
    expect(error(field('iban'), 'DE89 3704 0044 0532 0130 000')).toMatch(/has 22 characters, this one 23/);
    expect(error(field('iban'), 'XX89 3704 0044 0532 0130 00')).toMatch(/"XX" is none that has IBANs/);
    // What was typed stays, so the agent corrects it rather than typing it again.
    expect(check(field('iban'), 'DE88 3704 0044 0532 0130 00').value).toBe('DE88370400440532013000');
  });

  it('checks a BIC: 8 or 11 characters of the right kind', () => {
    expect(check(field('bic'), 'cobadeffxxx')).toEqual({ value: 'COBADEFFXXX', error: null });
    expect(ok(field('bic'), 'COBADEFF')).toBe('COBADEFF');
    expect(error(field('bic'), 'COBADEF')).toMatch(/8 or 11 characters/);
    expect(error(field('bic'), '1OBADEFFXXX')).toMatch(/8 or 11 characters/);
  });

  it('takes German postcodes only: five digits, not starting with 00', () => {
    expect(ok(field('postcode'), ' 20095 ')).toBe('20095');
    expect(ok(field('postcode'), '01067')).toBe('01067');
    for (const bad of ['00123', '1234', '123456', '2009a']) expect(error(field('postcode'), bad)).toMatch(/five digits/);
  });

  it('checks email addresses and lower-cases their domain', () => {
    expect(ok(field('email'), ' Erika.M@Example.DE ')).toBe('Erika.M@example.de');
    for (const bad of ['erika', 'erika@example', 'erika @example.de', '@example.de']) expect(error(field('email'), bad)).toMatch(/not an email address/);
  });

  it('normalises phone numbers to E.164 with the desk country, and refuses what cannot be dialled', () => {
    expect(ok(field('phone'), '040 1234567')).toBe('+49401234567');
    expect(ok(field('phone'), '+43 1 58858 0')).toBe('+431588580');
    expect(check(field('phone'), '0176 12345678')).toEqual({ value: '+4917612345678', error: null });
    expect(error(field('phone'), '12')).toMatch(/not a phone number/);
    expect(error(field('phone'), 'call me')).toMatch(/not a phone number/);
  });

  it('takes calendar dates only, also as the German agent types them', () => {
    expect(ok(field('date'), '24.12.2026')).toBe('2026-12-24');
    expect(ok(field('date'), '2028-02-29')).toBe('2028-02-29');
    expect(error(field('date'), '2026-02-30')).toBe('"2026-02-30" is not a date of the calendar (e.g. 24.12.2026).');
    expect(error(field('date'), '2026-02-29')).toMatch(/not a date of the calendar/);
    expect(error(field('date'), '31.04.2026')).toMatch(/not a date of the calendar/);
    expect(error(field('date'), 'tomorrow')).toMatch(/not a date of the calendar/);
  });

  it('resolves relative bounds against today: today, +14d, -1y', () => {
    const window = field('date', { min: 'today', max: '+14d' });
    expect(error(window, '2026-05-12')).toBeNull();
    expect(error(window, '2026-05-26')).toBeNull();
    expect(error(window, '2026-05-11')).toBe('The earliest allowed is 2026-05-12.');
    expect(error(window, '2026-05-27')).toBe('The latest allowed is 2026-05-26.');
    expect(error(field('date', { min: '-1y' }), '2025-05-11')).toBe('The earliest allowed is 2025-05-12.');
    expect(error(field('date', { max: '2026-06-30' }), '2026-07-01')).toBe('The latest allowed is 2026-06-30.');
  });

  it('checks date ranges: both ends real days, from before to, within the bounds', () => {
    const window = field('dateRange', { min: 'today', max: '+28d' });
    expect(check(window, { from: '13.05.2026', to: '2026-05-20' })).toEqual({ value: { from: '2026-05-13', to: '2026-05-20' }, error: null });
    expect(error(window, { from: '2026-05-20', to: '2026-05-13' })).toBe('The range ends (2026-05-13) before it begins (2026-05-20).');
    expect(error(window, { from: '2026-05-13', to: '' })).toMatch(/both the first and the last day/);
    expect(error(window, { from: '2026-05-13', to: '2026-05-32' })).toMatch(/not a date of the calendar/);
    expect(error(window, { from: '2026-05-11', to: '2026-05-13' })).toBe('The earliest allowed is 2026-05-12.');
    expect(error(window, { from: '2026-05-13', to: '2026-06-10' })).toBe('The latest allowed is 2026-06-09.');
    expect(error(window, '2026-05-13')).toMatch(/does not take that kind of value/);
  });

  it('checks date-times, with `now` as a bound', () => {
    const since = field('datetime', { max: 'now' });
    expect(ok(since, '12.05.2026 9:15')).toBe('2026-05-12T09:15');
    expect(error(since, '2026-05-12T10:31')).toBe('The latest allowed is 2026-05-12 10:30.');
    expect(error(since, '2026-05-12T24:00')).toMatch(/not a date and time/);
    expect(error(since, '2026-02-30T10:00')).toMatch(/not a date and time/);
  });

  it('takes only the given options for choice and multiple, multiple in the options’ order', () => {
    const options = [
      { value: 'power', label: 'No power' },
      { value: 'gas', label: 'No gas' },
    ];
    expect(ok(field('choice', { options }), 'gas')).toBe('gas');
    expect(error(field('choice', { options }), 'water')).toBe('"water" is not one of this field\'s options.');
    expect(ok(field('multiple', { options }), ['gas', 'power'])).toEqual(['power', 'gas']);
    expect(error(field('multiple', { options }), ['gas', 'water'])).toMatch(/"water" is not one/);
    expect(error(field('multiple', { options, max: 1 }), ['gas', 'power'])).toBe('Please pick at most 1.');
  });

  it('checks number ranges and text lengths', () => {
    expect(ok(field('number', { min: 100, max: 100000 }), '3500,5')).toBe(3500.5);
    expect(error(field('number', { min: 100 }), 99)).toBe('The smallest allowed number is 100.');
    expect(error(field('number', { max: 10 }), '11')).toBe('The largest allowed number is 10.');
    expect(error(field('number'), 'viel')).toMatch(/enter a number/);
    expect(ok(field('text', { max: 5 }), '  abcde ')).toBe('abcde');
    expect(error(field('text', { max: 5 }), 'abcdef')).toBe('At most 5 characters, this is 6.');
    expect(error(field('longText', { min: 3 }), 'ab')).toBe('Please write at least 3 characters.');
  });

  it('takes true and false for yes/no, and an empty value of any type as empty', () => {
    expect(ok(field('yesno'), false)).toBe(false);
    expect(error(field('yesno'), 'yes')).toMatch(/does not take that kind/);
    for (const type of ['text', 'iban', 'date', 'multiple', 'dateRange'] as const) {
      for (const empty of ['', '  ', null, [], { from: '', to: '' }] as FormValue[]) expect(check(field(type), empty)).toEqual({ value: null, error: null });
    }
  });

  it('words its errors in German for a German desk', () => {
    const checked = checkValue(field('postcode'), '00123', context);
    expect(checked.error && wordMessage('de', checked.error)).toBe('Eine Postleitzahl hat fünf Ziffern (z. B. 20095) und beginnt nicht mit 00.');
  });
});
