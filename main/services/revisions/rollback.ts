// Putting a server back as a revision had it, as one change: the rows in one
// transaction, then the kernel in one `wg syncconf` (peers added, removed
// and changed, key and port) plus `ip` for addresses and MTU. If the kernel
// refuses, the rows and the kernel go back to what they were.
import type { InterfaceId, InterfaceRecord, PeerPatch, Store, UserId } from '../../store';
import { audit, interfaceTarget, reason } from '../logs/audit';
import type { Caller, ServiceContext } from '../context';
import { addressesOf, desiredDevice } from '../kernel/device';
import { DEFAULT_MTU } from '../interfaces/settings-plan';
import { alsoFailed } from '../interfaces/settings-update';
import { takeSnapshot, type Snapshot, type SnapshotPeer } from './snapshot';

export async function rollbackTo(
  ctx: ServiceContext,
  id: InterfaceId,
  target: Snapshot,
  revisionId: number,
  caller: Caller,
): Promise<InterfaceRecord> {
  const { store } = ctx;
  const current = takeSnapshot(store, id);
  const after = store.transaction(() => {
    const row = writeSnapshot(store, id, target);
    audit(store, caller, 'interface.rollback', interfaceTarget(row), { toRevision: revisionId });
    return row;
  });
  try {
    await pushAll(ctx, after);
  } catch (e) {
    const before = store.transaction(() => {
      const row = writeSnapshot(store, id, current);
      audit(store, caller, 'interface.rollback.reverted', interfaceTarget(row), reason(e));
      return row;
    });
    await pushAll(ctx, before).catch((again: unknown) => {
      throw alsoFailed(e, 'restoring the server as it was', again);
    });
    throw e;
  }
  return after;
}

/** The whole desired state onto a running server; nothing when it is not running. */
async function pushAll(ctx: ServiceContext, iface: InterfaceRecord): Promise<void> {
  const link = await ctx.host.linkState(iface.name);
  if (!link.exists) return;
  const { device, ids } = desiredDevice(ctx, iface);
  await ctx.host.configure(iface.name, device, 'sync');
  await ctx.host.setAddresses(iface.name, addressesOf(iface));
  await ctx.host.setLink(iface.name, { up: link.up, mtu: iface.mtu ?? DEFAULT_MTU });
  ctx.kernel.record(ids, 'applied');
}

/** Makes the rows say what the snapshot says; call inside a transaction. */
function writeSnapshot(store: Store, id: InterfaceId, snap: Snapshot): InterfaceRecord {
  const row = store.interfaces.update(id, snap.settings);
  if (row.publicKey !== snap.publicKey) {
    store.interfaces.replaceKeys(id, snap.privateKey, snap.publicKey);
  }
  const wanted = new Map(snap.peers.map((p) => [p.publicKey, p]));
  const existing = store.peers.listByInterface(id);
  // Removed first: a restored peer may take back an address a removed one holds.
  for (const p of existing) if (!wanted.has(p.publicKey)) store.peers.delete(p.id);
  const kept = new Map(existing.map((p) => [p.publicKey, p]));
  for (const p of snap.peers) {
    const settings = settingsOf(store, p);
    const old = kept.get(p.publicKey);
    if (old === undefined) {
      store.peers.insert({
        interfaceId: id,
        ...settings,
        name: p.name,
        type: p.type,
        tunnelMode: p.tunnelMode,
        publicKey: p.publicKey,
        privateKey: p.privateKey,
        presharedKey: p.presharedKey,
      });
      continue;
    }
    store.peers.update(old.id, settings);
    const psk = old.hasPresharedKey ? store.peers.revealPresharedKey(old.id) : null;
    const priv = old.hasPrivateKey ? store.peers.revealPrivateKey(old.id) : null;
    if (psk !== p.presharedKey || priv !== p.privateKey) {
      store.peers.replaceKeys(old.id, {
        publicKey: p.publicKey,
        privateKey: p.privateKey,
        presharedKey: p.presharedKey,
      });
    }
  }
  return store.interfaces.require(id);
}

/** A snapshot peer's settings; a user deleted since then is left out, not recreated. */
function settingsOf(store: Store, p: SnapshotPeer): PeerPatch {
  const userId =
    p.userId !== null && store.users.getById(p.userId as UserId) !== undefined ? p.userId : null;
  return {
    userId,
    name: p.name,
    email: p.email,
    type: p.type,
    addresses: p.addresses,
    extraNetworks: p.extraNetworks,
    tunnelMode: p.tunnelMode,
    splitNetworks: p.splitNetworks,
    keepalive: p.keepalive,
    endpoint: p.endpoint,
    enabled: p.enabled,
    revokedAt: p.revokedAt,
    expiresAt: p.expiresAt,
  };
}
