import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { projectRoot } from '../support/paths';

/** `anlauf scripts preview --answers` with the survey question kinds, as a trainer runs it (the built CLI). */

const file = path.join(projectRoot, 'test', 'fixtures', 'scripts', 'question-kinds.yaml');
const preview = (answers: object) => runCli(['scripts', 'preview', file, '--answers', JSON.stringify(answers)]);

describe('anlauf scripts preview with survey question kinds', () => {
  it('takes an "other" text, a grid and a date-time, and shows them as the call log will', async () => {
    const { code, stdout } = await preview({
      q_time: '9.30',
      q_stars: 4,
      q_source: { choice: 'other', other: 'a flyer' },
      q_channels: ['None of these'],
      q_grid: { price: 5, service: 2 },
      q_callback: '02.01.2099 10:00',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('    → answer: 09:30\n');
    expect(stdout).toContain('      - other: Other (asks "please specify")\n    → answer: Other: a flyer\n');
    expect(stdout).toContain('      * line price: the price\n      * line service: the service\n    → answer: the price: 5; the service: 2\n');
    expect(stdout).toContain('    → answer: 2099-01-02 10:00\n');
    expect(stdout).toContain('Path: q_time → q_stars → q_source → q_channels → q_grid → q_callback → bye_callback');
  });

  it('refuses "none of these" with another choice, and exits 1', async () => {
    const { code, stdout } = await preview({ q_time: '09:30', q_stars: 4, q_source: 'ad', q_channels: ['web', 'none'] });
    expect(code).toBe(1);
    expect(stdout).toContain(`! the answer ["web","none"] is refused: "None of these" cannot be picked together with other answers.`);
  });
});
