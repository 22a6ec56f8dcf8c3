import { audit, interfaceTarget, reason } from '../logs/audit';
import type { Caller } from '../context';
import type { ServiceContext } from '../context';
import { pushDesired } from '../kernel/device';
import { counts, diffDrift } from './drift-diff';

export interface StartupOutcome {
  readonly interfaceId: number;
  readonly name: string;
  /** pushed: `wg syncconf` ran; not-running: the link does not exist, left alone. */
  readonly outcome: 'pushed' | 'not-running' | 'failed';
  readonly error?: string;
}

const STARTUP: Caller = { actor: 'startup' };

/**
 * At start, the kernel of every interface that is up gets the desired state
 * (`wg syncconf`: only differences change, no live session drops), and the
 * audit log says what was found and done. Interfaces that are not running are
 * left alone: bringing one up is an admin's decision. One failure does not
 * stop the others.
 */
export async function startup(
  ctx: ServiceContext,
  caller: Caller = STARTUP,
): Promise<StartupOutcome[]> {
  const out: StartupOutcome[] = [];
  for (const iface of ctx.store.interfaces.list(ctx.hostId)) {
    const base = { interfaceId: iface.id, name: iface.name };
    try {
      const link = await ctx.host.linkState(iface.name);
      if (!link.exists) {
        out.push({ ...base, outcome: 'not-running' });
        continue;
      }
      await ctx.kernel.change(iface.id, async () => {
        const observed = await ctx.host.readInterface(iface.name);
        const before = diffDrift(
          iface,
          ctx.store.peers.listByInterface(iface.id),
          observed,
          ctx.now(),
        );
        await pushDesired(ctx, iface);
        ctx.store.transaction(() =>
          audit(ctx.store, caller, 'startup.push', interfaceTarget(iface), counts(before)),
        );
      });
      out.push({ ...base, outcome: 'pushed' });
    } catch (e) {
      const why = reason(e);
      ctx.store.transaction(() =>
        audit(ctx.store, caller, 'startup.push.failed', interfaceTarget(iface), why),
      );
      out.push({ ...base, outcome: 'failed', error: why.error });
    }
  }
  ctx.events('state.changed', { what: 'drift' });
  return out;
}
