import { describe, expect, it } from 'vitest';
import { makeQuestion } from '../test/fixtures';
import { answerValue, dateLimit, initialDraft, ratingScale } from './scriptAnswer';
import { choosable, dispositionForKey } from '../../src-main/shared/dispositions';
import { codeId } from './dispositions';
import { fromDateTimeLocal, toDateTimeLocal, tomorrowSameTime } from './datetimeLocal';
import { bytesToBase64 } from './base64';
import { makeWrapUp } from '../test/fixtures';

const question = (input: Parameters<typeof makeQuestion>[0], more = {}) => makeQuestion(input, more).question!;

describe('script answers', () => {
  it('are typed as main expects them', () => {
    expect(answerValue(question('number'), '3,5')).toBe(3.5);
    expect(answerValue(question('number'), ' 42 ')).toBe(42);
    expect(answerValue(question('number'), 'forty')).toBe('forty');
    expect(answerValue(question('number'), '')).toBeNull();
    expect(answerValue(question('yesno'), false)).toBe(false);
    expect(answerValue(question('multiple'), ['a', 'b'])).toEqual(['a', 'b']);
    expect(answerValue(question('date'), '2026-03-01')).toBe('2026-03-01');
    expect(answerValue(question('text'), '   ')).toBeNull();
    expect(answerValue(question('rating'), 4)).toBe(4);
  });

  it('start from the kept answer', () => {
    expect(initialDraft(question('number'), 12)).toBe('12');
    expect(initialDraft(question('multiple'), null)).toEqual([]);
    expect(initialDraft(question('yesno'), true)).toBe(true);
  });

  it('rate from 1 to 5 unless the question says otherwise', () => {
    expect(ratingScale(question('rating'))).toEqual([1, 2, 3, 4, 5]);
    expect(ratingScale(question('rating', { min: 0, max: 10 }))).toHaveLength(11);
  });

  it('turn "today" into a date', () => {
    expect(dateLimit('today', new Date(2026, 2, 1))).toBe('2026-03-01');
    expect(dateLimit(null)).toBeUndefined();
  });
});

describe('dispositions', () => {
  const tree = makeWrapUp().dispositions;
  it('are chosen only without children, by hotkey regardless of case', () => {
    expect(choosable(tree).map((node) => node.code)).toEqual(['solved', 'callback', 'wrong number', 'mailbox', 'not surveyed']);
    expect(dispositionForKey(tree, 'N')?.code).toBe('not surveyed');
    expect(dispositionForKey(tree, '3')?.code).toBe('wrong number');
    expect(dispositionForKey(tree, 'Enter')).toBeUndefined();
    expect(codeId('not  reached')).toBe('not-reached');
  });
});

describe('callback times', () => {
  it('round-trip through the datetime-local input, tomorrow at this minute by default', () => {
    const at = new Date(2026, 4, 6, 14, 30).getTime();
    expect(toDateTimeLocal(at)).toBe('2026-05-06T14:30');
    expect(fromDateTimeLocal('2026-05-06T14:30')).toBe(at);
    expect(fromDateTimeLocal('2026-02-30T10:00')).toBeNull();
    expect(fromDateTimeLocal('')).toBeNull();
    expect(toDateTimeLocal(tomorrowSameTime(new Date(2026, 11, 31, 9, 15, 42).getTime()))).toBe('2027-01-01T09:15');
  });
});

describe('base64', () => {
  it('encodes bytes as main decodes them', () => {
    expect(bytesToBase64(new TextEncoder().encode('Ünal;040').buffer)).toBe(btoa('\u00c3\u009cnal;040'));
  });
});
