import fs from 'node:fs';
import path from 'node:path';

/**
 * The installed Electron binary, or null. Reads electron's path.txt directly: requiring the
 * `electron` package would try to download a missing binary, which must never happen at run time.
 */
export function findElectronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let relative: string;
  try {
    relative = fs.readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  const binary = override ? path.join(override, relative) : path.join(packageDir, 'dist', relative);
  return fs.existsSync(binary) ? binary : null;
}
