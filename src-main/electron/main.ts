/**
 * The Electron host's entry (bundled to dist/main/electron-main.cjs). It only composes: the core
 * Desk (the personal Workstation, or on a shared desk the signed-in agent's) and its Dispatcher,
 * started exactly as the browser host starts them, plus the Electron adapters around them. Order
 * matters: everything above `whenReady` must happen before the app is ready (name, paths, sandbox,
 * privileged scheme, single-instance lock).
 */
import { app, dialog, session, type BrowserWindow } from 'electron';
import { Dispatcher } from '../api/dispatcher';
import { APP_VERSION, appPathsAt, builtInAppRoot } from '../app-info';
import { openAppLog } from '../core/diagnostics/app-log';
import { createStderrLogger, type Logger, errorForLog } from '../core/log';
import { settingsSecrets } from '../core/recorder/sip-redact';
import { APP_ID, defaultDataDir, PRODUCT_NAME } from '../core/platform/paths';
import { describeMove, moveRoamingDataDir } from '../core/platform/data-dir-move';
import { machineDirectoryFolder } from '../core/customers/directory-file';
import { Desk } from '../core/desk/desk';
import type { IDeskHost } from '../core/desk/desk-host';
import { NodeHidPort } from '../core/headset/node-hid-port';
import { policySourceFor } from '../core/settings/policy/policy-sources';
import { systemClock } from '../core/clock';
import { GlobalHotkeys } from '../core/platform/global-hotkeys';
import { electronShortcuts } from './global-hotkeys';
import { connectIpc } from './ipc';
import { connectMediaIpc } from './media-ipc';
import { notifyIncomingCalls } from './notify';
import { resolveLaunchOptions } from './launch';
import { watchPower } from './power';
import { appRootFor, DIAL_SCHEMES, dialLinkFromArgs, packagedStartRefusal } from './policy';
import { launchRoute } from './cli-switch';
import { runCliAndExit } from './cli-mode';
import { registerAppScheme, serveApp } from './protocol';
import { applySessionPolicy, hardenAllContents } from './security';
import { platformUpdater } from './updates';
import { electronVault } from './secret-vault';
import { createMediaWindow, createUiWindow, focusWindow } from './windows';
import { demoOffered } from '../core/demo/demo-set';

// stderr until the data folder is known and ours (the single-instance lock): then the log file too.
let sink: Logger = createStderrLogger();
const logger: Logger = { log: (level, message, fields) => sink.log(level, message, fields) };

// The packaged app refuses debugging switches: Chromium's remote debugging is no fuse, and would
// give any local program the pages, the API and the microphone. Checked before anything else runs;
// the dialog works before 'ready' (on Linux it goes to stderr, which gets the message anyway).
const refusal = packagedStartRefusal({ isPackaged: app.isPackaged, argv: process.argv, platform: process.platform });
// `Anlauf --cli calllog export …`: an anlauf command, run in this binary without a window
// (cli-switch.ts), as an installed desk has no other Node. A refused command line says so on
// stderr only: a script has no one to close a dialog.
const route = launchRoute(process.argv, Boolean(process.defaultApp));
if (refusal) {
  process.stderr.write(`${refusal}\n`);
  if (route.kind === 'window') dialog.showErrorBox('Anlauf does not start', refusal);
  app.exit(1);
} else if (route.kind === 'cli') {
  runCliAndExit(route.args);
}

// Packaged, the pages and resources come from app.asar only; ANLAUF_APP_ROOT is for development runs.
const appPaths = appPathsAt(appRootFor({ isPackaged: app.isPackaged, envRoot: process.env.ANLAUF_APP_ROOT, builtIn: builtInAppRoot() }));
if (app.isPackaged && process.env.ANLAUF_APP_ROOT) logger.log('warn', 'ANLAUF_APP_ROOT is ignored in the packaged app');

