import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, openPrivateForWriting } from '../files/private-files';

/**
 * The last version of IT's settings file that was read without an error, kept in the data folder.
 * When IT pushes a broken file to 500 desks, each keeps working on what it had, says so, and
 * picks the file up again once it is fixed; only a desk that never read a good file refuses to
 * start. It holds the file's parsed settings (secrets included, as the file itself does), so it is
 * owner-only like the rest of the data folder.
 */
export const LAST_GOOD_FILE = 'settings-last-good.json';

const lastGoodSchema = z.object({
  /** The settings file it came from: another file's last good version is never used. */
  file: z.string(),
  savedAt: z.number(),
  layer: z.record(z.string(), z.unknown()),
});

export type LastGood = z.output<typeof lastGoodSchema>;

export function readLastGood(dataDir: string, file: string): LastGood | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, LAST_GOOD_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const saved = lastGoodSchema.parse(JSON.parse(text));
    return saved.file === file ? saved : null;
  } catch {
    // Damaged (a disk full mid-write is prevented by the rename, not a bad disk): as if none.
    return null;
  }
}

/** Keeps `layer` as the last good one; writes only when it changed, so a start costs no write. */
export function saveLastGood(dataDir: string, file: string, layer: Record<string, unknown>, now: number): void {
  const previous = readLastGood(dataDir, file);
  if (previous && JSON.stringify(previous.layer) === JSON.stringify(layer)) return;
  ensurePrivateDir(dataDir);
  const target = path.join(dataDir, LAST_GOOD_FILE);
  const tmp = `${target}.tmp`;
  const fd = openPrivateForWriting(tmp);
  try {
    fs.writeSync(fd, JSON.stringify({ file, savedAt: now, layer }, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
}
