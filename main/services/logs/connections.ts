// Reading the connection log: filtered lists for the UI, CSV for export.
import { MAX_CONNECTION_ROWS, type ConnectionFilter } from '../../store/connections';
import type { ConnectionEntryView } from '../../../shared/contract/methods/monitor';
import { decodeReason } from '../../../shared/reason';
import type { ServiceContext } from '../context';
import { connectionsCsv } from './csv';

export interface CsvFile {
  readonly filename: string;
  readonly text: string;
}

export class ConnectionLogService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  list(filter: ConnectionFilter): ConnectionEntryView[] {
    return this.#ctx.store.connections
      .list(filter)
      .map(({ detail, ...e }) => ({ ...e, reason: decodeReason(detail) }));
  }

  /** Newest first, like the list; at most MAX_CONNECTION_ROWS rows. */
  csv(filter: ConnectionFilter): CsvFile {
    const rows = this.#ctx.store.connections.list({
      ...filter,
      limit: Math.min(filter.limit ?? MAX_CONNECTION_ROWS, MAX_CONNECTION_ROWS),
    });
    const stamp = new Date(this.#ctx.now()).toISOString().slice(0, 16).replace(/[-:T]/g, '');
    return { filename: `wgdesk-connections-${stamp}.csv`, text: connectionsCsv(rows) };
  }
}
