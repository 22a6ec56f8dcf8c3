// The audit log as CSV, and the log filters' time inputs. Pure, tested in Node;
// the quoting rules are shared/csv.ts's.
import type { AuditEntryView } from '../../shared/contract';
import { toCsv } from '../../shared/csv';

export const AUDIT_CSV_HEADER = [
  'time',
  'actor',
  'action',
  'target_type',
  'target_id',
  'details',
] as const;

/**
 * The audit log has no CSV method: what is on screen is exported as shown.
 * Details go in full, as JSON (they never hold secrets), empty when there are none.
 */
export function auditCsv(entries: readonly AuditEntryView[]): string {
  return toCsv(
    AUDIT_CSV_HEADER,
    entries.map((e) => [
      new Date(e.at).toISOString(),
      e.actor,
      e.action,
      e.targetType,
      e.targetId,
      detailText(e.details),
    ]),
  );
}

function detailText(d: Readonly<Record<string, unknown>>): string {
  const s = JSON.stringify(d);
  return s === '{}' ? '' : s;
}

/** A datetime-local input's value ("2025-01-31T14:05") as Unix ms in the viewer's zone; undefined when empty. */
export function parseLocalDateTime(value: string): number | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** The logs' "since" and "until" inputs, as typed. */
export interface TimeRangeText {
  readonly since: string;
  readonly until: string;
}

/** Those inputs as a query's bounds: an empty or unreadable one is no bound. */
export function timeBounds(r: TimeRangeText): { since?: number; until?: number } {
  const b: { since?: number; until?: number } = {};
  const since = parseLocalDateTime(r.since);
  if (since !== undefined) b.since = since;
  const until = parseLocalDateTime(r.until);
  if (until !== undefined) b.until = until;
  return b;
}
