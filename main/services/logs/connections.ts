// Reading the connection log: filtered lists for the UI, CSV for export.
import { MAX_CONNECTION_ROWS, type ConnectionFilter } from '../../store/connections';
import type { ConnectionEntryView } from '../../../shared/contract/methods/monitor';
import { decodeReason } from '../../../shared/reason';
import type { ServiceContext } from '../context';
import { connectionsCsv } from './csv';
import {
  fromOpenVpn,
  fromWireGuard,
  mergeInLogOrder,
  openVpnFilter,
  type LogEntry,
} from './protocols';

export interface CsvFile {
  readonly filename: string;
  readonly text: string;
}

export class ConnectionLogService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  /** Each row's reason as a code the window words (shared/reason.ts). */
  list(filter: ConnectionFilter): ConnectionEntryView[] {
    return this.#entries(filter).map(({ detail, ...e }) => ({
      ...e,
      reason: decodeReason(detail),
    }));
  }

  /**
   * issue 14: WireGuard and OpenVPN rows together, each with its protocol, in
   * the log's one order; a page of each table is enough for a page of both.
   */
  #entries(filter: ConnectionFilter): LogEntry[] {
    const { store } = this.#ctx;
    const wg = store.connections.list(filter).map(fromWireGuard);
    const ovpn = openVpnFilter(filter);
    if (ovpn === null) return wg;
    const rows = store.openvpnLog.list(ovpn).map(fromOpenVpn);
    return mergeInLogOrder(wg, rows, filter.limit ?? 100);
  }

  /** Newest first, like the list (both protocols); at most MAX_CONNECTION_ROWS rows. */
  csv(filter: ConnectionFilter): CsvFile {
    const rows = this.#entries({
      ...filter,
      limit: Math.min(filter.limit ?? MAX_CONNECTION_ROWS, MAX_CONNECTION_ROWS),
    });
    const stamp = new Date(this.#ctx.now()).toISOString().slice(0, 16).replace(/[-:T]/g, '');
    return { filename: `wgdesk-connections-${stamp}.csv`, text: connectionsCsv(rows) };
  }
}
