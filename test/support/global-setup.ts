import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The CLI tests run the real bundled `anlauf` command: build the main side once per run. */
export default function setup(): void {
  if (process.env.ANLAUF_TEST_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, [path.resolve(__dirname, '..', '..', 'scripts', 'build.mjs'), '--main-only', '--quiet'], { stdio: 'inherit' });
}
