// Per-peer traffic history. Each minute bucket is written at two resolutions at
// once: the minute row (kept 48 h by default) and the hour row it rolls up into
// (kept 90 days). Rolling up while writing means old minutes can simply be
// deleted, and hour-resolution reads never have to re-add minutes.
import type { Db } from './db';
import type { InterfaceId, PeerId } from './types';

export const MINUTE_S = 60;
export const HOUR_S = 3600;
export type Resolution = typeof MINUTE_S | typeof HOUR_S;

/** One peer's bytes in one bucket: rx received by the server from the peer, tx sent to it. */
export interface SampleDelta {
  readonly peerId: PeerId;
  readonly rx: number;
  readonly tx: number;
}

export interface Bucket {
  /** Unix seconds, aligned to the grouping. */
  readonly start: number;
  readonly rx: number;
  readonly tx: number;
}

interface SeriesParams {
  grp: number;
  key: number;
  res: number;
  from: number;
  to: number;
}

/**
 * One table of (key, resolution, bucket_start, rx, tx) rows: a peer's
 * (traffic_samples) or an OpenVPN identity's (openvpn_samples). Same rules
 * for both: each minute goes to its minute row and its hour row, idle
 * minutes are not stored, old rows are pruned a bounded span at a time.
 */
export class BucketTable {
  readonly #stmt: ReturnType<typeof bucketStatements>;

  constructor(
    db: Db,
    table: 'traffic_samples' | 'openvpn_samples',
    key: 'peer_id' | 'identity_id',
  ) {
    this.#stmt = bucketStatements(db, table, key);
  }

  /** Adds one minute's bytes of one key to its minute and hour rows. Inside a transaction. */
  add(key: number, minuteStart: number, rx: number, tx: number): void {
    if (rx === 0 && tx === 0) return; // an idle minute is a gap, read as zero
    this.#stmt.add.run(key, MINUTE_S, minuteStart, rx, tx);
    this.#stmt.add.run(key, HOUR_S, minuteStart - (minuteStart % HOUR_S), rx, tx);
  }

  /** See SampleRepo.prune. */
  prune(resolution: Resolution, before: number, maxSpan: number): number {
    const oldest = this.#stmt.oldest.get(resolution)?.s ?? null;
    if (oldest === null || oldest >= before) return 0;
    return this.#stmt.prune.run(resolution, Math.min(before, oldest + maxSpan)).changes;
  }

  /** One key's rows of `resolution` in [from, to) (unix s), summed per `group` seconds. */
  series(key: number, resolution: Resolution, from: number, to: number, group: number): Bucket[] {
    return this.#stmt.series.all({ grp: group, key, res: resolution, from, to });
  }
}

// Table and column names are the two literals above, never input.
function bucketStatements(db: Db, table: string, key: string) {
  return {
    add: db.prepare<[number, number, number, number, number]>(
      `INSERT INTO ${table} (${key}, resolution, bucket_start, rx, tx)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (${key}, resolution, bucket_start)
       DO UPDATE SET rx = rx + excluded.rx, tx = tx + excluded.tx`,
    ),
    oldest: db.prepare<[number], { s: number | null }>(
      `SELECT min(bucket_start) AS s FROM ${table} WHERE resolution = ?`,
    ),
    prune: db.prepare<[number, number]>(
      `DELETE FROM ${table} WHERE resolution = ? AND bucket_start < ?`,
    ),
    // `group` is a multiple of the resolution; buckets are grouped by their start.
    series: db.prepare<SeriesParams, Bucket>(
      `SELECT bucket_start - bucket_start % @grp AS start, sum(rx) AS rx, sum(tx) AS tx
       FROM ${table}
       WHERE ${key} = @key AND resolution = @res AND bucket_start >= @from
         AND bucket_start < @to
       GROUP BY 1 ORDER BY 1`,
    ),
  };
}

interface InterfaceSeriesParams {
  grp: number;
  iface: number;
  res: number;
  from: number;
  to: number;
}

function statements(db: Db) {
  return {
    // issue 15: a server's series, its peers' rows summed per bucket (same
    // CROSS JOIN order as interfaceTotal below, for the same reason).
    interfaceSeries: db.prepare<InterfaceSeriesParams, Bucket>(
      `SELECT s.bucket_start - s.bucket_start % @grp AS start, sum(s.rx) AS rx, sum(s.tx) AS tx
       FROM peers p CROSS JOIN traffic_samples s
       WHERE p.interface_id = @iface AND s.peer_id = p.id AND s.resolution = @res
         AND s.bucket_start >= @from AND s.bucket_start < @to
       GROUP BY 1 ORDER BY 1`,
    ),
    // CROSS JOIN keeps peers as the outer loop: the interface's peers come from
    // UNIQUE (interface_id, public_key), then each one's rows from the primary
    // key, instead of walking every peer's samples by age.
    interfaceTotal: db.prepare<[number, number, number, number], { rx: number; tx: number }>(
      `SELECT coalesce(sum(s.rx), 0) AS rx, coalesce(sum(s.tx), 0) AS tx
       FROM peers p CROSS JOIN traffic_samples s
       WHERE p.interface_id = ? AND s.peer_id = p.id AND s.resolution = ?
         AND s.bucket_start >= ? AND s.bucket_start < ?`,
    ),
  };
}

export class SampleRepo {
  readonly #stmt: ReturnType<typeof statements>;
  readonly #buckets: BucketTable;

  constructor(db: Db) {
    this.#stmt = statements(db);
    this.#buckets = new BucketTable(db, 'traffic_samples', 'peer_id');
  }

  /**
   * Adds one minute's deltas to their minute row and their hour row (rows are
   * summed with what is there: a restart within the minute loses nothing).
   * Run it inside a transaction: thousands of upserts commit together.
   */
  add(minuteStart: number, deltas: readonly SampleDelta[]): void {
    for (const d of deltas) this.#buckets.add(d.peerId, minuteStart, d.rx, d.tx);
  }

  /**
   * Deletes rows of one resolution older than `before` (unix s), at most
   * `maxSpan` seconds of history per call so that catching up after a long
   * pause never holds the database (and the event loop) for long. Returns how
   * many rows went.
   */
  prune(resolution: Resolution, before: number, maxSpan: number): number {
    return this.#buckets.prune(resolution, before, maxSpan);
  }

  /** A peer's rows of `resolution` in [from, to) (unix s), summed per `group` seconds. */
  series(
    peerId: PeerId,
    resolution: Resolution,
    from: number,
    to: number,
    group: number,
  ): Bucket[] {
    return this.#buckets.series(peerId, resolution, from, to, group);
  }

  /** issue 15: an interface's peers' rows of `resolution` in [from, to) (unix s), summed per `group` seconds. */
  interfaceSeries(
    interfaceId: InterfaceId,
    resolution: Resolution,
    from: number,
    to: number,
    group: number,
  ): Bucket[] {
    return this.#stmt.interfaceSeries.all({
      grp: group,
      iface: interfaceId,
      res: resolution,
      from,
      to,
    });
  }

  /** Bytes of every peer of an interface in [from, to) (unix s), from rows of `resolution`. */
  interfaceTotal(
    interfaceId: InterfaceId,
    resolution: Resolution,
    from: number,
    to: number,
  ): { rx: number; tx: number } {
    return this.#stmt.interfaceTotal.get(interfaceId, resolution, from, to) ?? { rx: 0, tx: 0 };
  }
}
