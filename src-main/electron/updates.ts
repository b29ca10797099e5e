/**
 * The Electron host's updater: electron-updater's platform updater (NSIS on Windows, Squirrel.Mac
 * through its MacUpdater, AppImage or deb on Linux, as the installed package says), behind the
 * core's port. Thin on purpose: the Electron binary cannot run in the tests, the port can.
 */
import path from 'node:path';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { Logger } from '../core/log';
import type { Updater } from '../core/updates/updater';
import { AppUpdaterPort, builtInFeedUrl } from './app-updater-port';

/** None in a development run: no installer put it in place, so there is nothing to update. */
export function platformUpdater(logger: Logger): Updater | null {
  if (!app.isPackaged) return null;
  return new AppUpdaterPort(autoUpdater, builtInFeedUrl(path.join(process.resourcesPath, 'app-update.yml'), logger), logger);
}
