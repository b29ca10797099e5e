import { silentLogger } from '../../src-main/core/log';
import { Workstation, type WorkstationOptions } from '../../src-main/core/workstation';
import { ManualClock } from './manual-clock';
import { resourcesDir, tempDir } from './temp';

/** A real workstation (real SQLite file, real settings files) on a temp folder with a test clock. */
export function makeWorkstation(options: Partial<WorkstationOptions> = {}): { ws: Workstation; clock: ManualClock; dataDir: string } {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
  const dataDir = options.dataDir ?? tempDir();
  const ws = new Workstation({
    dataDir,
    host: 'web',
    appVersion: '0.0.0-test',
    resourcesDir,
    logger: silentLogger,
    ...options,
    clock,
  });
  return { ws, clock, dataDir };
}

/** Lets queued microtasks (coalesced snapshots) run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