// Menus, dialogs and notifications say "Anlauf" in unpackaged runs too.
app.setName(PRODUCT_NAME);
// Windows shows a toast only for an app whose AppUserModelID matches a Start-menu shortcut's; the
// installer gives the shortcuts electron-builder.yml's appId. Electron's default would not match.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
// The default is the folder the CLI and the browser host default to (core/platform/paths.ts):
// Electron's appData for the product name on macOS and Linux, local (not roaming) app data on
// Windows. Not getPath('userData'), which Electron fixes from package.json's name ("anlauf") before
// this file runs. An earlier version's roaming folder is moved there first.
const launch = resolveLaunchOptions(process.argv, process.env, () => {
  const move = moveRoamingDataDir(process.env, process.platform, Date.now());
  if (move) logger.log(move.failed.length ? 'warn' : 'info', describeMove(move));
  return defaultDataDir();
});
// Chromium's profile and the single-instance lock live with our data, so one data folder has one
// running app (two apps on one database would fight), while a trainer or a test may still run a
// second instance on a folder of its own.
app.setPath('userData', launch.dataDir);
app.enableSandbox();
registerAppScheme();
hardenAllContents(logger);

let uiWindow: BrowserWindow | null = null;
/** Where tel:/sip: links go once the desk exists (it holds them for the agent's dial box). */
let offerLink: ((link: string) => void) | null = null;
/** A link that arrived before the desk existed (the app was started by it). */
let pendingLink = dialLinkFromArgs(process.argv);

/** A bad settings file or a database from a newer version: tell the agent, then exit non-zero. */
function failToStart(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger.log('error', 'Anlauf cannot start', { error: message });
  dialog.showErrorBox('Anlauf cannot start', message);
  app.exit(1);
}

