import { describe, expect, it } from 'vitest';
import { markdownBlocks, markdownToPlain } from '../../../src-main/shared/markdown';

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
});
