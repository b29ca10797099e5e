import path from 'node:path';
import pkg from '../package.json';

export const APP_VERSION: string = pkg.version;

/**
 * Where the app's own files are. Bundled code runs from dist/main, so the project (or the
 * packaged app's resources) is two folders up; ANLAUF_APP_ROOT overrides it for packaged layouts.
 */
export function appRoot(): string {
  return process.env.ANLAUF_APP_ROOT ?? path.resolve(__dirname, '..', '..');
}

export const appPaths = {
  renderer: () => path.join(appRoot(), 'dist', 'renderer'),
  bridge: () => path.join(appRoot(), 'dist', 'web', 'anlauf-bridge.js'),
  electronMain: () => path.join(appRoot(), 'dist', 'main', 'electron-main.cjs'),
  resources: () => path.join(appRoot(), 'resources'),
};