async function start(): Promise<void> {
  const appLog = openAppLog(launch.dataDir);
  sink = appLog.logger;
  serveApp(appPaths.renderer(), logger);
  applySessionPolicy(session.defaultSession, logger);

  // The desk runs the personal Workstation (signIn.mode off), or each signed-in agent's on a shared
  // desk; nothing below holds on to a Workstation, which changes at every sign-in.
  const desk: IDeskHost = new Desk({
    dataDir: launch.dataDir,
    configFile: launch.configFile,
    host: 'electron',
    appVersion: APP_VERSION,
    resourcesDir: appPaths.resources(),
    demo: demoOffered(process.argv, process.env),
    // The installed desk's directory is the machine's; a data folder chosen by hand keeps its own.
    directoryFolder: launch.dataDir === defaultDataDir() ? machineDirectoryFolder() : undefined,
    logger,
    hid: new NodeHidPort({ logger }),
    // Installed only when no call, wrap-up or undelivered record is open (core/updates/).
    updater: platformUpdater(logger),
    policy: policySourceFor(process.env, process.platform, systemClock),
    // safeStorage answers only after 'ready', which start() runs behind.
    vault: electronVault(launch.dataDir, logger),
  });
  appLog.useSecrets(() => settingsSecrets(desk.settings()));
  // A link never dials by itself: the desk holds it while nobody is signed in, the agent's
  // Workstation until the line is registered and the media window attached; then it fills the
  // dial box and the agent confirms (or is told it failed).
  offerLink = (link) => desk.offerLink(link);
  desk.onLinkReady(() => focusWindow(uiWindow));
  if (pendingLink) {
    offerLink(pendingLink);
    pendingLink = null;
  }
  await desk.start();
  const dispatcher = new Dispatcher(desk);
  const disconnectIpc = connectIpc(dispatcher, () => uiWindow?.webContents ?? null, logger);

  // The media window first: it outlives every UI window and must be there when calls start.
  const mediaWindow = createMediaWindow(logger);
  const disconnectMedia = connectMediaIpc(desk.media, () => (mediaWindow.isDestroyed() ? null : mediaWindow.webContents), logger);
  uiWindow = createUiWindow(logger);
  const stopNotifying = notifyIncomingCalls(
    desk,
    () => uiWindow,
    () => app.getLocale(),
    logger,
  );
  // Hotkeys that work while another program has the focus, where IT allows (hotkeys.global).
  const globalHotkeys = new GlobalHotkeys(
    electronShortcuts,
    () => desk.settings().hotkeys,
    (action) => uiWindow?.webContents.send('event:hotkey', { action }),
    logger,
  );
  // Again when the hotkeys change: a settings change, or another agent signing in (each snapshot
  // follows both; compared so a hotkey another program holds is not retried at every snapshot).
  let appliedHotkeys = JSON.stringify(desk.settings().hotkeys);
  globalHotkeys.apply();
  const offHotkeySettings = desk.onState(() => {
    const hotkeys = JSON.stringify(desk.settings().hotkeys);
    if (hotkeys === appliedHotkeys) return;
    appliedHotkeys = hotkeys;
    globalHotkeys.apply();
  });
  // The hidden media window keeps 'window-all-closed' from ever firing: closing the agent's
  // window is what ends the app.
  uiWindow.on('closed', () => {
    uiWindow = null;
    app.quit();
  });

  const power = watchPower(logger);
  power.onResume((reason) => {
    // After sleep or unlock the line re-registers, and finds a WebSocket that died meanwhile at once
    // (the signed-in agent's; on a shared desk nobody signed in has no line).
    logger.log('info', 'resumed: re-registering the SIP line', { reason });
    desk.refreshLine();
  });

  // Calls and the call log live in main: let the desk end calls and close the database before the
  // process goes, however the end came. `will-quit` covers a quit from the app; an OS shutdown or
  // logoff skips it (Linux/macOS: powerMonitor 'shutdown'; Windows: the window's 'session-end'),
  // so those stop the desk too. Each may come after another has begun: the stop runs once
  // (Desk.stop is idempotent as well). It is no sign-out: the next start restores a signed-in
  // agent when policy lets them stay signed in.
  let stopping: Promise<void> | null = null;
  let stopped = false;
  const stopAll = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.log('info', 'stopping the desk', { reason });
      disconnectIpc();
      disconnectMedia();
      stopNotifying();
      offHotkeySettings();
      globalHotkeys.dispose();
      await desk.stop().catch((error: unknown) => logger.log('error', 'the desk did not stop cleanly', { error: errorForLog(error) }));
      await appLog.close();
      stopped = true;
    })();
    return stopping;
  };
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void stopAll('quit').then(() => app.quit());
  });
  power.onShutdown(() => void stopAll('shutdown').then(() => app.quit()));
  // Windows ends the process soon after this event and it cannot be delayed: the stop starts at
  // once; whatever it does not finish, the next start repairs (interrupted calls are closed).
  for (const window of [uiWindow, mediaWindow]) window.on('session-end', () => void stopAll('session-end'));
}

// tel:, sip: and callto: links from other programs go to the agent's dial box. Registered only in
// the packaged app: a development run would register the bare Electron binary. Not on Windows: the
// installer registers Anlauf machine-wide (build/installer.nsh), and the per-user HKCU keys this
// writes are ignored once a user chose an app, and outlive an uninstall.
if (!refusal && route.kind === 'window' && app.isPackaged && process.platform !== 'win32')
  for (const scheme of DIAL_SCHEMES) app.setAsDefaultProtocolClient(scheme);
const onDialLink = (link: string | null) => {
  if (!link) return;
  if (offerLink) offerLink(link);
  else pendingLink = link;
};
// macOS delivers links as an event, also before the app is ready.
app.on('open-url', (event, url) => {
  event.preventDefault();
  onDialLink(dialLinkFromArgs([url]));
});

if (refusal || route.kind === 'cli') {
  // app.exit() above ends the process (for a command, once it is done); nothing may start meanwhile.
} else if (!app.requestSingleInstanceLock()) {
  // Another Anlauf runs on this data folder: it gets 'second-instance' and comes to the front.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    focusWindow(uiWindow);
    onDialLink(dialLinkFromArgs(argv));
  });
  app.whenReady().then(start).catch(failToStart);
}
