import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseForm } from '../../../src-main/core/forms/loader';
import { brokenForm } from '../../support/script-mutants';

/**
 * Broken form files, made from the shipped forms and the broken fixtures: checking never throws,
 * and every problem points inside the file (a line and column that exist).
 */
describe('form file fuzzing', () => {
  it('checks 1000 broken form files without throwing, each problem at a position inside the file', () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20_261_204);
    const files = fc.sample(brokenForm, { numRuns: 1000, seed });
    let broken = 0;
    files.forEach((text, i) => {
      const where = `file ${i} (FUZZ_SEED=${seed})`;
      const result = parseForm(text, 'f.yaml');
      if (result.ok) return;
      broken++;
      const lines = text.split(/\r\n|\r|\n/);
      expect(result.problems.length, where).toBeGreaterThan(0);
      for (const problem of result.problems) {
        expect(problem.code, where).not.toBe('not-checked');
        expect(problem.line >= 1 && problem.line <= Math.max(1, lines.length), `${where}: line ${problem.line}`).toBe(true);
        expect(problem.col >= 1 && problem.col <= (lines[problem.line - 1]?.length ?? 0) + 1, `${where}: col ${problem.col} on line ${problem.line}`).toBe(
          true,
        );
        expect(problem.message, where).not.toMatch(/native code|\[object Object\]|undefined/);
      }
    });
    expect(broken).toBeGreaterThan(files.length * 0.7);
  }, 120_000);
});
