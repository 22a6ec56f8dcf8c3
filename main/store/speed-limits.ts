// Whether an interface has any speed-limited peer, kept between calls (issue
// 17). The answer is asked after every kernel step of a server's peers (a
// peer created, edited, disconnected…); reading it costs a scan of every
// peer of the server, ~9 ms at 10,000 peers, half of what one `wg set` costs.
//
// An answer is reused only while nothing that could change it has happened:
// a per-connection counter bumped by temporary triggers on the columns it
// is made of (peers' limits, user and server; users' default limits), and
// SQLite's data_version for commits by another connection. As with the used
// networks (used-networks.ts), a rollback does not undo the counter, so the
// store forgets the answers whenever a transaction fails.
import type { Db } from './db';
import type { InterfaceId } from './types';

const counters = new WeakMap<Db, { n: number }>();

function changeCounter(db: Db): { n: number } {
  const known = counters.get(db);
  if (known !== undefined) return known;
  const counter = { n: 0 };
  counters.set(db, counter);
  db.function('wgdesk_speed_limits_changed', { deterministic: false }, () => {
    counter.n += 1;
    return null;
  });
  // A peer of a user may take the user's default limits: its user counts too.
  const limited = (r: 'NEW' | 'OLD') =>
    `${r}.bandwidth_down_kbps IS NOT NULL OR ${r}.bandwidth_up_kbps IS NOT NULL OR ${r}.user_id IS NOT NULL`;
  db.exec(`
    CREATE TEMP TRIGGER IF NOT EXISTS wgdesk_limits_peer_insert AFTER INSERT ON main.peers
      WHEN ${limited('NEW')}
      BEGIN SELECT wgdesk_speed_limits_changed(); END;
    CREATE TEMP TRIGGER IF NOT EXISTS wgdesk_limits_peer_update
      AFTER UPDATE OF bandwidth_down_kbps, bandwidth_up_kbps, user_id, interface_id ON main.peers
      WHEN OLD.bandwidth_down_kbps IS NOT NEW.bandwidth_down_kbps
        OR OLD.bandwidth_up_kbps IS NOT NEW.bandwidth_up_kbps
        OR OLD.user_id IS NOT NEW.user_id OR OLD.interface_id IS NOT NEW.interface_id
      BEGIN SELECT wgdesk_speed_limits_changed(); END;
    CREATE TEMP TRIGGER IF NOT EXISTS wgdesk_limits_peer_delete AFTER DELETE ON main.peers
      WHEN ${limited('OLD')}
      BEGIN SELECT wgdesk_speed_limits_changed(); END;
    CREATE TEMP TRIGGER IF NOT EXISTS wgdesk_limits_user_update
      AFTER UPDATE OF bandwidth_down_kbps, bandwidth_up_kbps ON main.users
      WHEN OLD.bandwidth_down_kbps IS NOT NEW.bandwidth_down_kbps
        OR OLD.bandwidth_up_kbps IS NOT NEW.bandwidth_up_kbps
      BEGIN SELECT wgdesk_speed_limits_changed(); END;`);
  return counter;
}

export class SpeedLimitsCache {
  readonly #answers = new Map<InterfaceId, { stamp: string; limited: boolean }>();
  readonly #version;
  readonly #changes: { n: number };

  constructor(db: Db) {
    this.#version = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.#changes = changeCounter(db);
  }

  get(id: InterfaceId, read: () => boolean): boolean {
    const stamp = `${this.#version.get() ?? 0}:${this.#changes.n}`;
    const hit = this.#answers.get(id);
    if (hit !== undefined && hit.stamp === stamp) return hit.limited;
    const limited = read();
    this.#answers.set(id, { stamp, limited });
    return limited;
  }

  clear(): void {
    this.#answers.clear();
  }
}
