// What renderer/bench/probe.ts records in the page, read by
// bench/renderer.bench.ts in Node: plain data, no DOM types, so both sides
// can import it. Times are milliseconds on the page's performance clock.

export interface FirstRender {
  /** performance.now() when the peers.list frame arrived. */
  readonly arrivedAt: number;
  /** The app's handler of that frame (JSON parse, resolving the call). */
  readonly handlerMs: number;
  /** From arrival until rows were in the DOM (committed). */
  readonly committedMs: number;
  /** From arrival until the frame with the rows was painted. */
  readonly paintedMs: number;
}

export interface PushTiming {
  readonly bytes: number;
  readonly peers: number;
  /** The handler's JSON.parse of the frame: the decode. */
  readonly parseMs: number;
  /** The app's handler alone: JSON parse and store update (the store's subscribers' selectors included). */
  readonly handlerMs: number;
  /** Handler plus React's commit: the main-thread cost of applying the push. */
  readonly applyMs: number;
  /** From arrival until the next frame was painted (style, layout, paint included). */
  readonly paintedMs: number;
}

export interface Probe {
  firstRender: FirstRender | null;
  readonly pushes: PushTiming[];
}

/**
 * Hands a frame to the app's socket handler as if main had sent it, timed as
 * any push (issue 17: a push whose counters all move cannot be made with the
 * bench's idle peers). Installed by the probe as `window.wgdeskInject`.
 */
export type Inject = (frame: string) => void;
