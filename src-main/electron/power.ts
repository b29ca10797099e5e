/**
 * Sleep and lock. After a resume the SIP registration may have expired and the WebSocket to the
 * proxy is likely dead: main.ts has the SIP line re-register from `onResume`, and the line checks
 * its socket with a keep-alive ping at once, reconnects a socket that is down without ending the
calls, and restarts the ICE of calls whose media broke meanwhile (SipLine.refresh).
 */
import { powerMonitor } from 'electron';
import { Emitter } from '../core/events';
import type { Logger } from '../core/log';

export interface PowerEvents {
  /** The machine woke up or the agent unlocked the screen. Returns the unsubscribe. */
  onResume(listener: (reason: 'resume' | 'unlock-screen') => void): () => void;
  /**
   * Linux and macOS are about to shut down or reboot. The shutdown is already delayed (Electron
   * holds it while the handler called preventDefault); the listener must quit as soon as it can.
   * `will-quit` is not emitted on that path.
   */
  onShutdown(listener: () => void): () => void;
}

/** Must be called after the app is ready (powerMonitor is not usable before). */
export function watchPower(logger: Logger): PowerEvents {
  const resumed = new Emitter<'resume' | 'unlock-screen'>();
  const emit = (reason: 'resume' | 'unlock-screen') => {
    logger.log('info', 'power event', { reason });
    resumed.fire(reason);
  };
  powerMonitor.on('resume', () => emit('resume'));
  powerMonitor.on('unlock-screen', () => emit('unlock-screen'));
  powerMonitor.on('suspend', () => logger.log('info', 'power event', { reason: 'suspend' }));
  const shutdown = new Emitter<void>();
  // Typed without the event, but Electron passes one whose preventDefault delays the shutdown.
  powerMonitor.on('shutdown', (event?: { preventDefault?: () => void }) => {
    logger.log('info', 'power event', { reason: 'shutdown' });
    if (shutdown.size > 0) event?.preventDefault?.();
    shutdown.fire();
  });
  return {
    onResume: (listener) => {
      const subscription = resumed.event(listener);
      return () => subscription.dispose();
    },
    onShutdown: (listener) => {
      const subscription = shutdown.event(listener);
      return () => subscription.dispose();
    },
  };
}
