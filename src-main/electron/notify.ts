/**
 * Incoming calls as system notifications while the agent's window is hidden, minimised or in the
 * background (the agent works in the CRM). Silent: the ringtone already rings from the media
 * window. A click brings the window forward; the notification goes once the call stops ringing.
 */
import { Notification, type BrowserWindow } from 'electron';
import type { Logger } from '../core/log';
import type { Workstation } from '../core/workstation';
import { alertLanguage, callbackAlertText, DueCallbacks, ringAlertText, RingingCalls } from './notify-text';
import { focusWindow } from './windows';

export function notifyIncomingCalls(workstation: Workstation, uiWindow: () => BrowserWindow | null, systemLocale: () => string, logger: Logger): () => void {
  if (!Notification.isSupported()) {
    logger.log('info', 'system notifications are not supported on this desktop');
    return () => undefined;
  }
  const ringing = new RingingCalls();
  const dueCallbacks = new DueCallbacks();
  const shown = new Map<string, Notification>();

  const off = workstation.onState((snapshot) => {
    // A callback that falls due is a promise to a customer: it is shown whether or not the window is seen.
    const due = dueCallbacks.update(snapshot.callbacks);
    if (due.length) {
      const language = alertLanguage(snapshot.settings.ui.language, systemLocale());
      for (const callback of due) {
        const { title, body } = callbackAlertText(callback, language);
        const notification = new Notification({ title, body });
        notification.on('click', () => focusWindow(uiWindow()));
        notification.show();
      }
    }
    const { started, stopped } = ringing.update(snapshot.calls);
    for (const id of stopped) {
      shown.get(id)?.close();
      shown.delete(id);
    }
    if (!started.length) return;
    const window = uiWindow();
    const seen = window !== null && !window.isDestroyed() && window.isVisible() && !window.isMinimized() && window.isFocused();
    if (seen) return;
    const language = alertLanguage(snapshot.settings.ui.language, systemLocale());
    for (const call of started) {
      const { title, body } = ringAlertText(call, language);
      const notification = new Notification({ title, body, silent: true, urgency: 'critical' });
      notification.on('click', () => focusWindow(uiWindow()));
      notification.on('close', () => shown.delete(call.id));
      notification.show();
      shown.set(call.id, notification);
    }
  });

  return () => {
    off();
    for (const notification of shown.values()) notification.close();
    shown.clear();
  };
}
