import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Anlauf';
/**
 * electron-builder.yml's appId: the Windows AppUserModelID of the installed shortcuts, which the
 * app must claim to have its notifications shown and attributed to it (a test keeps both equal).
 */
export const APP_ID = 'de.anlauf.workstation';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives for our
 * product name, so the Electron host, the browser host and the CLI all find the same call log.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  }
  if (platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  }
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** `--data-dir` wins over ANLAUF_DATA_DIR, which wins over the OS default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.ANLAUF_DATA_DIR;
  return chosen ? path.resolve(chosen) : defaultDataDir(env);
}
