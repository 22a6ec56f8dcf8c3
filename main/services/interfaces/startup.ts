import type { WgKey } from '../../../shared/validate';
import { audit, interfaceTarget, reason } from '../logs/audit';
import type { Caller } from '../context';
import type { ServiceContext } from '../context';
import { pushDesired } from '../kernel/device';
import { peerPages, syncInPages } from '../kernel/device-batches';
import type { InterfaceRecord } from '../../store';
import { countDrift, type DriftCounts } from './drift-diff';
import type { InterfaceService } from './service';

export interface StartupOutcome {
  readonly interfaceId: number;
  readonly name: string;
  /**
   * pushed: running, `wg syncconf` ran; brought-up: the admin left it up and
   * it was not running (a reboot), so it was brought up; left-down: the admin
   * brought it down, so it stays down.
   */
  readonly outcome: 'pushed' | 'brought-up' | 'left-down' | 'failed';
  readonly error?: string;
}

const STARTUP: Caller = { actor: 'startup' };

/**
 * At start, every server comes back as the admin left it: one that is
 * running gets the desired state (`wg syncconf`: only differences change, no
 * live session drops); one the admin left up that is not running (after a
 * reboot, a crash) is brought up the way the admin's own "up" does it, hooks
 * included where root allows them; one the admin brought down stays down.
 * The audit log says what was found and done. One failure does not stop the
 * others.
 */
export async function startup(
  ctx: ServiceContext,
  interfaces: InterfaceService,
  caller: Caller = STARTUP,
): Promise<StartupOutcome[]> {
  const out: StartupOutcome[] = [];
  for (const iface of ctx.store.interfaces.list(ctx.hostId)) {
    const base = { interfaceId: iface.id, name: iface.name };
    try {
      const link = await ctx.host.linkState(iface.name);
      if (!link.exists) {
        if (!iface.enabled) {
          out.push({ ...base, outcome: 'left-down' });
          continue;
        }
        await interfaces.setUp(iface.id, true, caller);
        out.push({ ...base, outcome: 'brought-up' });
        continue;
      }
      await ctx.kernel.change(iface.id, async () => {
        const { found, inKernel } = await driftCounts(ctx, iface);
        // issue 17 (memory at start): pushed a page of peers at a time, on the
        // dump the counts were made from (read once: nothing else changes the
        // kernel inside this change()).
        await pushDesired(ctx, iface, (c, i) => syncInPages(c, i, inKernel));
        ctx.store.transaction(() =>
          audit(ctx.store, caller, 'startup.push', interfaceTarget(iface), found),
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

/**
 * What the audit says was found, and the keys of the peers the kernel holds.
 * Its own function so that the dump and every row it compared are garbage
 * before the push reads the peers again: only the keys are kept.
 */
async function driftCounts(
  ctx: ServiceContext,
  iface: InterfaceRecord,
): Promise<{ found: DriftCounts; inKernel: WgKey[] }> {
  const observed = await ctx.host.readInterface(iface.name);
  return {
    found: countDrift(iface, peerPages(ctx.store, iface.id), observed, ctx.now()),
    inKernel: observed.peers.map((p) => p.publicKey),
  };
}
