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

/** The native-module ABI (NODE_MODULE_VERSION) of the installed Electron, from its package's `abi_version`, or null. */
export function electronAbi(): number | null {
  try {
    const packageDir = path.dirname(require.resolve('electron/package.json'));
    const abi = Number(fs.readFileSync(path.join(packageDir, 'abi_version'), 'utf8').trim());
    return Number.isInteger(abi) && abi > 0 ? abi : null;
  } catch {
    return null;
  }
}

/**
 * The ABI better-sqlite3's binary was built for, found by loading it here in Node: it loads when
 * built for this Node, and otherwise Node's refusal names the ABI it was built for. Null when it
 * fails for another reason (then nothing is known, and Electron is tried).
 */
export function sqliteBinaryAbi(load: () => void = loadSqlite, nodeAbi = Number(process.versions.modules)): number | null {
  try {
    load();
    return nodeAbi;
  } catch (error) {
    const match = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION \d+/.exec(
      error instanceof Error ? error.message : String(error),
    );
    return match ? Number(match[1]) : null;
  }
}

function loadSqlite(): void {
  // The binary is loaded on the first database, not on require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  new Database(':memory:').close();
}

/**
 * Why the Electron host cannot start with the native modules as built, or null. Electron's ABI
 * numbers are never Node's, so a binary that loads in Node cannot load in Electron; that is the
 * usual case in a checkout, where `npm ci` builds better-sqlite3 for Node.
 */
export function electronHostProblem(facts: { nodeAbi: number; binaryAbi: number | null; electronAbi: number | null }): string | null {
  const { nodeAbi, binaryAbi, electronAbi } = facts;
  if (binaryAbi === null) return null;
  if (electronAbi !== null && binaryAbi === electronAbi) return null;
  const builtFor = binaryAbi === nodeAbi ? `Node (ABI ${binaryAbi})` : `ABI ${binaryAbi}`;
  if (electronAbi !== null) return `better-sqlite3 is built for ${builtFor} and Electron needs ABI ${electronAbi}`;
  return binaryAbi === nodeAbi ? `better-sqlite3 is built for ${builtFor}, not for Electron` : null;
}
