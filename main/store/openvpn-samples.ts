// OpenVPN identities' traffic history (issue 14): bytes per minute and per
// hour, with the rules of a peer's (samples.ts), keyed by the identity
// (common name or username) on its server.
import type { Db } from './db';
import type { OpenVpnServerId } from './openvpn';
import { BucketTable, type Bucket, type Resolution } from './samples';

/** One identity's bytes: rx received by the server from the client, tx sent to it. */
export interface IdentityDelta {
  readonly serverId: OpenVpnServerId;
  readonly identity: string;
  readonly rx: number;
  readonly tx: number;
}

function statements(db: Db) {
  return {
    ensure: db.prepare<[number, string]>(
      `INSERT OR IGNORE INTO openvpn_identities (server_id, name) VALUES (?, ?)`,
    ),
    idOf: db.prepare<[number, string], { id: number }>(
      `SELECT id FROM openvpn_identities WHERE server_id = ? AND name = ?`,
    ),
  };
}

export class OpenVpnSampleRepo {
  readonly #stmt: ReturnType<typeof statements>;
  readonly #buckets: BucketTable;

  constructor(db: Db) {
    this.#stmt = statements(db);
    this.#buckets = new BucketTable(db, 'openvpn_samples', 'identity_id');
  }

  /** Adds bytes to the minute starting at `minuteStart` (unix s). Inside a transaction. */
  add(minuteStart: number, deltas: readonly IdentityDelta[]): void {
    for (const d of deltas) {
      if (d.rx === 0 && d.tx === 0) continue;
      // An identity nobody was given yet has no row: its history needs one.
      this.#stmt.ensure.run(d.serverId, d.identity);
      const id = this.#stmt.idOf.get(d.serverId, d.identity)?.id;
      if (id !== undefined) this.#buckets.add(id, minuteStart, d.rx, d.tx);
    }
  }

  prune(resolution: Resolution, before: number, maxSpan: number): number {
    return this.#buckets.prune(resolution, before, maxSpan);
  }

  /** An identity's rows of `resolution` in [from, to) (unix s), summed per `group` seconds. */
  series(
    serverId: OpenVpnServerId,
    identity: string,
    resolution: Resolution,
    from: number,
    to: number,
    group: number,
  ): Bucket[] {
    const id = this.#stmt.idOf.get(serverId, identity)?.id;
    return id === undefined ? [] : this.#buckets.series(id, resolution, from, to, group);
  }
}
