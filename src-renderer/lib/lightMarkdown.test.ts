import { describe, expect, it } from 'vitest';
import { parseInline, parseLightMarkdown } from './lightMarkdown';

describe('light Markdown of scripts', () => {
  it('keeps lines, groups list items and separates paragraphs at blank lines', () => {
    expect(parseLightMarkdown('Greet.\nAsk for the number.\n\n- one\n* two\nAfter')).toEqual([
      { kind: 'paragraph', lines: [[{ text: 'Greet.', bold: false, italic: false }], [{ text: 'Ask for the number.', bold: false, italic: false }]] },
      { kind: 'list', items: [[{ text: 'one', bold: false, italic: false }], [{ text: 'two', bold: false, italic: false }]] },
      { kind: 'paragraph', lines: [[{ text: 'After', bold: false, italic: false }]] },
    ]);
  });

  it('marks bold and italic, and leaves a lone marker and HTML as plain text', () => {
    expect(parseInline('Say **the *meter* number** now')).toEqual([
      { text: 'Say ', bold: false, italic: false },
      { text: 'the ', bold: true, italic: false },
      { text: 'meter', bold: true, italic: true },
      { text: ' number', bold: true, italic: false },
      { text: ' now', bold: false, italic: false },
    ]);
    expect(parseInline('5 * 3 <b>x</b>')).toEqual([{ text: '5 * 3 <b>x</b>', bold: false, italic: false }]);
  });
});
