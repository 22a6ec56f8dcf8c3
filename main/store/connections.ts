// The connection log: when each peer came online, went away, roamed, or was
// cut off or let back in, with the endpoint and the session's byte counts.
import type { ConnectionEvent } from '../../shared/domain';
import type { Db } from './db';
import { logOrder, logParams, logWhere, type LogFilter, type LogParams } from './log-page';
import type { InterfaceId, PeerId, UnixMs, UserId } from './types';

export { MAX_LOG_ROWS as MAX_CONNECTION_ROWS } from './log-page';

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

/** All given conditions must hold. Results are in log order (log-page.ts), newest first. */
export interface ConnectionFilter extends LogFilter<ConnectionEvent> {
  readonly peerId?: PeerId;
}

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

interface FilterParams extends LogParams {
  peer_id: number | null;
}

function statements(db: Db) {
  return {
    append: db.prepare<
      [number, number | null, number, string, string | null, number, number, string | null]
    >(
      `INSERT INTO connection_log (peer_id, user_id, at, event, endpoint, rx, tx, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // The log's one order across protocols (log-page.ts): by time, then id.
    list: db.prepare<FilterParams, Row>(
      `SELECT c.id, c.peer_id, c.user_id, c.at, c.event, c.endpoint, c.rx, c.tx, c.detail,
         p.interface_id, p.name AS peer_name, u.name AS user_name
       FROM connection_log c
         JOIN peers p ON p.id = c.peer_id
         LEFT JOIN users u ON u.id = c.user_id
       WHERE (@peer_id IS NULL OR c.peer_id = @peer_id) AND ${logWhere('c')}
       ${logOrder('c')} LIMIT @limit`,
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
    const rows = this.#stmt.list.all({
      peer_id: filter.peerId ?? null,
      ...logParams('wireguard', filter),
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
