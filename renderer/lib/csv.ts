// The audit log as CSV, and the log filters' time inputs. Pure, tested in Node;
// the quoting rules are shared/csv.ts's.
import type { AuditEntryView } from '../../shared/contract';
import { toCsv } from '../../shared/csv';
import { readDraft, type DateTimeDraft } from './date-time';

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

/** The logs' "from" and "to" fields as typed (lib/date-time.ts drafts, in the app's language). */
export interface TimeRangeText {
  readonly since: DateTimeDraft;
  readonly until: DateTimeDraft;
}

/** Those fields as a query's bounds: an empty or unreadable one is no bound. */
export function timeBounds(r: TimeRangeText, hour12: boolean): { since?: number; until?: number } {
  const b: { since?: number; until?: number } = {};
  const since = readDraft(r.since, hour12);
  if (since.kind === 'at') b.since = since.ms;
  const until = readDraft(r.until, hour12);
  if (until.kind === 'at') b.until = until.ms;
  return b;
}
