/**
 * The IPC adapter: one `ipcMain.handle` per contract command (channel = command name), each
 * checking the sender before the Dispatcher parses the payload. Events go to the UI window only.
 * No other channel is ever handled, so a page cannot reach anything the contract does not name.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Dispatcher } from '../api/dispatcher';
import { commandNames } from '../contract';
import type { Logger } from '../core/log';
import { senderProblem, type SenderFacts } from './policy';

/** Reads the facts about a sender; Electron may throw when the frame was just disposed. */
function senderFacts(event: IpcMainInvokeEvent, ui: WebContents | null): SenderFacts {
  let frameUrl: string | null = null;
  let isMainFrame = false;
  try {
    const frame = event.senderFrame;
    if (frame && !frame.isDestroyed()) {
      frameUrl = frame.url;
      isMainFrame = frame.parent === null;
    }
  } catch {
    // Disposed frame: frameUrl stays null and the sender is refused.
  }
  return { senderId: event.sender.id, uiId: ui && !ui.isDestroyed() ? ui.id : null, frameUrl, isMainFrame };
}

/**
 * `uiContents` is asked on every message, so the check follows the UI window it finds at that
 * moment. Returns a function that removes the handlers and the event forwarding again.
 */
export function connectIpc(dispatcher: Dispatcher, uiContents: () => WebContents | null, logger: Logger): () => void {
  for (const command of commandNames) {
    ipcMain.handle(command, async (event, payload: unknown) => {
      const problem = senderProblem(senderFacts(event, uiContents()));
      if (problem) {
        logger.log('warn', 'refused an IPC command', { command, problem, senderId: event.sender.id });
        throw new Error(`${command} refused: ${problem}.`);
      }
      // The DispatchResult goes back as-is; the preload makes {ok:false} a rejected Error.
      return dispatcher.handle(command, payload);
    });
  }

  const unsubscribe = dispatcher.subscribe((eventName, payload) => {
    const ui = uiContents();
    if (ui && !ui.isDestroyed()) ui.send(eventName, payload);
  });

  return () => {
    unsubscribe();
    for (const command of commandNames) ipcMain.removeHandler(command);
  };
}
