import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { ErrorLog } from '../api/router';
import type { EngineLink } from './engine';
import { APP_HOST, APP_SCHEME, EVENT_CHANNEL, channelOf } from './channels';

const refused: Result<never, WireError> = {
  ok: false,
  error: { kind: 'PermissionDenied', message: 'this frame may not call wgdesk' },
};

/**
 * True only for the top frame of the main window showing our app:// page. An
 * iframe, a navigated-away frame or any other window is refused, like VS Code's
 * validated IPC handlers do.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow): boolean {
  const frame = event.senderFrame;
  if (frame === null || win.isDestroyed()) return false;
  if (event.sender.id !== win.webContents.id) return false;
  const top = win.webContents.mainFrame;
  // Compared by ids, not object identity: the frame objects are wrappers.
  if (frame.parent !== null || frame.processId !== top.processId) return false;
  if (frame.routingId !== top.routingId) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * One `ipcMain.handle` per contract method, channel derived from the name, each
 * checking its sender before the router sees anything. Returns the undo.
 */
export function bindIpc(engine: EngineLink, win: BrowserWindow, log: ErrorLog): () => void {
  const channels: string[] = [];
  for (const method of engine.methods) {
    const channel = channelOf(method);
    channels.push(channel);
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, params: unknown) => {
      if (!isTrustedSender(event, win)) {
        log(`refused ${method} from ${event.senderFrame?.url ?? 'a destroyed frame'}`, undefined);
        return refused;
      }
      return engine.call(method, params);
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}

/** Pushes every event to the window on the one event channel. Returns the unsubscribe. */
export function forwardEvents(engine: EngineLink, win: BrowserWindow): () => void {
  return engine.subscribe((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, { name, payload });
  });
}
