import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptsCommand } from '../../../src-main/cli/scripts-command';
import { checkTopicFile } from '../../../src-main/core/topics/topic-file';
import { projectRoot } from '../../support/paths';
import { tempDir } from '../../support/temp';

const run = (args: string[]) => {
  let out = '';
  let err = '';
  const code = scriptsCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};

/** A trainer's topics file with the usual slips: a misspelt client, a priority that does not exist, until before from. */
const slips = `# Current topics — format: docs/topics.md
topics:
  - id: price-letter
    client: stadtwerke-nrd
    title: Price letter of 12 May
    priority: urgent
    from: 2026-05-12
    until: 2026-05-01
    text: The table had the prices swapped.
`;

describe('anlauf scripts validate with a topics file', () => {
  it('checks it as a desk does, top to bottom, the client against --config, and says when clients are not checked', () => {
    const dir = tempDir();
    const file = path.join(dir, 'stadtwerke-nord.yaml');
    fs.writeFileSync(file, slips);
    const settings = path.join(dir, 'anlauf.json');
    fs.writeFileSync(
      settings,
      JSON.stringify({
        clients: [{ id: 'stadtwerke-nord', name: 'Stadtwerke Nord', greeting: 'Hallo.', colour: '#004488', campaigns: [{ id: 'support', name: 'Support' }] }],
      }),
    );
    const checked = run(['validate', '--config', settings, file]);
    expect(checked.code).toBe(1);
    expect(checked.out.split('\n')).toEqual([
      `${file}:4:13: topic price-letter: client stadtwerke-nrd is not among the settings' clients — did you mean stadtwerke-nord?`,
      `${file}:6:15: topic price-letter: priority urgent is unknown (high or normal)`,
      `${file}:8:12: topic price-letter: until 2026-05-01 is not after from 2026-05-12: the topic would never show (a date alone as until means through that day)`,
      '',
    ]);

    fs.writeFileSync(file, slips.replace('stadtwerke-nrd', 'stadtwerke-nord').replace('urgent', 'high').replace('2026-05-01', '2026-06-30'));
    expect(run(['validate', '--config', settings, file])).toEqual({ code: 0, out: `${file}: valid (topics file, 1 topic)\n`, err: '' });
    expect(run(['validate', file]).out).toBe(
      `${file}: valid (topics file, 1 topic; check the client ids (stadtwerke-nord) against the desk's settings with --config SETTINGS)\n`,
    );
  });
});

describe('the topics documentation', () => {
  it('shows only examples that pass the checks (every ```yaml block that is a topics file)', () => {
    const doc = fs.readFileSync(path.join(projectRoot, 'docs', 'topics.md'), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((b) => /^topics\s*:/m.test(b));
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    for (const block of blocks) {
      const result = checkTopicFile(block, 'docs/topics.md', { clients: ['stadtwerke-nord'] });
      expect(result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([]);
    }
  });
});
