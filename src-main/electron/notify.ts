/**
 * Incoming calls as system notifications while the agent's window is hidden, minimised or in the
 * background (the agent works in the CRM). Silent: the ringtone already rings from the media
 * window. A click brings the window forward; the notification goes once the call stops ringing.
 * On a shared desk every notification of an agent goes when they sign out.
 */
import { Notification, type BrowserWindow } from 'electron';
import type { Logger } from '../core/log';
import type { IDeskHost } from '../core/desk/desk-host';
import { NotificationKeeper } from './notification-keeper';
import { alertLanguage, callbackAlertText, DueCallbacks, ringAlertText, RingingCalls, SignedInAgent } from './notify-text';
import { focusWindow } from './windows';

export function notifyIncomingCalls(
  desk: Pick<IDeskHost, 'onState'>,
  uiWindow: () => BrowserWindow | null,
  systemLocale: () => string,
  logger: Logger,
): () => void {
  if (!Notification.isSupported()) {
    logger.log('info', 'system notifications are not supported on this desktop');
    return () => undefined;
  }
  const ringing = new RingingCalls();
  const dueCallbacks = new DueCallbacks();
  const signedIn = new SignedInAgent();
  // Every notification shown stays referenced until it is done: a collected one would lose its
  // click handler while still on screen. A callback's is done when clicked or closed; a call's is
  // kept past a click, so it can still be closed when the call stops ringing.
  const kept = new NotificationKeeper<Notification>();
  const show = (key: string, notification: Notification, doneOnClick: boolean) => {
    kept.keep(key, notification);
    notification.on('click', () => {
      if (doneOnClick) kept.release(key, notification);
      focusWindow(uiWindow());
    });
    notification.on('close', () => kept.release(key, notification));
    notification.on('failed', (_event, error) => {
      kept.release(key, notification);
      logger.log('warn', 'a system notification could not be shown', { error });
    });
    notification.show();
  };

  const off = desk.onState((snapshot) => {
    if (signedIn.changed(snapshot.signIn)) kept.closeAll();
    // A callback that falls due is a promise to a customer: it is shown whether or not the window is seen.
    const due = dueCallbacks.update(snapshot.callbacks);
    if (due.length) {
      const language = alertLanguage(snapshot.settings.ui.language, systemLocale());
      for (const callback of due) {
        const { title, body } = callbackAlertText(callback, language, process.platform);
        show(`callback:${callback.id}`, new Notification({ title, body }), true);
      }
    }
    const { started, stopped } = ringing.update(snapshot.calls);
    for (const id of stopped) kept.close(`call:${id}`);
    if (!started.length) return;
    const window = uiWindow();
    const seen = window !== null && !window.isDestroyed() && window.isVisible() && !window.isMinimized() && window.isFocused();
    if (seen) return;
    const language = alertLanguage(snapshot.settings.ui.language, systemLocale());
    for (const call of started) {
      const { title, body } = ringAlertText(call, language, process.platform);
      show(`call:${call.id}`, new Notification({ title, body, silent: true, urgency: 'critical' }), false);
    }
  });

  return () => {
    off();
    kept.closeAll();
  };
}
