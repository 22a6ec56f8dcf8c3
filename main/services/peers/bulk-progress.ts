import type { InterfaceId } from '../../store';
import { generateKeyPairs, type KeyPair } from '../../wireguard';
import type { ServiceContext } from '../context';

/** About this many pushes per bulk create, however large: 10,000 peers move in 5 % steps. */
const STEPS = 20;
/** A small bulk still pushes per chunk, but never one push per peer. */
const MIN_CHUNK = 25;

/**
 * The key pairs of a bulk create, made chunk by chunk with a
 * `peers.bulkProgress` push after each (issue 15, point 11): making the keys
 * is the part of a bulk create that grows with its size before anything is
 * stored, and one call that answers only at its end would leave the window
 * with nothing to count. Storing and the kernel step follow "total of total".
 * Made in parts of these sizes, one after the other, each part's promise
 * settling as soon as it is made: the caller may hand a part to the kernel
 * while the next ones are made.
 */
export function keyPairsWithProgress(
  ctx: ServiceContext,
  interfaceId: InterfaceId,
  sizes: readonly number[],
): Promise<KeyPair[]>[] {
  const total = sizes.reduce((sum, n) => sum + n, 0);
  const chunk = Math.max(MIN_CHUNK, Math.ceil(total / STEPS));
  let done = 0;
  const make = async (count: number): Promise<KeyPair[]> => {
    const pairs: KeyPair[] = [];
    while (pairs.length < count) {
      const made = await generateKeyPairs(Math.min(chunk, count - pairs.length));
      for (const p of made) pairs.push(p);
      done += made.length;
      ctx.events('peers.bulkProgress', { interfaceId, done, total });
    }
    return pairs;
  };
  ctx.events('peers.bulkProgress', { interfaceId, done: 0, total });
  let previous: Promise<unknown> = Promise.resolve();
  return sizes.map((count) => {
    const part = previous.then(() => make(count));
    // A part may be awaited only once the kernel has taken the one before, or not at
    // all when that failed: its failure is the caller's to read then, not an unhandled one.
    part.catch(() => undefined);
    previous = part;
    return part;
  });
}
