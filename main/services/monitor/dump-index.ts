// Each interface's dump, by public key, for the poll to find a peer's line
// (issue 17). The maps live from poll to poll: a new 10k-key map every second
// was garbage the collector paid for, while a dump lists almost always the
// peers it listed last time (in any order: wireguard-go walks a Go map), so
// setting their entries again reuses every slot. They hold positions, not
// the peers: a dump's objects must die young, not be kept a poll and
// promoted to the old heap. (The keys are kept: the parsers hand back the
// same key strings from dump to dump, see dump.ts and uapi-blocks.ts.)
//
// issue 17, 50k peers: hashing every key into the map and looking every
// peer up by its key were ~56 ms of a changing poll. A dump lists the peers
// in the same order from poll to poll (`wg`'s does; wireguard-go's socket
// does not, but its parser keeps the last result's order, uapi-blocks.ts),
// and the poll asks for its peers in the same order as last time (the
// table's), so: a dump whose keys are the very ones of the last dump, where
// they were, keeps the map as it was; and
// the n-th question of a poll is first checked against the line that
// answered the n-th question last time, by comparing strings that are
// usually the same objects, before the map is asked. A dump in a new order
// costs what it did before, plus a string compare per peer.
import type { ObservedInterface, ObservedPeer } from '../../wireguard';

export type DumpLookup = (publicKey: string) => ObservedPeer | undefined;

interface Positions {
  /** Each key's last line in the last dump. */
  readonly at: Map<string, number>;
  /** The last dump's keys, by line. */
  readonly keys: string[];
  /**
   * Whether the map is known to hold exactly this dump's keys (no key of an
   * earlier dump left), and then whether no key is listed twice: only then
   * is a line found with the key the answer without asking the map.
   */
  exact: boolean;
  unique: boolean;
  /** By the order of the questions of the last poll: the key asked, its line, that line's key. */
  readonly asked: string[];
  readonly line: number[];
  readonly lineKey: string[];
  /** How many questions the last poll asked: what lies past that is dropped. */
  asks: number;
}

export class DumpIndex {
  readonly #byName = new Map<string, Positions>();
  readonly #round = new Set<string>();

  /** This poll's peers of `name` by key: exactly those `observed` lists (none when undefined). */
  of(name: string, observed: ObservedInterface | undefined): DumpLookup {
    this.#round.add(name);
    let pos = this.#byName.get(name);
    if (pos === undefined) {
      pos = {
        at: new Map(),
        keys: [],
        exact: true,
        unique: true,
        asked: [],
        line: [],
        lineKey: [],
        asks: 0,
      };
      this.#byName.set(name, pos);
    }
    forgetPast(pos);
    const peers = observed?.peers ?? [];
    if (!sameKeys(pos.keys, peers)) reindex(pos, peers);
    // The same lines a second time: worth making sure of the map, once.
    else if (!pos.exact) makeExact(pos, peers);
    const { at, asked, line, lineKey, exact } = pos;
    const guessing = exact && pos.unique;
    const p = pos;
    return (key) => {
      const q = p.asks++;
      const i = guessing ? (line[q] ?? -1) : -1;
      const guess = i >= 0 && asked[q] === key ? peers[i] : undefined;
      // The key of that line then and the key of this line now: one string when it did not change.
      if (guess !== undefined && guess.publicKey === lineKey[q]) return guess;
      let found = at.get(key);
      if (!exact) {
        // An entry left from an earlier dump points at another key's line.
        if (found !== undefined && peers[found]?.publicKey !== key) found = undefined;
        // A dump in a new order: its lines are no guide to the next one's.
        return found === undefined ? undefined : peers[found];
      }
      asked[q] = key;
      line[q] = found ?? -1;
      lineKey[q] = found === undefined ? '' : (peers[found]?.publicKey ?? '');
      return found === undefined ? undefined : peers[found];
    };
  }

  /** After a poll: forgets the interfaces it did not look at (deleted meanwhile). */
  done(): void {
    for (const name of this.#byName.keys()) if (!this.#round.has(name)) this.#byName.delete(name);
    this.#round.clear();
  }
}

/** Whether the dump lists exactly `keys`, line by line (most polls: the same strings). */
function sameKeys(keys: readonly string[], peers: readonly ObservedPeer[]): boolean {
  if (keys.length !== peers.length) return false;
  for (let i = 0; i < peers.length; i++) if (peers[i]?.publicKey !== keys[i]) return false;
  return true;
}

/** The questions of a poll before the last one that the last did not ask again (peers gone). */
function forgetPast(pos: Positions): void {
  const n = pos.asks;
  if (pos.asked.length > n) {
    pos.asked.length = n;
    pos.line.length = n;
    pos.lineKey.length = n;
  }
  pos.asks = 0;
}

/**
 * A dump with other keys or in another order. Every listed key is set: more
 * entries than lines means keys of an earlier dump are left, so it starts
 * over (and is then exact). As many entries as lines is the usual case (the
 * same peers in a new order, every poll on wireguard-go's socket): none is
 * left unless a key is listed twice, which is not checked now but where it
 * matters (makeExact, and each answer in the meantime).
 */
function reindex(pos: Positions, peers: readonly ObservedPeer[]): void {
  const { at, keys } = pos;
  index(at, peers);
  pos.exact = at.size !== peers.length;
  if (pos.exact) {
    at.clear();
    index(at, peers);
  }
  pos.unique = at.size === peers.length;
  keys.length = peers.length;
  for (let i = 0; i < peers.length; i++) keys[i] = peers[i]?.publicKey ?? '';
}

/** Each line's key finds that line (a key listed twice finds its later line), or the map starts over. */
function makeExact(pos: Positions, peers: readonly ObservedPeer[]): void {
  const { at } = pos;
  for (let i = 0; i < peers.length; i++) {
    if (at.get(peers[i]?.publicKey ?? '') === i) continue;
    at.clear();
    index(at, peers);
    break;
  }
  pos.exact = true;
  pos.unique = at.size === peers.length;
}

/** A key listed twice: the last line wins, as it always did. */
function index(at: Map<string, number>, peers: readonly ObservedPeer[]): void {
  for (let i = 0; i < peers.length; i++) at.set(peers[i]?.publicKey ?? '', i);
}
