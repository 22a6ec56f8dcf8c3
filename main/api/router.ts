import { METHODS, isMethodName, parseParams, type MethodName } from '../../shared/contract';
import { AppError, invalidInput, type WireError } from '../../shared/errors';
import { serialQueue } from '../../shared/queue';
import { err, ok, type Result } from '../../shared/result';
import type { Caller } from '../services/context';
import type { Handlers } from './types';

/** Where unexpected errors go: the process log, never the client (they may hold secrets). */
export type ErrorLog = (context: string, error: unknown) => void;

/** The handlers for one caller: handler sets are built per caller so services can audit who asked. */
export type HandlersFor = (caller: Caller) => Handlers;

export interface RouterOptions {
  readonly log: ErrorLog;
  /**
   * Parse every result with the contract's result schema and turn a mismatch
   * into Internal. For development and tests: a handler that drifts from the
   * contract fails loudly there instead of confusing the renderer.
   */
  readonly validateResults?: boolean;
}

export interface Router {
  /** Never rejects: every outcome, including a bug, is a Result. */
  call(method: string, rawParams: unknown, caller: Caller): Promise<Result<unknown, WireError>>;
  /** Every method the router answers: exactly the contract's. */
  readonly methods: readonly MethodName[];
}

export const INTERNAL_MESSAGE = 'internal error (see the wgdesk log)';

/**
 * The one object that implements the contract for every transport (IPC,
 * WebSocket, CLI). It validates params before any handler runs, turns thrown
 * AppErrors into envelopes, hides every other error behind a fixed message, and
 * runs mutating methods one at a time so two windows never interleave kernel
 * changes (reads run concurrently: SQLite and `wg show` don't need the queue).
 */
export function createRouter(handlers: Handlers | HandlersFor, opts: RouterOptions): Router {
  const perCaller = new Map<string, Handlers>();
  const handlersOf = (caller: Caller): Handlers => {
    if (typeof handlers !== 'function') return handlers;
    let set = perCaller.get(caller.actor);
    if (set === undefined) {
      set = handlers(caller);
      perCaller.set(caller.actor, set);
    }
    return set;
  };
  const queue = serialQueue();

  async function invoke(
    method: MethodName,
    rawParams: unknown,
    caller: Caller,
  ): Promise<Result<unknown, WireError>> {
    const def = METHODS[method];
    const params = parseParams(def.params, rawParams);
    if (!params.ok) return err(params.error.toWire());
    // TypeScript cannot correlate METHODS[m].params with Handlers[m] for a
    // runtime `m` (microsoft/TypeScript#30581); the parse above is what makes
    // this widening sound: the handler gets exactly its own schema's output.
    const handler = handlersOf(caller)[method] as (params: unknown) => Promise<unknown>;
    const run = async (): Promise<Result<unknown, WireError>> => {
      try {
        const value = await handler(params.value);
        if (opts.validateResults === true) {
          const checked = def.result.safeParse(value);
          if (!checked.success) {
            opts.log(`${method} returned a result that breaks the contract`, checked.error);
            return err({ kind: 'Internal', message: INTERNAL_MESSAGE });
          }
        }
        return ok(value);
      } catch (e) {
        if (e instanceof AppError) return err(e.toWire());
        opts.log(`${method} failed (caller ${caller.actor})`, e);
        return err({ kind: 'Internal', message: INTERNAL_MESSAGE });
      }
    };
    return def.mutates ? queue(run) : run();
  }

  return {
    methods: Object.keys(METHODS).filter(isMethodName),
    call(method, rawParams, caller) {
      if (!isMethodName(method)) {
        const shown = method.length > 64 ? `${method.slice(0, 64)}…` : method;
        return Promise.resolve(err(invalidInput('method', `unknown method ${shown}`).toWire()));
      }
      return invoke(method, rawParams, caller);
    },
  };
}
