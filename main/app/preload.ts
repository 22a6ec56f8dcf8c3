// The window's preload (sandboxed, context-isolated). It exposes two named
// functions and nothing else: never ipcRenderer, never a channel name, never Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isMethodName } from '../../shared/contract';
import { isBoxMethodName } from '../../shared/contract/boxes';
import type { WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { EVENT_CHANNEL, channelOf } from './channels';

/**
 * Refuses any name that is not a contract method (or a desktop `boxes.*`
 * method) before it reaches IPC; `box` names the box the call is for.
 */
function call(method: unknown, params: unknown, box: unknown): Promise<Result<unknown, WireError>> {
  if (typeof method !== 'string' || !(isMethodName(method) || isBoxMethodName(method))) {
    // The same answer the router gives, so the page handles both transports alike.
    const shown = typeof method === 'string' ? method.slice(0, 64) : typeof method;
    return Promise.resolve({
      ok: false,
      error: { kind: 'InvalidInput', message: `method: unknown method ${shown}`, field: 'method' },
    });
  }
  const target = typeof box === 'number' ? box : undefined;
  return ipcRenderer.invoke(channelOf(method), params, target) as Promise<
    Result<unknown, WireError>
  >;
}

type Listener = (name: string, payload: unknown, box: number | undefined) => void;

function onEvent(listener: Listener): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEvent takes a function');
  // Only name, payload and box reach the page: the IPC event object (with `sender`) stays here.
  const forward = (
    _e: IpcRendererEvent,
    message: { name: string; payload: unknown; box?: number },
  ): void => listener(message.name, message.payload, message.box);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

contextBridge.exposeInMainWorld('wgdesk', {
  call: (method: unknown, params: unknown, box?: unknown) => call(method, params, box),
  onEvent,
});
