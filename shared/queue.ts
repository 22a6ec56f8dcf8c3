/**
 * One way to run async work one at a time. Every place that must not let two
 * changes interleave (the api router's writes, the kernel pipeline's
 * per-interface queues, the privileged helper's changes) uses this, so the
 * ordering rule is written once: tasks start in call order, a failed task
 * never stops the next, and its error goes to its own caller.
 */
export class KeyedQueue<K> {
  readonly #tails = new Map<K, Promise<unknown>>();

  /**
   * Runs `task` once every task queued before it on any of `keys` has
   * settled; tasks queued after it on any of those keys wait for it. Taking
   * several keys at once cannot deadlock: a task waits only for tasks queued
   * before it, never while holding a place another task needs first.
   */
  run<T>(keys: K | readonly K[], task: () => Promise<T>): Promise<T> {
    const list = Array.isArray(keys) ? [...new Set<K>(keys as readonly K[])] : [keys as K];
    const before = list.map((k) => this.#tails.get(k)).filter((p) => p !== undefined);
    const start =
      before.length === 0
        ? Promise.resolve()
        : before.length === 1
          ? (before[0] as Promise<unknown>)
          : Promise.all(before);
    const result = start.then(task, task);
    // The chain continues whether this one failed or not.
    const tail = result.catch(() => undefined);
    for (const k of list) this.#tails.set(k, tail);
    void tail.then(() => {
      for (const k of list) if (this.#tails.get(k) === tail) this.#tails.delete(k);
    });
    return result;
  }

  /** Resolves once everything queued so far on these keys (all keys when none given) has settled. */
  async idle(keys?: readonly K[]): Promise<void> {
    const tails =
      keys === undefined ? [...this.#tails.values()] : keys.map((k) => this.#tails.get(k));
    await Promise.all(tails);
  }
}

/** A queue with a single key: everything given to it runs one at a time, in call order. */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  const queue = new KeyedQueue<0>();
  return (task) => queue.run(0, task);
}
