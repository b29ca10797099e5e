import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Anlauf';
/**
 * electron-builder.yml's appId: the Windows AppUserModelID of the installed shortcuts, which the
 * app must claim to have its notifications shown and attributed to it (a test keeps both equal).
 */
export const APP_ID = 'de.anlauf.workstation';

/**
 * The per-user data folder. On Windows it is local, not roaming, application data
 * (`%LOCALAPPDATA%\\Anlauf`): roaming profiles and FSLogix copy the roaming folder at every sign-in
 * and sign-out, which a live SQLite database with its -wal file does not survive, and a call log
 * has no business following the agent to another desk. Elsewhere it is Electron's
 * app.getPath('userData') for our product name. Electron's main sets userData from this function,
 * so the Electron host, the browser host and the CLI all find the same call log.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') {
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), PRODUCT_NAME);
  }
  if (platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  }
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** Where earlier versions kept their data on Windows (roaming app data); null elsewhere. */
export function roamingDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | null {
  if (platform !== 'win32') return null;
  return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
}

/** `--data-dir` wins over ANLAUF_DATA_DIR, which wins over the OS default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.ANLAUF_DATA_DIR;
  return chosen ? path.resolve(chosen) : defaultDataDir(env);
}
