// Each interface's dump, by public key, for the poll to find a peer's line
// (issue 17). The maps live from poll to poll: rebuilding a 10k-key map every
// second was garbage the collector paid for, while the peers a dump lists
// are almost always the ones it listed last time, so setting their entries
// again reuses every slot.
import type { ObservedInterface, ObservedPeer } from '../../wireguard';

export class DumpIndex {
  readonly #byName = new Map<string, Map<string, ObservedPeer>>();
  readonly #round = new Set<string>();

  /** This poll's peers of `name` by key: exactly those `observed` lists (none when undefined). */
  of(name: string, observed: ObservedInterface | undefined): ReadonlyMap<string, ObservedPeer> {
    this.#round.add(name);
    let index = this.#byName.get(name);
    if (index === undefined) {
      index = new Map();
      this.#byName.set(name, index);
    }
    const peers = observed?.peers ?? [];
    for (const p of peers) index.set(p.publicKey, p);
    // Every listed key is in, so equal sizes mean no key of an earlier dump is left.
    if (index.size === peers.length) return index;
    index.clear();
    for (const p of peers) index.set(p.publicKey, p);
    return index;
  }

  /** After a poll: forgets the interfaces it did not look at (deleted meanwhile). */
  done(): void {
    for (const name of this.#byName.keys()) if (!this.#round.has(name)) this.#byName.delete(name);
    this.#round.clear();
  }
}
