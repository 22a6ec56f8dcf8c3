// The networks each interface's peers hold, kept between calls. Address
// allocation needs all of them on every peer create; reading them from 10,000
// rows costs ~15 ms, most of what adding one peer to a big server took.
//
// A cached list is used only while nothing that changes it has happened since
// it was read: a per-connection counter bumped by temporary triggers on the
// rows' network columns when their values change (so the monitor's counter
// writes, the audit log and a settings update that rewrites the same networks,
// such as a disconnect, do not count), and SQLite's data_version for commits
// by another connection (`wgdesk api` beside the app). A rollback does not undo the counter, so the
// store forgets the lists whenever a transaction fails.
import type { Cidr } from '../../shared/validate';
import type { Db } from './db';
import type { InterfaceId } from './types';

interface Entry {
  stamp: string;
  nets: readonly Cidr[];
}

/** How far back addedSince looks: one step per insert since the caller's list. */
const MAX_STEPS = 16;

/** One counter per connection, whichever repository objects sit on it. */
const counters = new WeakMap<Db, { n: number }>();

function changeCounter(db: Db): { n: number } {
  let counter = counters.get(db);
  if (counter !== undefined) return counter;
  const c = { n: 0 };
  counter = c;
  counters.set(db, c);
  db.function('wgdesk_peer_networks_changed', { deterministic: false }, () => {
    c.n += 1;
    return null;
  });
  db.exec(`
    CREATE TEMP TRIGGER IF NOT EXISTS wgdesk_peer_nets_insert AFTER INSERT ON main.peers
      BEGIN SELECT wgdesk_peer_networks_changed(); END;
    CREATE TEMP TRIGGER IF NOT EXISTS wgdesk_peer_nets_update
      AFTER UPDATE OF addresses, extra_networks, interface_id ON main.peers
      WHEN OLD.addresses IS NOT NEW.addresses OR OLD.extra_networks IS NOT NEW.extra_networks
        OR OLD.interface_id IS NOT NEW.interface_id
      BEGIN SELECT wgdesk_peer_networks_changed(); END;
    CREATE TEMP TRIGGER IF NOT EXISTS wgdesk_peer_nets_delete AFTER DELETE ON main.peers
      BEGIN SELECT wgdesk_peer_networks_changed(); END;`);
  return counter;
}

export class UsedNetworksCache {
  readonly #entries = new Map<InterfaceId, Entry>();
  /** Which list each extended one was made from, and what it added. */
  readonly #origins = new WeakMap<
    readonly Cidr[],
    { from: readonly Cidr[]; added: readonly Cidr[] }
  >();
  readonly #version;
  readonly #changes: { n: number };

  constructor(db: Db) {
    this.#version = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.#changes = changeCounter(db);
  }

  stamp(): string {
    return `${this.#version.get() ?? 0}:${this.#changes.n}`;
  }

  get(id: InterfaceId, read: () => readonly Cidr[]): readonly Cidr[] {
    const stamp = this.stamp();
    const hit = this.#entries.get(id);
    if (hit !== undefined && hit.stamp === stamp) return hit.nets;
    const nets = read();
    this.#entries.set(id, { stamp, nets });
    return nets;
  }

  /**
   * After inserting peers of `id`: a list that was current at `before` only
   * lacks what was added, so it is extended instead of read again. A new
   * array, because callers may still hold the old one.
   */
  added(id: InterfaceId, before: string, nets: readonly Cidr[]): void {
    const hit = this.#entries.get(id);
    if (hit === undefined || hit.stamp !== before) {
      this.#entries.delete(id);
      return;
    }
    const next = hit.nets.concat(nets);
    this.#origins.set(next, { from: hit.nets, added: nets });
    hit.nets = next;
    hit.stamp = this.stamp();
  }

  /**
   * What was added to the list `earlier` to make the current one, when only
   * `added` made it (issue 17: a caller that keeps what it computed from a
   * list brings it up to date); null when it was read again since.
   */
  addedSince(current: readonly Cidr[], earlier: readonly Cidr[]): readonly Cidr[] | null {
    const parts: (readonly Cidr[])[] = [];
    let list = current;
    for (let step = 0; step < MAX_STEPS; step++) {
      if (list === earlier) return parts.reverse().flat();
      const origin = this.#origins.get(list);
      if (origin === undefined) return null;
      parts.push(origin.added);
      list = origin.from;
    }
    return null;
  }

  clear(): void {
    this.#entries.clear();
  }
}
