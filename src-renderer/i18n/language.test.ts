// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { resolveLanguage } from './language';

describe('resolveLanguage', () => {
  it('takes an explicit choice as is', () => {
    expect(resolveLanguage('de', ['en-US'])).toBe('de');
    expect(resolveLanguage('en', ['de-DE'])).toBe('en');
  });

  it('follows a German locale on auto', () => {
    expect(resolveLanguage('auto', ['de-AT'])).toBe('de');
    expect(resolveLanguage('auto', ['DE'])).toBe('de');
    expect(resolveLanguage('auto', [undefined, 'de-CH'])).toBe('de');
  });

  it('falls back to English for any other or no locale', () => {
    expect(resolveLanguage('auto', ['fr-FR', 'de-DE'])).toBe('en');
    expect(resolveLanguage('auto', [])).toBe('en');
    expect(resolveLanguage(undefined, ['en-GB'])).toBe('en');
  });
});
