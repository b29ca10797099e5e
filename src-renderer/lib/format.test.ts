// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { errorMessage, formatClock, formatDateTime, formatDuration } from './format';

describe('formatDuration', () => {
  it('pads minutes and seconds', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(7)).toBe('00:07');
    expect(formatDuration(65)).toBe('01:05');
  });
  it('keeps counting minutes past the hour', () => {
    expect(formatDuration(3600 + 62)).toBe('61:02');
  });
  it('never shows negative or fractional time', () => {
    expect(formatDuration(-3)).toBe('00:00');
    expect(formatDuration(9.9)).toBe('00:09');
  });
});

describe('formatDateTime', () => {
  it('formats in the requested language', () => {
    const at = new Date(2025, 2, 14, 9, 5, 7).getTime();
    expect(formatDateTime(at, 'de')).toContain('14.03.');
    expect(formatDateTime(at, 'de')).toContain('09:05:07');
    expect(formatDateTime(at, 'en')).toContain('3/14/');
  });
});

describe('errorMessage', () => {
  it('takes the message of errors and error-like objects', () => {
    expect(errorMessage(new Error('busy'))).toBe('busy');
    expect(errorMessage({ message: 'not found' })).toBe('not found');
    expect(errorMessage('plain')).toBe('plain');
  });
});

describe('formatClock', () => {
  it('shows hours and minutes for today, with the date for earlier days', () => {
    const now = new Date(2025, 2, 14, 18, 0).getTime();
    expect(formatClock(new Date(2025, 2, 14, 14, 3).getTime(), 'de', now)).toBe('14:03');
    const yesterday = formatClock(new Date(2025, 2, 13, 14, 3).getTime(), 'de', now);
    expect(yesterday).toContain('13.03.');
    expect(yesterday).toContain('14:03');
  });
});
