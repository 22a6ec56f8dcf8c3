import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { ErrorLog } from '../api/router';
import type { MethodName } from '../../shared/contract';
import type { BoxMethodName } from '../../shared/contract/boxes';
import type { RoutedEngine } from '../api/routes';
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

const badBox: Result<never, WireError> = {
  ok: false,
  error: { kind: 'InvalidInput', message: 'box: must be a box id', field: 'box' },
};

/**
 * One `ipcMain.handle` per contract method and desktop `boxes.*` method,
 * channel derived from the name, each checking its sender before anything
 * else; a call may name a box, and goes through the routing layer
 * (api/routes.ts) like a browser's on `wgdesk serve`. Returns the undo.
 */
export function bindIpc(
  engine: RoutedEngine,
  methods: readonly (MethodName | BoxMethodName)[],
  win: BrowserWindow,
  log: ErrorLog,
): () => void {
  const channels: string[] = [];
  for (const method of methods) {
    const channel = channelOf(method);
    channels.push(channel);
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, params: unknown, box: unknown) => {
      if (!isTrustedSender(event, win)) {
        log(`refused ${method} from ${event.senderFrame?.url ?? 'a destroyed frame'}`, undefined);
        return refused;
      }
      if (box !== undefined && !(Number.isSafeInteger(box) && Number(box) > 0)) return badBox;
      return engine.call(method, params, box === undefined ? undefined : Number(box));
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}

/** Pushes every event, tagged with its box, to the window on the one event channel. */
export function forwardEvents(engine: RoutedEngine, win: BrowserWindow): () => void {
  return engine.subscribe((name, payload, box) => {
    if (win.isDestroyed()) return;
    win.webContents.send(EVENT_CHANNEL, { name, payload, ...(box === undefined ? {} : { box }) });
  });
}
