// The kernel side of the access gate and of eviction (evict.ts): one step per
// interface through the pipeline, then settling what the kernel now holds.
import type { PeerStats } from '../../../shared/contract';
import type { InterfaceId, InterfaceRecord, PeerRecord } from '../../store';
import {
  failureError,
  failureOf,
  type KernelFailure,
  type KernelOutcome,
} from '../kernel/pipeline';
import { belongsInKernel } from '../kernel/spec';
import type { MonitorCore } from '../monitor/core';
import { statsOf, type PeerState } from '../monitor/state';

/** What each interface's kernel step came to, and the failures to report. */
interface Steps {
  readonly outcomes: ReadonlyMap<InterfaceId, KernelOutcome | 'failed'>;
  readonly failures: readonly KernelFailure[];
}

/**
 * One kernel step per interface, each through the pipeline's one rule; a
 * failure on one interface does not stop the others and is reported by settle().
 */
export async function eachInterface<T>(
  core: MonitorCore,
  work: ReadonlyMap<InterfaceId, T>,
  step: (iface: InterfaceRecord, item: T) => Promise<KernelOutcome>,
): Promise<Steps> {
  const outcomes = new Map<InterfaceId, KernelOutcome | 'failed'>();
  const failures: KernelFailure[] = [];
  for (const [interfaceId, item] of work) {
    const iface = core.ctx.store.interfaces.getById(interfaceId);
    if (iface === undefined) continue;
    try {
      outcomes.set(interfaceId, await step(iface, item));
    } catch (e) {
      outcomes.set(interfaceId, 'failed');
      failures.push(failureOf(iface, e));
    }
  }
  return { outcomes, failures };
}

/**
 * After the kernel change: records which peers the kernel now matches, makes
 * every dump read before this moment irrelevant for them, pushes their new
 * numbers, and throws if an interface failed.
 */
export function settle(
  core: MonitorCore,
  peers: readonly PeerRecord[],
  steps: Steps,
  removed: boolean,
): PeerStats[] {
  const { table, ctx, writer } = core;
  const op = table.nextKernelOp();
  const now = ctx.now();
  const out: PeerStats[] = [];
  table.ownWrite(() =>
    ctx.store.transaction(() => {
      for (const p of peers) {
        // A peer with nothing to change (say, a reconnect of a disabled peer) is as the kernel has it.
        const outcome = steps.outcomes.get(p.interfaceId) ?? 'applied';
        ctx.kernel.record([p.id], outcome);
        const live = table.get(p.id);
        if (live === undefined) continue;
        // Out of the kernel for sure: its counters start from 0 when it comes back.
        const observed =
          removed && outcome !== 'failed'
            ? { ...live.observed, rxLastSeen: 0, txLastSeen: 0 }
            : live.observed;
        // Put back by this step: in the kernel now, before any poll sees it, so a cut
        // that follows at once (a revoke right after a user is switched on) is logged.
        const added = !removed && outcome === 'applied' && belongsInKernel(p, now);
        const next: PeerState = {
          ...live,
          observed,
          kernelOp: op,
          inKernel: added || (live.inKernel && !removed),
        };
        writer.write([next]);
        table.set(next);
        core.offer(next, now);
        out.push(statsOf(next, now));
      }
    }),
  );
  core.pusher.flush();
  ctx.events('state.changed', { what: 'peers', ids: peers.map((p) => p.id) });
  ctx.events('state.changed', { what: 'logs' });
  const error = failureError(steps.failures);
  if (error) throw error;
  return out;
}
