import { describe, expect, it } from 'vitest';
import { inlineSegments, markdownBlocks, markdownToPlain } from '../../../src-main/shared/markdown';

describe('script markdown', () => {
  it('turns bold, italic, lists and line breaks into plain segments', () => {
    expect(markdownBlocks('Hello **Erika**, *welcome*\nsecond _line_\n\n- one\n- **two**\n1. first')).toEqual([
      {
        kind: 'paragraph',
        lines: [
          [{ text: 'Hello ' }, { text: 'Erika', bold: true }, { text: ', ' }, { text: 'welcome', italic: true }],
          [{ text: 'second ' }, { text: 'line', italic: true }],
        ],
      },
      { kind: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'two', bold: true }]] },
      { kind: 'list', ordered: true, items: [[{ text: 'first' }]] },
    ]);
  });

  it('keeps HTML as text and leaves snake_case names alone', () => {
    expect(markdownBlocks('<b>x</b> q_satisfaction_score')).toEqual([{ kind: 'paragraph', lines: [[{ text: '<b>x</b> q_satisfaction_score' }]] }]);
  });

  it('gives plain text for terminals', () => {
    expect(markdownToPlain('I check:\n- the **meter**\n- the *tariff*')).toBe('I check:\n\n- the meter\n- the tariff');
  });

  it('keeps lines, groups list items and separates paragraphs at blank lines', () => {
    expect(markdownBlocks('Greet.\nAsk for the number.\n\n- one\n* two\nAfter')).toEqual([
      { kind: 'paragraph', lines: [[{ text: 'Greet.' }], [{ text: 'Ask for the number.' }]] },
      { kind: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'two' }]] },
      { kind: 'paragraph', lines: [[{ text: 'After' }]] },
    ]);
  });

  it('marks bold and italic, and leaves a lone marker and HTML as plain text', () => {
    expect(inlineSegments('Say **the *meter* number** now')).toEqual([
      { text: 'Say ' },
      { text: 'the ', bold: true },
      { text: 'meter', bold: true, italic: true },
      { text: ' number', bold: true },
      { text: ' now' },
    ]);
    expect(inlineSegments('5 * 3 <b>x</b>')).toEqual([{ text: '5 * 3 <b>x</b>' }]);
  });

  // docs/scripts.md, "Text formatting": numbered lists with "1. ", which the renderer's own parser
  // showed as plain lines.
  it('reads numbered lists as docs/scripts.md promises, keeping the first number', () => {
    expect(markdownBlocks('Please have ready:\n1. your **meter** number\n2. your bill')).toEqual([
      { kind: 'paragraph', lines: [[{ text: 'Please have ready:' }]] },
      { kind: 'list', ordered: true, items: [[{ text: 'your ' }, { text: 'meter', bold: true }, { text: ' number' }], [{ text: 'your bill' }]] },
    ]);
    expect(markdownBlocks('3. three\n4) four')).toEqual([{ kind: 'list', ordered: true, start: 3, items: [[{ text: 'three' }], [{ text: 'four' }]] }]);
    expect(markdownToPlain('3. three\n4. four')).toBe('3. three\n4. four');
  });

  it('takes an emphasis marker only where it touches its word, so arithmetic and loose stars stay as written', () => {
    expect(inlineSegments('5 * 3 * 2')).toEqual([{ text: '5 * 3 * 2' }]);
    expect(inlineSegments('_ x_ and __init__')).toEqual([{ text: '_ x_ and __init__' }]);
    expect(inlineSegments('a * b: "**Wichtig:** Möchten"')).toEqual([{ text: 'a * b: "' }, { text: 'Wichtig:', bold: true }, { text: ' Möchten"' }]);
  });

  it('lets an italic hold a bold run', () => {
    expect(inlineSegments('*a **b** c*')).toEqual([
      { text: 'a ', italic: true },
      { text: 'b', bold: true, italic: true },
      { text: ' c', italic: true },
    ]);
  });
});
