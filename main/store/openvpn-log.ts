// The OpenVPN sessions' log: started, ended, cut. Read together with the
// connection log (services/logs/connections.ts), each row marked with its protocol.
import type { Db } from './db';
import { logOrder, logParams, logWhere, type LogFilter, type LogParams } from './log-page';
import type { OpenVpnServerId } from './openvpn';
import type { UnixMs, UserId } from './types';

export const OPENVPN_EVENTS = [
  'connected',
  'disconnected',
  'admin_disconnect',
  'limit_disconnect',
] as const;
export type OpenVpnEvent = (typeof OPENVPN_EVENTS)[number];

export interface NewOpenVpnLogEntry {
  readonly serverId: OpenVpnServerId;
  readonly identity: string;
  readonly userId: UserId | null;
  readonly at: UnixMs;
  readonly event: OpenVpnEvent;
  readonly clientId: number;
  readonly realAddress: string | null;
  readonly virtualAddress: string | null;
  readonly rx: number;
  readonly tx: number;
  readonly detail: string | null;
}

export interface OpenVpnLogEntry extends NewOpenVpnLogEntry {
  readonly id: number;
  readonly serverName: string;
  readonly userName: string | null;
}

export type OpenVpnLogFilter = LogFilter<OpenVpnEvent>;

interface Row {
  id: number;
  server_id: number;
  identity: string;
  user_id: number | null;
  at: number;
  event: string;
  client_id: number;
  real_address: string | null;
  virtual_address: string | null;
  rx: number;
  tx: number;
  detail: string | null;
  server_name: string;
  user_name: string | null;
}

function statements(db: Db) {
  return {
    append: db.prepare<Omit<Row, 'id' | 'server_name' | 'user_name'>>(
      `INSERT INTO openvpn_log (server_id, identity, user_id, at, event, client_id, real_address,
         virtual_address, rx, tx, detail)
       VALUES (@server_id, @identity, @user_id, @at, @event, @client_id, @real_address,
         @virtual_address, @rx, @tx, @detail)`,
    ),
    list: db.prepare<LogParams, Row>(
      `SELECT l.*, s.name AS server_name, u.name AS user_name
       FROM openvpn_log l
         JOIN openvpn_servers s ON s.id = l.server_id
         LEFT JOIN users u ON u.id = l.user_id
       WHERE ${logWhere('l')}
       ${logOrder('l')} LIMIT @limit`,
    ),
  };
}

export class OpenVpnLogRepo {
  readonly #stmt: ReturnType<typeof statements>;

  constructor(db: Db) {
    this.#stmt = statements(db);
  }

  append(entries: readonly NewOpenVpnLogEntry[]): void {
    for (const e of entries) {
      this.#stmt.append.run({
        server_id: e.serverId,
        identity: e.identity,
        user_id: e.userId,
        at: e.at,
        event: e.event,
        client_id: e.clientId,
        real_address: e.realAddress,
        virtual_address: e.virtualAddress,
        rx: Math.max(0, e.rx),
        tx: Math.max(0, e.tx),
        detail: e.detail,
      });
    }
  }

  /** In log order (log-page.ts), newest first. */
  list(filter: OpenVpnLogFilter = {}): OpenVpnLogEntry[] {
    const rows = this.#stmt.list.all(logParams('openvpn', filter));
    return rows.map((r) => ({
      id: r.id,
      serverId: r.server_id as OpenVpnServerId,
      identity: r.identity,
      userId: r.user_id as UserId | null,
      at: r.at,
      // The CHECK constraint holds the set of events.
      event: r.event as OpenVpnEvent,
      clientId: r.client_id,
      realAddress: r.real_address,
      virtualAddress: r.virtual_address,
      rx: r.rx,
      tx: r.tx,
      detail: r.detail,
      serverName: r.server_name,
      userName: r.user_name,
    }));
  }
}
