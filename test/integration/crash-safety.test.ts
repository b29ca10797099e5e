import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { projectRoot, tempDir } from '../support/temp';

// Nothing an agent recorded is lost to a crash: a child process writes calls continuously and is
// killed with SIGKILL at random moments, 50 times, on the same file. After each kill the database
// opens, passes PRAGMA integrity_check, and holds every write the child had reported committed.

const writer = path.join(projectRoot, 'test', 'support', 'crash-writer.ts');

function runAndKill(file: string, afterMs: number): Promise<Map<string, Set<string>>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const committed = new Map<string, Set<string>>();
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), afterMs);
        const match = /^committed (\S+) (\w+)$/.exec(line);
        if (match) {
          const steps = committed.get(match[1]!) ?? new Set<string>();
          steps.add(match[2]!);
          committed.set(match[1]!, steps);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer ended by itself (${code}): ${stderr}`));
      else resolve(committed);
    });
  });
}

describe('crash safety', () => {
  it('50 SIGKILLs at random moments: the file stays intact and holds every committed write', async () => {
    const file = path.join(tempDir(), 'anlauf.sqlite');
    let seed = 12345;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let total = 0;
    for (let round = 0; round < 50; round++) {
      const committed = await runAndKill(file, 20 + Math.floor(random() * 250));
      const db = new BetterSqlite3(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const row = db.prepare('SELECT answer_at, end_cause FROM calls WHERE id = ?');
        for (const [id, steps] of committed) {
          const stored = row.get(id) as { answer_at: number | null; end_cause: string | null } | undefined;
          expect(stored, `round ${round}: call ${id} reported committed`).toBeDefined();
          if (steps.has('answered')) expect(stored!.answer_at).not.toBeNull();
          if (steps.has('ended')) expect(stored!.end_cause).toBe('completed');
        }
        total += committed.size;
        const outboxRows = db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
        const callSteps = db.prepare('SELECT count(*) + count(answer_at) + count(end_cause) FROM calls').pluck().get() as number;
        // Every step that is in the log has its outbox record: they were written in one transaction.
        expect(outboxRows).toBe(callSteps);
      } finally {
        db.close();
      }
    }
    expect(total).toBeGreaterThan(50);
  }, 180_000);
});
