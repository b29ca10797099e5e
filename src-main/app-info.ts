import path from 'node:path';
import pkg from '../package.json';

export const APP_VERSION: string = pkg.version;

/**
 * Where the app's own files are when nothing says otherwise. Bundled code runs from dist/main, so
 * the project (or the packaged app's app.asar) is two folders up.
 */
export function builtInAppRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

/**
 * The CLI and the browser host (never packaged): ANLAUF_APP_ROOT points them at another layout.
 * The Electron host decides for itself (policy.ts appRootFor): packaged, it ignores the variable.
 */
export function appRoot(): string {
  return process.env.ANLAUF_APP_ROOT || builtInAppRoot();
}

export function appPathsAt(root: string) {
  return {
    renderer: () => path.join(root, 'dist', 'renderer'),
    bridge: () => path.join(root, 'dist', 'web', 'anlauf-bridge.js'),
    electronMain: () => path.join(root, 'dist', 'main', 'electron-main.cjs'),
    resources: () => path.join(root, 'resources'),
  };
}

export const appPaths = {
  renderer: () => appPathsAt(appRoot()).renderer(),
  bridge: () => appPathsAt(appRoot()).bridge(),
  electronMain: () => appPathsAt(appRoot()).electronMain(),
  resources: () => appPathsAt(appRoot()).resources(),
};
