// A peer's use of its quota, from its byte totals: the monitor keeps where the
// period began and the total then (QuotaUse), so use is one subtraction and a
// poll needs no history read. Pure.
import type { QuotaUse } from '../../store/types';
import { periodStart, type QuotaPlan } from './period';

export const LEVELS = [80, 90] as const;

/** The warnings (80, 90 %) reached by `used` and not given yet; none once the quota is used up. */
export function levelsCrossed(
  used: number,
  bytes: number,
  warned: number,
): (typeof LEVELS)[number][] {
  const ratio = used / bytes;
  if (ratio >= 1) return [];
  const level = ratio >= 0.9 ? 90 : ratio >= 0.8 ? 80 : 0;
  return LEVELS.filter((l) => l <= level && l > warned);
}

/** What the poll decides for one peer with a quota. */
export interface QuotaStep {
  /** The use to store, when it differs from what is stored. */
  readonly use: QuotaUse | null;
  /** Bytes used in the current period. */
  readonly used: number;
  /** Warnings to give now: every threshold (80, 90 %) crossed since the last reading. */
  readonly warn: readonly (80 | 90)[];
  /** The quota ran out with this reading. */
  readonly exceeded: boolean;
}

/**
 * One reading of a peer's totals against its quota. A new period rebases at the
 * total seen first in it: bytes counted between the period's start and that
 * poll (a second at most, or the time wgdesk was not running) go to the period
 * before, which the peer has already been accounted for.
 */
export function quotaStep(
  plan: QuotaPlan,
  use: QuotaUse,
  total: number,
  now: number,
  exceededAt: number | null,
): QuotaStep {
  const start = periodStart(plan, now);
  const fresh = use.periodStart !== start;
  const base = fresh ? total : use.base;
  const used = Math.max(0, total - base);
  const warned = fresh ? 0 : use.warned;
  const warn = levelsCrossed(used, plan.bytes, warned);
  const exceeded = used >= plan.bytes && (exceededAt === null || exceededAt < start);
  const nextWarned = exceeded ? 90 : (warn.at(-1) ?? warned);
  const changed = fresh || nextWarned !== use.warned;
  return {
    use: changed ? { periodStart: start, base, warned: nextWarned } : null,
    used,
    warn,
    exceeded,
  };
}

/** Bytes used in the current period as the record shows it (0 in a period not yet accounted). */
export function usedNow(plan: QuotaPlan | null, use: QuotaUse, total: number, now: number): number {
  if (plan === null || use.periodStart !== periodStart(plan, now)) return 0;
  return Math.max(0, total - use.base);
}
