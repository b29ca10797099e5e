/**
 * Incoming calls as system notifications in the browser host, for an agent whose Anlauf tab is
 * in the background. (In Electron, main shows them: src-main/electron/notify.ts.)
 *
 * The browser asks the agent once whether the page may notify; Chrome wants that question to
 * follow a click, so it is asked on the first click anywhere in the page or from the settings
 * dialog. "Denied" is final for the page: the settings dialog says where to change it.
 */
import type { CallbackView, CallView } from '../../src-main/contract';

export interface ShownNotification {
  close(): void;
  onclick: ((event: Event) => unknown) | null;
}

/** The parts of the Notification API we use, so tests can stand in for the browser. */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  show(title: string, options: { body: string; tag: string }): ShownNotification;
}

/** The page's Notification API, or null where there is none (jsdom, insecure origins). */
export function browserNotifications(): NotificationApi | null {
  if (typeof window === 'undefined' || typeof window.Notification !== 'function') return null;
  const Native = window.Notification;
  return {
    get permission() {
      return Native.permission;
    },
    requestPermission: () => Native.requestPermission(),
    show: (title, options) => new Native(title, options),
  };
}

const isRinging = (call: CallView) => call.state === 'ringing' && call.direction === 'inbound';

/** The inbound calls that ring now and did not ring before. */
export function newlyRinging(before: ReadonlySet<string>, calls: readonly CallView[]): CallView[] {
  return calls.filter((call) => isRinging(call) && !before.has(call.id));
}

export interface RingNotifierDeps {
  api: NotificationApi;
  /** Whether the agent cannot see the page now (document.hidden). */
  isHidden(): boolean;
  text(call: CallView): { title: string; body: string };
  /** The agent clicked a notification: bring the page forward. */
  focus(): void;
}

/** Shows a notification when a call starts ringing while the page is hidden; closes it when the ringing ends. */
export class RingNotifier {
  private ringing = new Set<string>();
  private readonly shown = new Map<string, ShownNotification>();

  constructor(private readonly deps: RingNotifierDeps) {}

  update(calls: readonly CallView[]): void {
    const fresh = newlyRinging(this.ringing, calls);
    this.ringing = new Set(calls.filter(isRinging).map((call) => call.id));
    for (const [id, notification] of this.shown) {
      if (this.ringing.has(id)) continue;
      notification.close();
      this.shown.delete(id);
    }
    if (!fresh.length || !this.deps.isHidden() || this.deps.api.permission !== 'granted') return;
    for (const call of fresh) {
      const { title, body } = this.deps.text(call);
      try {
        const notification = this.deps.api.show(title, { body, tag: call.id });
        notification.onclick = () => {
          this.deps.focus();
          notification.close();
        };
        this.shown.set(call.id, notification);
      } catch {
        // Some browsers allow notifications only from a service worker: then there are none.
      }
    }
  }

  /** The page is in front again, or going away: the notifications have done their job. */
  closeAll(): void {
    for (const notification of this.shown.values()) notification.close();
    this.shown.clear();
  }
}

/** Follows the callbacks: which fell due since the last look (each once; not while being dialled). */
export class DueCallbacks {
  private ids = new Set<string>();

  update(callbacks: readonly CallbackView[]): CallbackView[] {
    const due = callbacks.filter((c) => c.due && c.state === 'open');
    const fresh = due.filter((c) => !this.ids.has(c.id));
    this.ids = new Set(due.map((c) => c.id));
    return fresh;
  }
}
