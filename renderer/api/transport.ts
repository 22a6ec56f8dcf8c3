import type { Result } from '../../shared/result';
import type { WireError } from '../../shared/errors';

/**
 * How the page reaches main. Two implementations will exist: the preload's
 * named functions (Electron IPC) and a WebSocket (wgdesk serve). The page code
 * above this line never knows which one it has.
 */
export interface Transport {
  call(method: string, params: unknown): Promise<Result<unknown, WireError>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}
