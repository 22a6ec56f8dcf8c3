import {
  METHODS,
  parseParams,
  type MethodName,
  type ParamsIn,
  type ResultOf,
} from '../../shared/contract';
import type { Client } from '../api/client';
import { ClientError } from '../api/errors';
import type { AppStore } from '../store';

/** Saving what an action fetched (a .conf, a zip): the page's <a download>, or a test's recorder. */
export interface Files {
  text(filename: string, text: string): void;
  base64(filename: string, base64: string, mime: string): void;
}

/** One call to main, its params checked first. */
export type Send = <M extends MethodName>(method: M, params: ParamsIn<M>) => Promise<ResultOf<M>>;

/** What every group of actions works with. */
export interface ActionContext {
  readonly send: Send;
  /** For what only the page knows (notices, where it is): main's data arrives by store/sync.ts. */
  readonly store: AppStore;
  readonly files: Files;
}

/**
 * Checks the params with the contract's own schema before calling: the
 * validators are the ones main runs, so a bad field gets the message main
 * would give, next to that field, without a round trip.
 */
export function sender(client: Client): Send {
  return (method, params) => {
    const r = parseParams(METHODS[method].params, params);
    if (!r.ok) return Promise.reject(ClientError.fromWire(r.error.toWire()));
    return client.call(method, params);
  };
}
