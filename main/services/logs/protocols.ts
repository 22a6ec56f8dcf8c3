// The connection log across protocols (issue 14): WireGuard peers' rows
// (connection_log) and OpenVPN sessions' rows (openvpn_log) are kept in their
// own tables, read with one filter and one order (store/log-page.ts) and
// merged here, each marked with its protocol.
import {
  OPENVPN_EVENTS,
  type OpenVpnLogEntry,
  type OpenVpnLogFilter,
} from '../../store/openvpn-log';
import type { ConnectionEntry, ConnectionFilter } from '../../store/connections';
import { compareLog } from '../../store/log-page';
import type { Protocol } from '../access/sessions';

/** One row of the merged log. `id` is unique only within its protocol. */
export interface LogEntry extends Omit<ConnectionEntry, 'peerId' | 'interfaceId'> {
  readonly protocol: Protocol;
  /** The WireGuard peer and its server; null for an OpenVPN session. */
  readonly peerId: ConnectionEntry['peerId'] | null;
  readonly interfaceId: ConnectionEntry['interfaceId'] | null;
  /** The OpenVPN server; null for a WireGuard peer. */
  readonly openvpnServerId: number | null;
}

export function fromWireGuard(e: ConnectionEntry): LogEntry {
  return { ...e, protocol: 'wireguard', openvpnServerId: null };
}

/** An OpenVPN session's row, named by its identity as the server printed it. */
export function fromOpenVpn(e: OpenVpnLogEntry): LogEntry {
  return {
    id: e.id,
    protocol: 'openvpn',
    peerId: null,
    interfaceId: null,
    openvpnServerId: e.serverId,
    peerName: e.identity,
    userId: e.userId,
    userName: e.userName,
    at: e.at,
    event: e.event,
    endpoint: e.realAddress,
    rx: e.rx,
    tx: e.tx,
    detail: e.detail,
  };
}

/**
 * The filter for OpenVPN rows, or null when none can match it: it names a
 * peer, or an event OpenVPN sessions do not have.
 */
export function openVpnFilter(filter: ConnectionFilter): OpenVpnLogFilter | null {
  const { peerId, event, ...common } = filter;
  if (peerId !== undefined) return null;
  if (event === undefined) return common;
  const e = OPENVPN_EVENTS.find((x) => x === event);
  return e === undefined ? null : { ...common, event: e };
}

/** Both lists are in log order; so is the answer, at most `limit` rows. */
export function mergeInLogOrder(
  a: readonly LogEntry[],
  b: readonly LogEntry[],
  limit: number,
): LogEntry[] {
  const out: LogEntry[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && compareLog(x, y) < 0)) {
      if (x !== undefined) out.push(x);
      i += 1;
    } else {
      out.push(y);
      j += 1;
    }
  }
  return out;
}
