import type { Result } from '../../shared/result';
import type { WireError } from '../../shared/errors';

/** Where the link to main stands; the UI shows a banner for anything but `open`. */
export type LinkState =
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'open' }
  | { readonly kind: 'waiting'; readonly retryInMs: number; readonly attempt: number }
  /** The server refused us (wrong or missing token): retrying cannot help. */
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * How the page reaches main. Two implementations exist: the preload's named
 * functions (Electron IPC, ipc.ts) and a WebSocket (wgdesk serve, ws.ts). The
 * page code above this line never knows which one it has.
 */
export interface Transport {
  /** `box`: one of the desktop's boxes (main routes the call there); none: this machine. */
  call(method: string, params: unknown, box?: number): Promise<Result<unknown, WireError>>;
  /** Every event, with the box it comes from (undefined: this machine, or the desktop's own). */
  subscribe(
    listener: (event: string, payload: unknown, box: number | undefined) => void,
  ): () => void;
  /**
   * Link state changes. Called at once with the current state. After a
   * reconnect the page reloads what it shows: events sent while the link was
   * down are lost, not replayed.
   */
  watchLink(listener: (state: LinkState) => void): () => void;
}
