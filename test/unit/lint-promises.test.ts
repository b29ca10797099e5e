import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/temp';

// Type-aware lint needs a file the tsconfig includes: the text is linted as if it were this file.
const asFile = path.join(projectRoot, 'src-main/core/clock.ts');
const eslint = new ESLint({ cwd: projectRoot });

async function rulesHit(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: asFile });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('type-aware lint', () => {
  // The first lint builds the TypeScript program of the whole project: slow on a busy machine.
  beforeAll(async () => {
    await rulesHit('export {};\n');
  }, 240_000);

  it('refuses a promise nobody awaits or handles: its rejection would go unseen', async () => {
    const code = 'async function save(): Promise<void> {}\nexport function onClick(): void {\n  save();\n}\n';
    expect(await rulesHit(code)).toContain('@typescript-eslint/no-floating-promises');
    expect(await rulesHit(code.replace('  save();', '  void save();'))).toEqual([]);
  });

  it('refuses an async function where a listener returns nothing: its rejection would escape the emitter', async () => {
    const code = 'const listeners = new Set<() => void>();\nexport function watch(): void {\n  listeners.add(async () => {});\n}\n';
    expect(await rulesHit(code)).toContain('@typescript-eslint/no-misused-promises');
  });
});
