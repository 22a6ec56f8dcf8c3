// The connection log's one order and its pages, across protocols (issue 14).
// WireGuard peers' rows (connection_log) and OpenVPN sessions' rows
// (openvpn_log) live in two tables, each with its own ids; both are read with
// the same filter and the same order: newest first by time, then, within one
// millisecond, WireGuard before OpenVPN (PROTOCOLS), then the newer id first.
// That key is unique across both tables, so a page can end with its last
// row's key (the cursor) and the next page is what comes after it in each
// table: every row exactly once, in order, whatever size the pages are.
import { PROTOCOLS, type Protocol } from '../../shared/domain';
import { pageLimit } from './codec';
import type { UnixMs, UserId } from './types';

/** The last row of a page: the next page starts right after it. */
export interface LogCursor {
  readonly at: UnixMs;
  readonly protocol: Protocol;
  /** The row's id in its own protocol's table. */
  readonly id: number;
}

/** What both logs filter by. All given conditions hold; results come in log order. */
export interface LogFilter<E extends string> {
  readonly userId?: UserId;
  readonly event?: E;
  readonly since?: UnixMs;
  /** Exclusive. */
  readonly until?: UnixMs;
  readonly before?: LogCursor;
  /** Default 100. */
  readonly limit?: number;
}

/** The CSV export reads up to this many rows in one go. */
export const MAX_LOG_ROWS = 100_000;

/** The statement parameters of logWhere(), for one table. */
export interface LogParams {
  user_id: number | null;
  event: string | null;
  since: number | null;
  until: number | null;
  before_at: number | null;
  before_id: number | null;
  limit: number;
}

/**
 * The filter and the cursor on one table's rows (`x` is its alias, with
 * user_id, event, at and id columns). One statement covers every combination:
 * a NULL parameter switches its condition off.
 */
export function logWhere(x: string): string {
  return `(@user_id IS NULL OR ${x}.user_id = @user_id)
    AND (@event IS NULL OR ${x}.event = @event)
    AND (@since IS NULL OR ${x}.at >= @since) AND (@until IS NULL OR ${x}.at < @until)
    AND (@before_at IS NULL OR ${x}.at < @before_at
      OR (${x}.at = @before_at AND ${x}.id < @before_id))`;
}

/** Log order on one table: the indexes on (…, at) hold the rowid too, so this reads them in order. */
export function logOrder(x: string): string {
  return `ORDER BY ${x}.at DESC, ${x}.id DESC`;
}

/** The parameters of logWhere() for the rows of `source`'s table. */
export function logParams<E extends string>(source: Protocol, f: LogFilter<E>): LogParams {
  return {
    user_id: f.userId ?? null,
    event: f.event ?? null,
    since: f.since ?? null,
    until: f.until ?? null,
    ...cursorBound(source, f.before),
    limit: pageLimit(f.limit, 100, MAX_LOG_ROWS),
  };
}

/**
 * A cursor as a bound on one table: rows of the cursor's millisecond come
 * after it when their protocol is later in PROTOCOLS (all of them), when it is
 * the same (older ids only), never when it is earlier.
 */
function cursorBound(
  source: Protocol,
  c: LogCursor | undefined,
): Pick<LogParams, 'before_at' | 'before_id'> {
  if (c === undefined) return { before_at: null, before_id: null };
  const order = rank(source) - rank(c.protocol);
  const id = order > 0 ? Number.MAX_SAFE_INTEGER : order === 0 ? c.id : 0;
  return { before_at: c.at, before_id: id };
}

/** Negative when `a` comes first in the log (is newer), positive when `b` does. */
export function compareLog(a: LogCursor, b: LogCursor): number {
  return b.at - a.at || rank(a.protocol) - rank(b.protocol) || b.id - a.id;
}

function rank(p: Protocol): number {
  return PROTOCOLS.indexOf(p);
}
