/**
 * The two windows. The UI window shows the React app; the hidden media window will hold the real
 * RTCPeerConnections (the media bridge, a later issue). They are separate so that reloading or
 * losing the UI renderer never touches call audio, and the media window can run unthrottled.
 */
import path from 'node:path';
import { app, BrowserWindow, type WebContents, type WebPreferences } from 'electron';
import { errorForLog, type Logger } from '../core/log';
import { crashDecision, MEDIA_URL, UI_URL } from './policy';

/** The same locked-down preferences for every window; only the preload differs. */
function securePreferences(preload?: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools: !app.isPackaged,
    ...(preload ? { preload } : {}),
  };
}

/**
 * Reloads a renderer that crashed or was killed; the calls live in main, so a reload only costs
 * the page its view state. Gives up (and logs) when the page keeps crashing.
 */
function reloadWhenGone(contents: WebContents, url: string, name: string, logger: Logger): void {
  let crashes: number[] = [];
  contents.on('render-process-gone', (_event, details) => {
    logger.log('error', `${name} renderer gone`, { reason: details.reason, exitCode: details.exitCode });
    if (details.reason === 'clean-exit' || contents.isDestroyed()) return;
    const decision = crashDecision(crashes, Date.now());
    crashes = decision.crashes;
    if (!decision.reload) {
      logger.log('error', `${name} renderer keeps crashing; not reloading it again`);
      return;
    }
    load(contents, url, name, logger);
  });
}

function load(contents: WebContents, url: string, name: string, logger: Logger): void {
  contents.loadURL(url).catch((error: unknown) => logger.log('error', `${name} page failed to load`, { url, error: errorForLog(error) }));
}

/** Pages are served by us, so an HTTP error here means a build without that page: say so. */
function logHttpErrors(contents: WebContents, name: string, logger: Logger): void {
  contents.on('did-navigate', (_event, url, status) => {
    if (status >= 400) logger.log('warn', `${name} page answered ${status}`, { url });
  });
}

export function createUiWindow(logger: Logger): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: 'Anlauf',
    show: false,
    webPreferences: securePreferences(path.join(__dirname, 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  reloadWhenGone(window.webContents, UI_URL, 'UI', logger);
  logHttpErrors(window.webContents, 'UI', logger);
  load(window.webContents, UI_URL, 'UI', logger);
  return window;
}

/**
 * Hidden for the app's whole lifetime. Background throttling is off because a hidden page's
 * timers are otherwise slowed to once a second — fatal for ICE, DTMF and ring timing.
 * Its preload gives the media page the bridge to main (media-preload.ts).
 */
export function createMediaWindow(logger: Logger): BrowserWindow {
  const window = new BrowserWindow({
    show: false,
    width: 400,
    height: 300,
    title: 'Anlauf media',
    skipTaskbar: true,
    webPreferences: {
      ...securePreferences(path.join(__dirname, 'media-preload.cjs')),
      backgroundThrottling: false,
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  reloadWhenGone(window.webContents, MEDIA_URL, 'media', logger);
  logHttpErrors(window.webContents, 'media', logger);
  load(window.webContents, MEDIA_URL, 'media', logger);
  return window;
}

/** A second start of the app lands here: bring the agent's window to the front. */
export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
