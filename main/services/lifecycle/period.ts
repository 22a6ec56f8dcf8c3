// Quota periods on the calendar, in UTC: a server's admins may sit in several
// time zones, and one zone for every peer keeps "when it comes back" the same
// answer on every screen. Pure.
import type { QuotaPeriod } from '../../../shared/domain';

/** A quota as an admin sets it. */
export interface QuotaPlan {
  readonly bytes: number;
  readonly period: QuotaPeriod;
  /** With 'month': the day of the month (1–28, so every month has it) the quota resets. */
  readonly resetDay: number;
}

const DAY_MS = 86_400_000;

/** When the period holding `t` began (0 for 'total': it began with the peer). */
export function periodStart(plan: QuotaPlan, t: number): number {
  switch (plan.period) {
    case 'total':
      return 0;
    case 'day':
      return Math.floor(t / DAY_MS) * DAY_MS;
    case 'week': {
      const day = Math.floor(t / DAY_MS);
      // 1970-01-01 was a Thursday; weeks start on Monday (ISO 8601).
      return (day - ((day + 3) % 7)) * DAY_MS;
    }
    case 'month': {
      const d = new Date(t);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth();
      const thisMonth = Date.UTC(y, m, plan.resetDay);
      return t >= thisMonth ? thisMonth : Date.UTC(y, m - 1, plan.resetDay);
    }
  }
}

/** When the period holding `t` ends; null for 'total', which never does. */
export function periodEnd(plan: QuotaPlan, t: number): number | null {
  const start = periodStart(plan, t);
  switch (plan.period) {
    case 'total':
      return null;
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + 7 * DAY_MS;
    case 'month': {
      const d = new Date(start);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, plan.resetDay);
    }
  }
}
