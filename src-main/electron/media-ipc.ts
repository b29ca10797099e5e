/**
 * Main's end of the media bridge in Electron: the hidden media window is the media end. Only
 * that window's main frame, on our origin, may speak on the media channels.
 */
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { mediaCapabilitiesSchema } from '../contract';
import type { Logger } from '../core/log';
import type { MediaBridge } from '../core/media/media-bridge';
import { RelayMediaChannel } from '../core/media/relay-channel';
import { senderProblem } from './policy';

export function connectMediaIpc(bridge: MediaBridge, mediaContents: () => WebContents | null, logger: Logger): () => void {
  let channel: RelayMediaChannel | null = null;

  const fromMediaWindow = (event: IpcMainEvent): boolean => {
    const media = mediaContents();
    let frameUrl: string | null = null;
    let isMainFrame = false;
    try {
      frameUrl = event.senderFrame?.url ?? null;
      isMainFrame = event.senderFrame?.parent === null;
    } catch {
      // A disposed frame is refused below.
    }
    const problem = senderProblem({ senderId: event.sender.id, uiId: media && !media.isDestroyed() ? media.id : null, frameUrl, isMainFrame });
    if (problem) logger.log('warn', 'refused a media message', { problem: problem.replace('UI window', 'media window') });
    return problem === null;
  };

  const onHello = (event: IpcMainEvent, raw: unknown) => {
    if (!fromMediaWindow(event)) return;
    const capabilities = mediaCapabilitiesSchema.safeParse(raw);
    if (!capabilities.success) return;
    channel?.close();
    const contents = event.sender;
    const current = new RelayMediaChannel(capabilities.data, (seq, request) => {
      if (!contents.isDestroyed()) contents.send('media:request', seq, request);
    });
    channel = current;
    // A reload or crash of the media window ends this media end; the new page says hello again.
    const gone = () => current.close();
    contents.once('did-start-navigation', gone);
    contents.once('render-process-gone', gone);
    contents.once('destroyed', gone);
    bridge.attach(current);
    logger.log('info', 'the media window attached as media end', capabilities.data);
  };
  const onReply = (event: IpcMainEvent, raw: unknown) => {
    if (fromMediaWindow(event)) channel?.reply(raw);
  };
  const onEvent = (event: IpcMainEvent, raw: unknown) => {
    if (fromMediaWindow(event)) channel?.event(raw);
  };

  ipcMain.on('media:hello', onHello);
  ipcMain.on('media:reply', onReply);
  ipcMain.on('media:event', onEvent);
  return () => {
    ipcMain.off('media:hello', onHello);
    ipcMain.off('media:reply', onReply);
    ipcMain.off('media:event', onEvent);
    channel?.close();
  };
}
