// One new peer: its row, audit entry and "applied" mark in one commit, synced
// while its `wg set` runs (issue 17, store/wal-sync.ts).
//
// Why the mark is in the row's transaction: node spawns with fork(), and after
// a fork every page this process writes first faults (copy-on-write). One
// insert after a spawn touched ~260 pages: ~6 ms on a busy machine instead of
// 0.5 ms (timing spans and fault counts, issue 17 note). The mark, written as
// its own transaction after `wg set`, paid that again (3-4 ms at 10k peers);
// written with the row, before the spawn, it costs nothing more.
//
// Durability: the call is acknowledged only once `wg set` returned and the
// commit is on disk. A crash before that loses only a peer nobody was told
// about. A row marked applied whose peer the kernel lacks (a crash between the
// commit and `wg set`) is put in the kernel by the start-up push, which applies
// every server's whole desired state whatever the marks say.
import { AppError } from '../../../shared/errors';
import type { WgKey } from '../../../shared/validate';
import type { InterfaceRecord, NewPeer, PeerRecord } from '../../store';
import { audit, peerSummary, peerTarget, reason } from '../logs/audit';
import type { Caller, ServiceContext } from '../context';
import type { KernelOutcome } from '../kernel/pipeline';
import { peerSpecFrom } from '../kernel/spec';

export interface NewPeerOutcome {
  readonly peer: PeerRecord;
  readonly outcome: KernelOutcome;
}

/**
 * Writes the row (from `plan`, which reads and checks), then gives the kernel
 * the peer while the commit is synced. One `wg set` is all or nothing, so when
 * it fails, or the disk refuses the row, the row goes and so does the peer:
 * nothing half-made remains in the kernel or the database, and nothing is
 * acknowledged that is not on disk.
 */
export async function createAndApply(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  plan: () => NewPeer,
  caller: Caller,
): Promise<NewPeerOutcome> {
  const { value, synced } = ctx.store.peers.writeSyncLater(() => {
    const row = plan();
    const made = ctx.store.peers.insert(row);
    audit(ctx.store, caller, 'peer.create', peerTarget(made), peerSummary(made));
    // A refused step deletes the row; a link found gone marks it not applied again (below).
    ctx.kernel.record([made.id], iface.enabled ? 'applied' : 'interface-down');
    // The PSK in hand: no read and unseal of what was just sealed.
    return { made, spec: peerSpecFrom(made, row.presharedKey ?? null) };
  });
  const peer = value.made;
  // Settled together: a refused step must not leave `synced` unobserved.
  const [kernel, disk] = await Promise.allSettled([ctx.kernel.setPeer(iface, value.spec), synced]);
  try {
    if (kernel.status === 'rejected') throw kernel.reason;
    if (disk.status === 'rejected') {
      const why = disk.reason instanceof Error ? disk.reason.message : String(disk.reason);
      const error = new AppError('Internal', `the new peer could not be written to disk (${why})`);
      throw await takenOut(ctx, iface, peer.publicKey, kernel.value, error);
    }
    if (kernel.value !== 'applied' && iface.enabled) ctx.kernel.record([peer.id], kernel.value);
    return { peer, outcome: kernel.value };
  } catch (e) {
    ctx.store.transaction(() => {
      ctx.store.peers.delete(peer.id);
      audit(ctx.store, caller, 'peer.create.reverted', peerTarget(peer), reason(e));
    });
    throw e;
  }
}

/**
 * The row is not kept though `wg set` added the peer: it leaves the kernel
 * again. Returns the error to throw, which says so when it could not.
 */
async function takenOut(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  key: WgKey,
  outcome: KernelOutcome,
  why: AppError,
): Promise<AppError> {
  if (outcome !== 'applied') return why;
  try {
    await ctx.kernel.removePeers(iface, [key]);
    return new AppError(why.kind, `${why.message}; it was taken out of the kernel again`);
  } catch (e) {
    const left = e instanceof Error ? e.message : String(e);
    return new AppError(
      why.kind,
      `${why.message}, and it could not be taken out of the kernel (${left}): reconcile drift to remove it`,
    );
  }
}
