import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallView } from '../../src-main/contract';
import { callbackDueAlert } from '../../src-main/shared/callback-due';
import { browserNotifications, DueCallbacks, RingNotifier } from '../notify/ringNotifications';
import { selectAppInfo } from '../store/selectors/app';
import { useAnlauf } from '../store/react';

/**
 * Browser host only: a system notification for each call that starts ringing, and each callback
 * that falls due, while the page is hidden; and the permission question on the agent's first
 * click in the page.
 */
export function RingNotifications() {
  const { t } = useTranslation();
  const host = useAnlauf(selectAppInfo)?.host;
  const calls = useAnlauf((s) => s.phone.calls);
  const notifier = useRef<RingNotifier | null>(null);
  const translate = useRef(t);
  translate.current = t;

  useEffect(() => {
    const api = host === 'web' ? browserNotifications() : null;
    if (!api) return;
    const text = (call: CallView) => {
      const t = translate.current;
      const caller = call.remoteName ?? call.remoteNumber;
      const number = call.remoteName ? call.remoteNumber : '';
      const body = [number, call.client ? t('notify.forClient', { client: call.client }) : ''].filter(Boolean).join(' · ');
      return { title: t('notify.title', { caller }), body: body || t('notify.bodyPlain') };
    };
    const current = new RingNotifier({ api, isHidden: () => document.hidden, text, focus: () => window.focus() });
    notifier.current = current;
    const askOnce = () => {
      if (api.permission === 'default') api.requestPermission().catch(() => undefined);
    };
    const onVisible = () => {
      if (!document.hidden) current.closeAll();
    };
    document.addEventListener('pointerdown', askOnce, { once: true });
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('pointerdown', askOnce);
      document.removeEventListener('visibilitychange', onVisible);
      current.closeAll();
      notifier.current = null;
    };
  }, [host]);

  useEffect(() => {
    notifier.current?.update(calls);
  }, [calls, host]);

  // A callback that falls due while the page is hidden: a system notification that opens the list.
  const callbacks = useAnlauf((s) => s.callbacks.list);
  const showTab = useAnlauf((s) => s.showWorkspaceTab);
  const dueCallbacks = useRef(new DueCallbacks());
  useEffect(() => {
    const fresh = dueCallbacks.current.update(callbacks);
    const api = host === 'web' ? browserNotifications() : null;
    if (!api || !fresh.length || !document.hidden || api.permission !== 'granted') return;
    for (const callback of fresh) {
      const t = translate.current;
      const { title, body } = callbackDueAlert(callback, { title: (who) => t('notify.callbackTitle', { who }), plain: t('notify.callbackPlain') });
      try {
        const shown = api.show(title, {
          body,
          tag: `callback-${callback.id}`,
        });
        shown.onclick = () => {
          window.focus();
          showTab('callbacks');
          shown.close();
        };
      } catch {
        // Notifications only from a service worker in this browser: the badge in the phone bar remains.
      }
    }
  }, [callbacks, host, showTab]);

  return null;
}
