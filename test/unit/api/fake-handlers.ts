// A FAKE handler set: the router is what these tests exercise, so every
// handler is a stub that fails loudly unless a test supplies its own.
import { METHODS } from '../../../shared/contract';
import type { Handlers } from '../../../main/api/types';

export function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const stubs = Object.fromEntries(
    Object.keys(METHODS).map((m) => [m, () => Promise.reject(new Error(`fake: unexpected ${m}`))]),
  );
  // Object.fromEntries loses the per-key types; every contract key is present above.
  return { ...stubs, ...overrides } as Handlers;
}

/** A promise with its resolve function outside, to hold a handler mid-flight. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
