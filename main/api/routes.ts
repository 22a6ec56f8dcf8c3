// The one routing layer between a window and the engines it talks to, used
// by the Electron main process and by `wgdesk serve` alike. A call without a
// box goes to this machine's engine; a call with a box id goes to that box's
// link, which speaks the same contract through `wgdesk bridge`; `boxes.*` goes
// to the desk (main/remote/desk.ts), never to a box. Events come back tagged
// with the box they came from, so a window never mixes one box's state with
// another's.
import { isBoxMethodName } from '../../shared/contract/boxes';
import type { WireError } from '../../shared/errors';
import type { Result } from '../../shared/result';

type Answer = Promise<Result<unknown, WireError>>;

/** This machine's engine, as a window reaches it: the router in process, or the service. */
export interface LocalEngine {
  call(method: string, params: unknown): Answer;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

/** An event and where it comes from: a box's id, or undefined for this machine and the desk. */
export type RoutedListener = (name: string, payload: unknown, box: number | undefined) => void;

/** The desktop's boxes, as the routing layer needs them. */
export interface BoxDesk {
  /** A `boxes.*` method. */
  call(method: string, params: unknown): Answer;
  /** A contract method on one box. */
  callBox(box: number, method: string, params: unknown): Answer;
  subscribe(listener: RoutedListener): () => void;
}

export interface RoutedEngine {
  call(method: string, params: unknown, box: number | undefined): Answer;
  subscribe(listener: RoutedListener): () => void;
}

/** Routes by the call's box and method; `desk` null: this engine keeps no boxes. */
export function routed(local: LocalEngine, desk: BoxDesk | null): RoutedEngine {
  return {
    call(method, params, box) {
      if (box !== undefined) {
        return desk ? desk.callBox(box, method, params) : Promise.resolve(noBoxes());
      }
      if (isBoxMethodName(method)) {
        return desk ? desk.call(method, params) : Promise.resolve(noBoxes());
      }
      return local.call(method, params);
    },
    subscribe(listener) {
      const stopLocal = local.subscribe((name, payload) => listener(name, payload, undefined));
      const stopDesk = desk?.subscribe(listener);
      return () => {
        stopLocal();
        stopDesk?.();
      };
    },
  };
}

function noBoxes(): Result<never, WireError> {
  return {
    ok: false,
    error: {
      kind: 'NotFound',
      message: 'this engine keeps no boxes: they are the desktop’s (wgdesk serve --boxes)',
    },
  };
}
