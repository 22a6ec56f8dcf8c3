// The monitor's narrow view of the peers table: the few columns it needs every
// poll, and one prepared UPDATE for the observed columns, so that writing what
// changed for thousands of peers is a batch in one transaction rather than a
// read-merge-write per peer (PeerRepo.updateObserved).
import type { WgKey } from '../../shared/validate/index';
import { toBool } from './codec';
import type { Db } from './db';
import {
  USER_COLUMNS,
  quotaUseOf,
  type QuotaColumns,
  userQuotaHoldOf,
  type ObservedParams,
  type SettingsParams,
  type UserColumns,
} from './peer-rows';
import type {
  InterfaceId,
  PeerId,
  PeerObserved,
  QuotaPeriod,
  QuotaUse,
  UnixMs,
  UserId,
  UserQuotaHold,
} from './types';

/** What the monitor keeps of a stored peer: who it is, whether it may be in the kernel, what was seen. */
export interface MonitorPeerRow {
  readonly id: PeerId;
  readonly interfaceId: InterfaceId;
  readonly userId: UserId | null;
  readonly publicKey: WgKey;
  readonly enabled: boolean;
  readonly revokedAt: UnixMs | null;
  readonly expiresAt: UnixMs | null;
  readonly disconnected: boolean;
  readonly disconnectedUntil: UnixMs | null;
  readonly disconnectKind: 'admin' | 'limit';
  readonly userEnabled: boolean;
  readonly userQuotaHold: UserQuotaHold | null;
  readonly quotaBytes: number | null;
  readonly quotaPeriod: QuotaPeriod;
  readonly quotaResetDay: number;
  readonly quotaExceededAt: UnixMs | null;
  readonly quotaUse: QuotaUse;
  readonly observed: ObservedColumns;
}

/** The observed columns the monitor owns: what the peer record shows, plus where its session began. */
export type ObservedColumns = Omit<PeerObserved, 'applied'> & {
  /** rx/txTotal when the current session began. */
  readonly sessionRxStart: number;
  readonly sessionTxStart: number;
};

/** The monitor's columns: a few of the settings, every observed one, and where the session began. */
type Row = Pick<
  SettingsParams,
  | 'user_id'
  | 'enabled'
  | 'revoked_at'
  | 'expires_at'
  | 'disconnected'
  | 'disconnected_until'
  | 'disconnect_kind'
  | 'quota_bytes'
  | 'quota_period'
  | 'quota_reset_day'
  | 'quota_exceeded_at'
> &
  Omit<ObservedParams, 'applied'> &
  UserColumns &
  QuotaColumns & {
    id: number;
    interface_id: number;
    public_key: string;
    session_rx_start: number;
    session_tx_start: number;
  };

const COLUMNS = `id, interface_id, user_id, public_key, enabled, revoked_at, expires_at,
  disconnected, disconnected_until, last_handshake, rx_total, tx_total, rx_last_seen,
  tx_last_seen, session_started_at, session_rx_start, session_tx_start, disconnect_kind,
  quota_bytes, quota_period, quota_reset_day, quota_exceeded_at, quota_period_start, quota_base,
  quota_warned, ${USER_COLUMNS}`;

type WriteParams = [
  number | null,
  number,
  number,
  number,
  number,
  number | null,
  number,
  number,
  number,
];

