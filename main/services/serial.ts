/**
 * Runs kernel-changing work one at a time per interface. The database write
 * and the kernel step of one change must not interleave with another change's:
 * a `wg syncconf` built from a snapshot taken before a concurrent create would
 * remove the peer that create had just added. The api router also serializes
 * mutating methods, but startup, the monitor and tests call services directly.
 */
export class KeyedQueue {
  readonly #tails = new Map<number, Promise<unknown>>();

  run<T>(key: number, fn: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    const result = before.then(fn, fn);
    // The chain continues whether this one failed or not; its error goes to its caller.
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
