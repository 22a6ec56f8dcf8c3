// The kernel step of one new peer, run while its row is synced to disk
// (issue 17, store/wal-sync.ts): the create is acknowledged once both are done.
import { AppError } from '../../../shared/errors';
import type { InterfaceRecord, PeerRecord } from '../../store';
import { audit, peerTarget, reason } from '../logs/audit';
import type { Caller, ServiceContext } from '../context';
import type { KernelOutcome } from '../kernel/pipeline';
import { peerSpecOf } from '../kernel/spec';

/**
 * One `wg set` is all or nothing, so when it fails, or the disk refuses the
 * row, the row goes and so does the peer: nothing half-made remains in the
 * kernel or the database, and nothing is acknowledged that is not on disk.
 */
export async function applyNew(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  peer: PeerRecord,
  synced: Promise<void>,
  caller: Caller,
): Promise<KernelOutcome> {
  // Settled together: a refused step must not leave `synced` unobserved.
  const [step, disk] = await Promise.allSettled([
    Promise.resolve().then(() => ctx.kernel.setPeer(iface, peerSpecOf(peer, ctx.store.peers))),
    synced,
  ]);
  try {
    if (step.status === 'rejected') throw step.reason;
    if (disk.status === 'rejected')
      throw await notOnDisk(ctx, iface, peer, step.value, disk.reason);
    ctx.kernel.record([peer.id], step.value);
    return step.value;
  } catch (e) {
    ctx.store.transaction(() => {
      ctx.store.peers.delete(peer.id);
      audit(ctx.store, caller, 'peer.create.reverted', peerTarget(peer), reason(e));
    });
    throw e;
  }
}

/** The row may not be on disk: the peer leaves the kernel again, and the error says so. */
async function notOnDisk(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  peer: PeerRecord,
  outcome: KernelOutcome,
  why: unknown,
): Promise<AppError> {
  const what = `the new peer could not be written to disk (${why instanceof Error ? why.message : String(why)})`;
  if (outcome !== 'applied') return new AppError('Internal', what);
  try {
    await ctx.kernel.removePeers(iface, [peer.publicKey]);
    return new AppError('Internal', `${what}; it was taken out of the kernel again`);
  } catch (e) {
    const left = e instanceof Error ? e.message : String(e);
    return new AppError(
      'Internal',
      `${what}, and it could not be taken out of the kernel (${left}): reconcile drift to remove it`,
    );
  }
}
