import { describe, expect, it } from 'vitest';
import { checkTopicFile } from '../../../src-main/core/topics/topic-file';

const clients = { clients: ['stadtwerke-nord', 'moebelhaus'] };

function problemsOf(text: string): string[] {
  const result = checkTopicFile(text, 'topics.yaml', clients);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => `${p.line}:${p.col} ${p.message}`);
}

const good = `# Current topics — format: docs/topics.md
topics:
  - id: price-letter-2026-05
    client: stadtwerke-nord
    title: Price letter of 12 May
    priority: high
    from: 2026-05-12
    until: 2026-06-30T18:00
    campaigns: [support]
    text: |
      - The letter's table had the old and new prices swapped.
      - Nobody needs to do anything.
`;

describe('a topics file as trainers write it', () => {
  it("reads the agreed format, dates as the desk's local time", () => {
    const result = checkTopicFile(good, 'topics.yaml', clients);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.topics).toEqual([
      expect.objectContaining({
        id: 'price-letter-2026-05',
        client: 'stadtwerke-nord',
        priority: 'high',
        from: new Date(2026, 4, 12).getTime(),
        until: new Date(2026, 5, 30, 18, 0).getTime(),
        campaigns: ['support'],
        line: 3,
      }),
    ]);
  });

  it('a date alone as the end means through that day', () => {
    const result = checkTopicFile(good.replace('until: 2026-06-30T18:00', 'until: 2026-06-30'), 'topics.yaml', clients);
    expect(result.ok && result.topics[0]?.until).toBe(new Date(2026, 6, 1).getTime());
  });

  it('names each problem with its line, column and field', () => {
    const broken = `topics:
  - id: price-letter
    client: stadtwerke-nrod
    title: Price letter
    priorty: high
    priority: urgent
    from: 2026-05-12
    until: 2026-05-01
    text: ""
  - id: second
    client: moebelhaus
    title: Opening hours
    from: 2026-02-30
    text: Open until 8 pm.
`;
    expect(problemsOf(broken)).toEqual([
      '5:5 unknown field priorty — did you mean priority?',
      "3:13 topic price-letter: client stadtwerke-nrod is not among the settings' clients — did you mean stadtwerke-nord?",
      '9:11 topic price-letter: text is missing or empty (the talking points)',
      '6:15 topic price-letter: priority urgent is unknown (high or normal)',
      '8:12 topic price-letter: until 2026-05-01 is not after from 2026-05-12: the topic would never show (a date alone as until means through that day)',
      '13:11 topic second: from 2026-02-30 is not a date (2026-05-12) or date and time (2026-05-12T08:00)',
    ]);
  });

  it('refuses a YAML mistake at its place and a file without topics', () => {
    expect(problemsOf('topics:\n  - id: a\n   client: b\n')[0]).toMatch(/^3:\d+ YAML:/);
    expect(problemsOf('title: nothing here\n')).toEqual([
      '1:1 unknown field title (known: topics)',
      '1:1 `topics:` must be a list of topics, each starting with `- id:`',
    ]);
  });
});
