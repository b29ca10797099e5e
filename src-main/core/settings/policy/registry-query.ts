import { execFileSync } from 'node:child_process';

/**
 * The one place the registry itself is touched, on Windows only: `reg query KEY /s`, whose text
 * registry-policy.ts parses (tested there on recorded output, as Windows is not on the test
 * machines). Null when the key does not exist (reg exits with 1), which means no policy.
 */
export function regQuery(key: string): string | null {
  try {
    return execFileSync('reg', ['query', key, '/s'], { encoding: 'utf8', windowsHide: true, timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as { status?: number }).status === 1) return null;
    throw error;
  }
}
