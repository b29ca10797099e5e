import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths';
import { tempDir } from '../support/temp';

/** Runs a TypeScript program in its own Node process (so an uncaught error may really end it). */
function runProgram(source: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(tempDir(), 'program.ts');
  fs.writeFileSync(file, source);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the browser host's last-resort guard", () => {
  it('logs an uncaught exception and an unhandled rejection with their stacks, and the process keeps running', async () => {
    const guard = path.join(projectRoot, 'src-main', 'web', 'last-resort.ts');
    const log = path.join(projectRoot, 'src-main', 'core', 'log.ts');
    const result = await runProgram(`
      import { installLastResortGuard } from ${JSON.stringify(guard)};
      import { createStderrLogger } from ${JSON.stringify(log)};
      installLastResortGuard(createStderrLogger());
      function handlerThatThrows() { throw new Error('a handler broke'); }
      setTimeout(handlerThatThrows, 10);
      setTimeout(() => void Promise.reject(new Error('a promise nobody awaited')), 20);
      // A call's timer: it must still fire after both.
      setTimeout(() => process.stdout.write('still running\\n'), 200);
    `);
    expect(result.stdout).toBe('still running\n');
    expect(result.code).toBe(0);
    const lines = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'uncaught exception; the workstation keeps running',
        error: expect.stringMatching(/a handler broke\n\s+at .*handlerThatThrows/),
      }),
      expect.objectContaining({
        level: 'error',
        message: 'unhandled promise rejection; the workstation keeps running',
        error: expect.stringContaining('a promise nobody awaited'),
      }),
    ]);
  });
});
