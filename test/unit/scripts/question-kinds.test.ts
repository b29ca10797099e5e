import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src-main/core/scripts/loader';
import type { Script } from '../../../src-main/core/scripts/model';
import { walkPreview } from '../../../src-main/core/scripts/preview';
import type { ScriptProblem } from '../../../src-main/core/scripts/problems';
import { ScriptSession } from '../../../src-main/core/scripts/session';
import { projectRoot } from '../../support/paths';

/** A survey with every question kind surveys need: times, labelled ratings, "other", exclusive, shuffled, grid, callback. */
const SURVEY = fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'scripts', 'question-kinds.yaml'), 'utf8');

function load(text = SURVEY): Script {
  const result = parseScript(text, 'kinds.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return result.script;
}

const NOW = '2026-12-03 10:15';
const options = { today: () => NOW.slice(0, 10), now: () => NOW };

/** A seeded generator, so a test can draw the same or another order on purpose. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function problems(text: string): [number, number, string][] {
  const result = parseScript(text, 'kinds.yaml');
  return result.ok ? [] : result.problems.map((p: ScriptProblem) => [p.line, p.col, p.message]);
}

/** The survey with one node's lines replaced (found by its first line). */
function withNode(from: string, to: string): string {
  if (!SURVEY.includes(from)) throw new Error(`no "${from}" in the survey`);
  return SURVEY.replace(from, to);
}

describe('survey question kinds: the validator', () => {
  it('accepts every new kind, with its fields in the model', () => {
    const script = load();
    const q = (id: string) => script.nodes.get(id);
    expect(q('q_time')).toMatchObject({ input: 'time', minDate: '07:00', maxDate: '20:00' });
    expect(q('q_stars')).toMatchObject({ minLabel: 'very unhappy', maxLabel: 'very happy' });
    expect(q('q_source')).toMatchObject({
      options: [expect.objectContaining({ specify: false }), expect.anything(), expect.objectContaining({ value: 'other', specify: true })],
    });
    expect(q('q_channels')).toMatchObject({
      shuffle: true,
      options: expect.arrayContaining([expect.objectContaining({ value: 'none', exclusive: true, fixed: true })]),
    });
    expect(q('q_grid')).toMatchObject({
      input: 'grid',
      items: [
        { id: 'price', label: 'the price' },
        { id: 'service', label: 'the service' },
      ],
    });
    expect(q('q_callback')).toMatchObject({ input: 'datetime', minDate: 'now', callback: true });
  });

  it('refuses each survey field where it has no effect, at its line', () => {
    expect(problems(withNode('        min: "07:00"', '        min: "7 Uhr"'))).toEqual([
      [14, 14, 'min of a time question must be a time (HH:MM) or "now", not the text "7 Uhr"'],
    ]);
    expect(problems(withNode('          - { value: ad, label: An advert }', '          - { value: ad, label: An advert, exclusive: true }'))).toEqual([
      [32, 44, 'exclusive ("none of these") applies only to the options of multiple choice questions'],
    ]);
    expect(problems(withNode('        shuffle: true\n', ''))).toEqual([
      [45, 67, 'fixed keeps an option in place when the options are shuffled; add "shuffle: true" to the question, or remove fixed'],
    ]);
    expect(problems(withNode('        min: now\n        callback: true', '        min: now\n        callback: true\n        minLabel: soon'))).toEqual([
      [67, 9, 'minLabel labels the ends of a rating scale; it applies only to rating questions and grids without options'],
    ]);
    expect(problems(withNode('        input: time', '        input: date'))).toEqual([
      [14, 14, 'min of a date question must be a date (YYYY-MM-DD) or "today", not the text "07:00"'],
      [15, 14, 'max of a date question must be a date (YYYY-MM-DD) or "today", not the text "20:00"'],
    ]);
    expect(problems(withNode('        input: datetime', '        input: date'))).toEqual([
      [65, 14, 'min of a date question must be a date (YYYY-MM-DD) or "today", not the text "now"'],
      [66, 9, 'callback applies only to datetime questions (the callback time the wrap-up proposes)'],
    ]);
  });

  it('checks a grid: its items, and a when on one of its lines', () => {
    expect(problems(withNode('          - { id: service, label: the service }', '          - { id: price, label: the service }'))).toEqual([
      [56, 19, 'item "price" is already a line of this grid (items[0])'],
      // The when on the line that is gone is reported too.
      [58, 21, 'unknown variable in when "answers.q_grid.service": there is no question with id "q_grid.service"'],
    ]);
    expect(problems(withNode('          - { id: service, label: the service }', '          - the service'))).toEqual([
      [
        56,
        13,
        'item id the text "the service" must start with a letter and contain only letters, digits, "_" and "-"; write { id: ..., label: "the service" } for a label with spaces',
      ],
      [58, 21, 'unknown variable in when "answers.q_grid.service": there is no question with id "q_grid.service"'],
    ]);
    expect(problems(withNode('answers.q_grid.service: { lte: 2 }', 'answers.q_grid.servce: { lte: 2 }'))).toEqual([
      [58, 21, 'unknown variable in when "answers.q_grid.servce": there is no question with id "q_grid.servce"'],
    ]);
    expect(problems(withNode('answers.q_grid.service: { lte: 2 }', 'answers.q_grid.service: 7'))).toEqual([
      [58, 45, 'question "q_grid.service" is rated 1 to 5, never 7, so this branch never fires'],
    ]);
    expect(problems(withNode('answers.q_grid.service: { lte: 2 }', 'answer: 2'))).toEqual([
      [58, 21, 'a grid is tested line by line: write answers.q_grid.<line> instead of "answer"'],
    ]);
    expect(problems(withNode('answers.q_grid.service: { lte: 2 }', 'answers.q_grid: 2'))).toEqual([
      [58, 21, '"answers.q_grid" is a grid: test one of its lines, e.g. answers.q_grid.price'],
    ]);
    const noItems = withNode('        items:\n          - { id: price, label: the price }\n          - { id: service, label: the service }\n', '');
    expect(problems(noItems)).toContainEqual([47, 9, 'a grid question needs "items" (the lines answered on its scale)']);
  });
});

describe('survey question kinds: a session', () => {
  it('takes times and date-times in the forms agents type, within their limits', () => {
    const s = new ScriptSession(load(), {}, options);
    expect(s.check('6:59')).toBe('Please enter 07:00 or later.');
    expect(s.check('20:01')).toBe('Please enter 20:00 or earlier.');
    expect(s.check('25:00')).toBe('Please enter a time as HH:MM, e.g. 14:30.');
    expect(s.answer('9.30')).toEqual({ ok: true });
    expect(s.answerOf('q_time')).toBe('09:30');
    expect(s.check('2026-12-03 10:14', 'q_callback')).toBe('Please enter 2026-12-03 10:15 or later.');
    expect(s.check('2026-12-03T10:15', 'q_callback')).toBeNull();
    expect(s.check('04.12.2026 9:00', 'q_callback')).toBeNull();
    expect(s.check('2026-02-30 09:00', 'q_callback')).toBe('Please enter a date and time, e.g. 2026-12-03 14:30.');
    const de = new ScriptSession(load(SURVEY.replace('language: en', 'language: de')), {}, options);
    expect(de.check('2026-12-03 10:00', 'q_callback')).toBe('Bitte geben Sie 03.12.2026 10:15 oder später ein.');
  });

  it('requires the text of an "other" answer, keeps it with the answer and shows it as "Other: text"', () => {
    const s = new ScriptSession(load(), {}, options);
    expect(s.check('other', 'q_source')).toBe('Please type what "Other" means in the field beside it.');
    expect(s.check({ choice: 'other', other: '  ' }, 'q_source')).toBe('Please type what "Other" means in the field beside it.');
    // A text given beside another option is not kept: only "other" asks for one.
    walkTo(s, 'q_source');
    expect(s.answer({ choice: 'friend', other: 'stale' })).toEqual({ ok: true });
    expect(s.answerOf('q_source')).toBe('friend');
    expect(s.answer({ choice: 'other', other: ' the neighbour ' })).toEqual({ ok: true });
    expect(s.answerOf('q_source')).toEqual({ choice: 'other', other: 'the neighbour' });
    expect(s.interpolate('{{answers.q_source}}')).toBe('Other: the neighbour');
  });

  it('refuses an exclusive option together with another', () => {
    const s = new ScriptSession(load(), {}, options);
    expect(s.check(['email', 'none'], 'q_channels')).toBe('"None of these" cannot be picked together with other answers.');
    expect(s.check(['none'], 'q_channels')).toBeNull();
    expect(s.check(['email', 'web'], 'q_channels')).toBeNull();
    // Alone it is a whole answer, even where at least two picks are asked for.
    const two = new ScriptSession(load(SURVEY.replace('        shuffle: true\n', '        shuffle: true\n        min: 2\n')), {}, options);
    expect(two.check(['email'], 'q_channels')).toBe('Please choose at least 2 answers.');
    expect(two.check(['none'], 'q_channels')).toBeNull();
  });

  it('draws the option order per call, keeps fixed options in place, and restores the order after a reload', () => {
    const script = load();
    const orders = [1, 2, 3, 4, 5, 6].map((seed) => new ScriptSession(script, {}, { ...options, random: seeded(seed) }).optionOrder('q_channels'));
    for (const order of orders) {
      expect(order.at(-1)).toBe('none');
      expect([...order].sort()).toEqual(['email', 'letter', 'none', 'phone', 'web']);
    }
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(1);
    const s = new ScriptSession(script, {}, { ...options, random: seeded(7) });
    const drawn = s.optionOrder('q_channels');
    // A reload restores the saved walk: the same order, whatever the new draw would be.
    const restored = ScriptSession.restore(script, {}, JSON.parse(JSON.stringify(s.state())), { ...options, random: seeded(99) });
    expect(restored.optionOrder('q_channels')).toEqual(drawn);
    expect(s.shuffled('q_channels')).toBe(true);
    expect(s.shuffled('q_source')).toBe(false);
  });

  it('answers a grid per line: required means every line, and a when tests one line', () => {
    const s = new ScriptSession(load(), {}, options);
    walkTo(s, 'q_grid');
    expect(s.answer({ price: 4, service: 9 })).toEqual({ ok: false, error: 'Please choose an answer on the scale for "the service".' });
    expect(s.answer({ price: '4' })).toEqual({ ok: true });
    expect(s.next()).toEqual({ ok: false, error: 'Please answer every line: the service.' });
    expect(s.missingRequired().map((q) => q.id)).toEqual(['q_grid']);
    expect(s.answer({ price: 4, service: 2 })).toEqual({ ok: true });
    expect(s.interpolate('{{answers.q_grid}} / {{answers.q_grid.service}}')).toBe('the price: 4; the service: 2 / 2');
    expect(s.next()).toMatchObject({ ok: true, node: { id: 'q_callback' } });
    expect(s.callbackAt).toBeNull();
    s.answer('2026-12-04 09:30');
    expect(s.callbackAt).toBe('2026-12-04 09:30');
    expect(s.next()).toMatchObject({ ok: true, node: { id: 'bye_callback' } });
    expect(s.suggestedDisposition).toBe('callback');
  });

  it('goes the other way when the grid line does not match', () => {
    const s = new ScriptSession(load(), {}, options);
    walkTo(s, 'q_grid');
    s.answer({ price: 3, service: 5 });
    expect(s.next()).toMatchObject({ ok: true, node: { id: 'bye' } });
    expect(s.text()).toBe('Thank you, Other: the neighbour; price 3.');
  });
});

/** Answers everything up to the question `id`. */
function walkTo(s: ScriptSession, id: string): void {
  const answers: Record<string, unknown> = { q_time: '08:00', q_stars: 5, q_source: { choice: 'other', other: 'the neighbour' }, q_channels: ['email'] };
  while (s.current.id !== id) {
    if (s.current.type === 'question') expect(s.answer(answers[s.current.id])).toEqual({ ok: true });
    const moved = s.next();
    if (!moved.ok) throw new Error(moved.error);
  }
}

describe('survey question kinds: the preview', () => {
  it('shows labels, options with what they do, grid lines, and takes answers for each kind', () => {
    const result = walkPreview(load(), {
      answers: {
        q_time: '14:30',
        q_stars: 2,
        q_source: { choice: 'Other', other: 'a flyer' },
        q_channels: ['none'],
        q_grid: { price: 5, service: 1 },
        q_callback: '2099-01-02 10:00',
      },
    });
    expect(result.rejected).toEqual([]);
    const text = result.text;
    expect(text).toContain('[q_time] QUESTION (time, required, 07:00…20:00)');
    expect(text).toContain('→ answer: 14:30');
    expect(text).toContain('[q_stars] QUESTION (rating, required, 1–5, 1 = very unhappy, 5 = very happy)');
    expect(text).toContain('- other: Other (asks "please specify")');
    expect(text).toContain('→ answer: Other: a flyer');
    expect(text).toContain('[q_channels] QUESTION (multiple choice, required, options shuffled per call)');
    expect(text).toContain('- none: None of these (excludes the others, stays in place)');
    expect(text).toContain('* line price: the price');
    expect(text).toContain('→ answer: the price: 5; the service: 1');
    expect(text).toContain('[q_callback] QUESTION (date and time, required, now…, callback time for the wrap-up)');
    expect(text).toContain('Suggested disposition: callback');
  });

  it('takes an "other" among the picks of a multiple choice as the trainer writes it', () => {
    const text = SURVEY.replace(
      '          - { value: web, label: Website }\n',
      '          - { value: web, label: Website }\n          - { value: more, label: Something else, specify: true }\n',
    );
    const answers = { q_time: '14:30', q_stars: 2, q_source: 'ad', q_channels: ['E-mail', { choice: 'something else', other: 'carrier pigeon' }] };
    const result = walkPreview(load(text), { answers });
    expect(result.rejected).toEqual([]);
    expect(result.text).toContain('→ answer: E-mail, Something else: carrier pigeon');
  });

  it('refuses an "other" without its text and stops at a grid with an open line', () => {
    const other = walkPreview(load(), { answers: { q_time: '14:30', q_stars: 2, q_source: 'other' } });
    expect(other.rejected).toEqual([{ id: 'q_source', given: 'other', error: 'Please type what "Other" means in the field beside it.' }]);
    const grid = walkPreview(load(), { answers: { q_time: '14:30', q_stars: 2, q_source: 'ad', q_channels: ['web'], q_grid: { price: 5 } } });
    expect(grid.text).toContain('→ lines without an answer: service; the preview stops here, because "q_grid" is required');
    expect(grid.text).toContain('Stopped at: q_grid');
  });
});
