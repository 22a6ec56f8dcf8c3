// Each interface's dump, by public key, for the poll to find a peer's line
// (issue 17). The maps live from poll to poll: a new 10k-key map every second
// was garbage the collector paid for, while a dump lists almost always the
// peers it listed last time (in any order: wireguard-go walks a Go map), so
// setting their entries again reuses every slot. They hold positions, not
// the peers: a dump's objects must die young, not be kept a poll and
// promoted to the old heap.
import type { ObservedInterface, ObservedPeer } from '../../wireguard';

export type DumpLookup = (publicKey: string) => ObservedPeer | undefined;

export class DumpIndex {
  readonly #byName = new Map<string, Map<string, number>>();
  readonly #round = new Set<string>();

  /** This poll's peers of `name` by key: exactly those `observed` lists (none when undefined). */
  of(name: string, observed: ObservedInterface | undefined): DumpLookup {
    this.#round.add(name);
    let at = this.#byName.get(name);
    if (at === undefined) {
      at = new Map();
      this.#byName.set(name, at);
    }
    const peers = observed?.peers ?? [];
    index(at, peers);
    // Every listed key is in, so equal sizes mean no key of an earlier dump is left.
    if (at.size !== peers.length) {
      at.clear();
      index(at, peers);
    }
    const positions = at;
    return (key) => {
      const i = positions.get(key);
      return i === undefined ? undefined : peers[i];
    };
  }

  /** After a poll: forgets the interfaces it did not look at (deleted meanwhile). */
  done(): void {
    for (const name of this.#byName.keys()) if (!this.#round.has(name)) this.#byName.delete(name);
    this.#round.clear();
  }
}

/** A key listed twice: the last line wins, as it always did. */
function index(at: Map<string, number>, peers: readonly ObservedPeer[]): void {
  for (let i = 0; i < peers.length; i++) at.set(peers[i]?.publicKey ?? '', i);
}
