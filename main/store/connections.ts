// The connection log: when each peer came online, went away, roamed, or was
// cut off or let back in, with the endpoint and the session's byte counts.
import type { ConnectionEvent } from '../../shared/domain';
import { pageLimit } from './codec';
import type { Db } from './db';
import type { InterfaceId, PeerId, UnixMs, UserId } from './types';

export interface NewConnectionEntry {
  readonly peerId: PeerId;
  /** The peer's user when it happened. */
  readonly userId: UserId | null;
  readonly at: UnixMs;
  readonly event: ConnectionEvent;
  readonly endpoint: string | null;
  /** Bytes of the session (or 0): rx received by the server from the peer, tx sent to it. */
  readonly rx: number;
  readonly tx: number;
  /** Why, for people: "no handshake for 180 s", "over the device limit of alice (2 of 1)". */
  readonly detail: string | null;
}

export interface ConnectionEntry extends NewConnectionEntry {
  readonly id: number;
  readonly interfaceId: InterfaceId;
  readonly peerName: string;
  readonly userName: string | null;
}

/** All given conditions must hold. Results are newest first. */
export interface ConnectionFilter {
  readonly peerId?: PeerId;
  readonly userId?: UserId;
  readonly event?: ConnectionEvent;
  readonly since?: UnixMs;
  /** Exclusive. */
  readonly until?: UnixMs;
  /** For paging: only entries older than this id. */
  readonly beforeId?: number;
  /** Default 100. */
  readonly limit?: number;
}

/** The CSV export reads up to this many rows in one go. */
export const MAX_CONNECTION_ROWS = 100_000;

interface Row {
  id: number;
  peer_id: number;
  user_id: number | null;
  at: number;
  event: string;
  endpoint: string | null;
  rx: number;
  tx: number;
  detail: string | null;
  interface_id: number;
  peer_name: string;
  user_name: string | null;
}

interface FilterParams {
  peer_id: number | null;
  user_id: number | null;
  event: string | null;
  since: number | null;
  until: number | null;
  before_id: number | null;
  limit: number;
}

function statements(db: Db) {
  return {
    append: db.prepare<
      [number, number | null, number, string, string | null, number, number, string | null]
    >(
      `INSERT INTO connection_log (peer_id, user_id, at, event, endpoint, rx, tx, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // One statement for every filter combination: a NULL parameter switches its
    // condition off. Newest first by id (insertion order, even if the clock steps back).
    list: db.prepare<FilterParams, Row>(
      `SELECT c.id, c.peer_id, c.user_id, c.at, c.event, c.endpoint, c.rx, c.tx, c.detail,
         p.interface_id, p.name AS peer_name, u.name AS user_name
       FROM connection_log c
         JOIN peers p ON p.id = c.peer_id
         LEFT JOIN users u ON u.id = c.user_id
       WHERE (@peer_id IS NULL OR c.peer_id = @peer_id)
         AND (@user_id IS NULL OR c.user_id = @user_id)
         AND (@event IS NULL OR c.event = @event)
         AND (@since IS NULL OR c.at >= @since) AND (@until IS NULL OR c.at < @until)
         AND (@before_id IS NULL OR c.id < @before_id)
       ORDER BY c.id DESC LIMIT @limit`,
    ),
  };
}

export class ConnectionRepo {
  readonly #stmt: ReturnType<typeof statements>;

  constructor(db: Db) {
    this.#stmt = statements(db);
  }

  /** Appends entries; call inside the caller's transaction to batch them. */
  append(entries: readonly NewConnectionEntry[]): void {
    for (const e of entries) {
      this.#stmt.append.run(
        e.peerId,
        e.userId,
        e.at,
        e.event,
        e.endpoint,
        Math.max(0, e.rx),
        Math.max(0, e.tx),
        e.detail,
      );
    }
  }

  list(filter: ConnectionFilter = {}): ConnectionEntry[] {
    const limit = pageLimit(filter.limit, 100, MAX_CONNECTION_ROWS);
    const rows = this.#stmt.list.all({
      peer_id: filter.peerId ?? null,
      user_id: filter.userId ?? null,
      event: filter.event ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
      before_id: filter.beforeId ?? null,
      limit,
    });
    return rows.map((r) => ({
      id: r.id,
      peerId: r.peer_id as PeerId,
      userId: r.user_id as UserId | null,
      at: r.at,
      // The CHECK constraint holds the set of events.
      event: r.event as ConnectionEvent,
      endpoint: r.endpoint,
      rx: r.rx,
      tx: r.tx,
      detail: r.detail,
      interfaceId: r.interface_id as InterfaceId,
      peerName: r.peer_name,
      userName: r.user_name,
    }));
  }
}
