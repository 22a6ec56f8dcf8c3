import type { Result } from '../../shared/result';
import type { WireError } from '../../shared/errors';
import type { LinkState, Transport } from './transport';

/**
 * What the Electron preload exposes on `window.wgdesk` (contextBridge). It is
 * named functions only: the page never sees ipcRenderer or a channel name.
 */
export interface PreloadBridge {
  call(method: string, params: unknown, box?: number): Promise<Result<unknown, WireError>>;
  onEvent(listener: (name: string, payload: unknown, box: number | undefined) => void): () => void;
}

declare global {
  interface Window {
    /** Present only inside the Electron window; absent in a browser on `wgdesk serve`. */
    readonly wgdesk?: PreloadBridge;
  }
}

const OPEN: LinkState = { kind: 'open' };

/** The IPC link lives as long as the window does: it is always open. */
export function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    call: (method, params, box) => bridge.call(method, params, box),
    subscribe: (listener) => bridge.onEvent(listener),
    watchLink(listener) {
      listener(OPEN);
      return () => undefined;
    },
  };
}
