/**
 * The session- and contents-wide limits from Electron's security checklist: permissions,
 * navigation, new windows, webviews. The decisions themselves live in policy.ts; this file only
 * wires them to Electron's hooks.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import { errorForLog, type Logger } from '../core/log';
import { devicePermissionGranted, externalLinkToOpen, isLocalNetworkPermission, navigationAllowed, permissionGranted } from './policy';

/**
 * Microphone (audio only), HID and local network access for our origin; everything else denied,
 * and logged. Local network access is logged when granted too: it is asked for by the network
 * stack, often with no webContents (typed as never null, but null at run time), and IT needs to
 * see it when a call to the company's phone system has no audio.
 */
export function applySessionPolicy(session: Session, logger: Logger): void {
  session.setPermissionRequestHandler((contents: WebContents | null, permission, callback, details) => {
    const granted = permissionGranted({
      permission,
      origin: ('securityOrigin' in details ? details.securityOrigin : undefined) ?? details.requestingUrl,
      isMainFrame: details.isMainFrame,
      mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined,
    });
    if (isLocalNetworkPermission(permission)) {
      logger.log(granted ? 'info' : 'warn', 'local network access requested', {
        permission,
        granted,
        url: details.requestingUrl,
        webContents: contents?.id ?? null,
      });
    } else if (!granted) {
      logger.log('warn', 'permission request denied', { permission, url: details.requestingUrl });
    }
    callback(granted);
  });
  // Chromium asks this synchronously and often (e.g. before listing devices): only the first
  // local-network check of each kind and outcome is logged.
  const loggedChecks = new Set<string>();
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    const granted = permissionGranted({
      permission,
      origin: details.securityOrigin ?? requestingOrigin,
      isMainFrame: details.isMainFrame,
      mediaType: details.mediaType,
    });
    const key = `${permission} ${String(granted)}`;
    if (isLocalNetworkPermission(permission) && !loggedChecks.has(key)) {
      loggedChecks.add(key);
      logger.log(granted ? 'info' : 'warn', 'local network access checked', {
        permission,
        granted,
        origin: requestingOrigin,
        webContents: contents?.id ?? null,
      });
    }
    return granted;
  });
  session.setDevicePermissionHandler((details) => devicePermissionGranted(details.deviceType, details.origin));
}

function openExternally(url: string, logger: Logger): void {
  const link = externalLinkToOpen(url);
  if (!link) {
    logger.log('warn', 'refused to open a link', { url });
    return;
  }
  shell.openExternal(link).catch((error: unknown) => logger.log('warn', 'could not open a link', { url: link, error: errorForLog(error) }));
}

/** Our windows never leave our origin, never open windows of their own, never embed webviews. */
function hardenContents(contents: WebContents, logger: Logger): void {
  contents.on('will-navigate', (event, url) => {
    if (navigationAllowed(url)) return;
    event.preventDefault();
    // A plain <a href="https://…"> in the app should still reach the agent's browser.
    openExternally(url, logger);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.log('warn', 'refused to attach a webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, logger);
    return { action: 'deny' };
  });
}

/** Applied to every webContents ever created, so a window added later cannot forget it. */
export function hardenAllContents(logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, logger));
}
