// The window's preload (sandboxed, context-isolated). It exposes two named
// functions and nothing else: never ipcRenderer, never a channel name, never Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isMethodName } from '../../shared/contract';
import type { WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { EVENT_CHANNEL, channelOf } from './channels';

/** Refuses any name that is not a contract method before it reaches IPC. */
function call(method: unknown, params: unknown): Promise<Result<unknown, WireError>> {
  if (typeof method !== 'string' || !isMethodName(method)) {
    // The same answer the router gives, so the page handles both transports alike.
    const shown = typeof method === 'string' ? method.slice(0, 64) : typeof method;
    return Promise.resolve({
      ok: false,
      error: { kind: 'InvalidInput', message: `method: unknown method ${shown}`, field: 'method' },
    });
  }
  return ipcRenderer.invoke(channelOf(method), params) as Promise<Result<unknown, WireError>>;
}

function onEvent(listener: (name: string, payload: unknown) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEvent takes a function');
  // Only name and payload reach the page: the IPC event object (with `sender`) stays here.
  const forward = (_e: IpcRendererEvent, message: { name: string; payload: unknown }): void =>
    listener(message.name, message.payload);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

contextBridge.exposeInMainWorld('wgdesk', {
  call: (method: unknown, params: unknown) => call(method, params),
  onEvent,
});
