import { describe, expect, it } from 'vitest';
import { maskBic, maskIban, maskedFormText } from '../../src-main/shared/bank-mask';

describe('bank details on screen and in exports', () => {
  it('shows an IBAN by its country, check digits and last two characters only', () => {
    expect(maskIban('DE89370400440532013000')).toBe('DE89 •••• •••• •••• •••• 00');
    expect(maskIban('de89 3704 0044 0532 0130 00')).toBe('DE89 •••• •••• •••• •••• 00');
    expect(maskIban('DE89370400440532013000')).not.toContain('0532');
  });
  it('hides all of a value too short to be an IBAN', () => {
    expect(maskIban('DE89')).toBe('••••');
  });
  it('shows a BIC by its bank code', () => {
    expect(maskBic('COBADEFFXXX')).toBe('COBA•••••••');
  });
  it('masks bank fields and writes the other values as text', () => {
    expect(maskedFormText('iban', 'AT611904300234573201')).toBe('AT61 •••• •••• •••• ••01');
    expect(maskedFormText('dateRange', { from: '2026-12-07', to: '2026-12-09' })).toBe('2026-12-07 – 2026-12-09');
    expect(maskedFormText('multiple', ['a', 'b'])).toBe('a, b');
    expect(maskedFormText('text', null)).toBe('');
  });
});
