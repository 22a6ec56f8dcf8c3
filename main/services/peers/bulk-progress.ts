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
 */
export async function keyPairsWithProgress(
  ctx: ServiceContext,
  interfaceId: InterfaceId,
  total: number,
): Promise<KeyPair[]> {
  const chunk = Math.max(MIN_CHUNK, Math.ceil(total / STEPS));
  const pairs: KeyPair[] = [];
  ctx.events('peers.bulkProgress', { interfaceId, done: 0, total });
  while (pairs.length < total) {
    const made = await generateKeyPairs(Math.min(chunk, total - pairs.length));
    for (const p of made) pairs.push(p);
    ctx.events('peers.bulkProgress', { interfaceId, done: pairs.length, total });
  }
  return pairs;
}