function statements(db: Db) {
  return {
    changes: db.prepare<[], { n: number }>(`SELECT total_changes() AS n`),
    // Prepared once: db.pragma() prepares its statement on every call (~5 ms
    // a poll on a loaded machine, issue 17).
    dataVersion: db.prepare<[], number>(`PRAGMA data_version`).pluck(),
    byInterface: db.prepare<[number], Row>(
      `SELECT ${COLUMNS} FROM peers WHERE interface_id = ? ORDER BY id`,
    ),
    byId: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM peers WHERE id = ?`),
    write: db.prepare<WriteParams>(
      `UPDATE peers SET last_handshake = ?, rx_total = ?, tx_total = ?, rx_last_seen = ?,
         tx_last_seen = ?, session_started_at = ?, session_rx_start = ?, session_tx_start = ?
       WHERE id = ?`,
    ),
    applied: db.prepare<[number, number]>(`UPDATE peers SET applied = ? WHERE id = ?`),
    quotaUse: db.prepare<[number | null, number, number, number]>(
      `UPDATE peers SET quota_period_start = ?, quota_base = ?, quota_warned = ? WHERE id = ?`,
    ),
    exceeded: db.prepare<[number | null, number]>(
      `UPDATE peers SET quota_exceeded_at = ? WHERE id = ?`,
    ),
  };
}

function toRow(r: Row): MonitorPeerRow {
  return {
    id: r.id as PeerId,
    interfaceId: r.interface_id as InterfaceId,
    userId: r.user_id as UserId | null,
    publicKey: r.public_key as WgKey,
    enabled: toBool(r.enabled, 'peers.enabled'),
    revokedAt: r.revoked_at,
    expiresAt: r.expires_at,
    disconnected: toBool(r.disconnected, 'peers.disconnected'),
    disconnectedUntil: r.disconnected_until,
    disconnectKind: r.disconnect_kind as MonitorPeerRow['disconnectKind'],
    userEnabled: toBool(r.user_enabled, 'users.enabled'),
    userQuotaHold: userQuotaHoldOf(r),
    quotaBytes: r.quota_bytes,
    quotaPeriod: r.quota_period as QuotaPeriod,
    quotaResetDay: r.quota_reset_day,
    quotaExceededAt: r.quota_exceeded_at,
    quotaUse: quotaUseOf(r),
    observed: {
      lastHandshake: r.last_handshake,
      rxTotal: r.rx_total,
      txTotal: r.tx_total,
      rxLastSeen: r.rx_last_seen,
      txLastSeen: r.tx_last_seen,
      sessionStartedAt: r.session_started_at,
      sessionRxStart: r.session_rx_start,
      sessionTxStart: r.session_tx_start,
    },
  };
}

export class ObservedRepo {
  readonly #stmt: ReturnType<typeof statements>;

  constructor(db: Db) {
    this.#stmt = statements(db);
  }

  /**
   * Moves whenever any row of the database changes: total_changes() counts this
   * connection's writes (every service in this process shares it), data_version
   * another connection's commits. Equal readings mean nothing needs reloading,
   * which spares the aggregate below on almost every poll.
   */
  changeCounter(): string {
    const own = this.#stmt.changes.get()?.n ?? 0;
    return `${own}:${String(this.#stmt.dataVersion.get() ?? 0)}`;
  }

  listByInterface(interfaceId: InterfaceId): MonitorPeerRow[] {
    return this.#stmt.byInterface.all(interfaceId).map(toRow);
  }

  getById(id: PeerId): MonitorPeerRow | undefined {
    const r = this.#stmt.byId.get(id);
    return r && toRow(r);
  }

  /** Writes the observed columns of many peers; run it inside one transaction. */
  write(rows: readonly { readonly id: PeerId; readonly observed: ObservedColumns }[]): void {
    const stmt = this.#stmt.write;
    for (const { id, observed: o } of rows) {
      stmt.run(
        o.lastHandshake,
        o.rxTotal,
        o.txTotal,
        o.rxLastSeen,
        o.txLastSeen,
        o.sessionStartedAt,
        o.sessionRxStart,
        o.sessionTxStart,
        id,
      );
    }
  }

  /** Where the peer's quota period stands; run it inside a transaction with the rest of the poll's writes. */
  writeQuotaUse(id: PeerId, use: QuotaUse): void {
    this.#stmt.quotaUse.run(use.periodStart, use.base, use.warned, id);
  }

  /** When the quota ran out (null: it holds the peer out no longer). */
  writeExceeded(id: PeerId, at: UnixMs | null): void {
    this.#stmt.exceeded.run(at, id);
  }

  /** Whether the kernel matches the row after a change the monitor made (disconnect, re-admit). */
  setApplied(id: PeerId, applied: boolean): void {
    this.#stmt.applied.run(applied ? 1 : 0, id);
  }
}
