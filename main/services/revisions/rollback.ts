// Putting a server back as a revision had it, as one change: the rows in one
// transaction, then the kernel in one `wg syncconf` (peers added, removed
// and changed, key and port) plus `ip` for addresses and MTU. If the kernel
// refuses, the rows and the kernel go back to what they were. Only the rows
// that differ are written, and only their secrets are opened.
import { AppError, conflict } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { WgKey } from '../../../shared/validate';
import type {
  InterfaceId,
  InterfacePatch,
  InterfaceRecord,
  PeerId,
  PeerPatch,
  Store,
  UserId,
} from '../../store';
import { sameBlob, samePeer, type PeerImage, type ServerState } from '../../store/revision-images';
import { audit, interfaceTarget, reason } from '../logs/audit';
import type { Caller, ServiceContext } from '../context';
import { addressesOf, desiredDevice } from '../kernel/device';
import { DEFAULT_MTU } from '../interfaces/settings-plan';
import { alsoFailed } from '../interfaces/settings-update';
import { refuseRevoked } from '../lifecycle/revoke';

export async function rollbackTo(
  ctx: ServiceContext,
  id: InterfaceId,
  target: ServerState,
  revisionId: number,
  caller: Caller,
): Promise<InterfaceRecord> {
  const { store } = ctx;
  const current = store.revisions.current(id);
  refuseRevokedReturn(store, target, current, revisionId);
  const after = store.transaction(() => {
    const row = writeState(store, id, target, current);
    audit(store, caller, 'interface.rollback', interfaceTarget(row), { toRevision: revisionId });
    return row;
  });
  try {
    await pushAll(ctx, after);
  } catch (e) {
    const before = store.transaction(() => {
      const row = writeState(store, id, current, store.revisions.current(id));
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

/**
 * A revision from before a revocation would hand the revoked key its place
 * back: refused as a whole, naming the peer, rather than rolled back without
 * it (a "rollback" that silently differs from the revision would mislead the
 * history it writes). A peer the revision itself shows revoked stays so.
 */
function refuseRevokedReturn(
  store: Store,
  target: ServerState,
  current: ServerState,
  revisionId: number,
): void {
  const servers = new Set([target.settings.publicKey, current.settings.publicKey]);
  for (const p of target.peers.values()) {
    const { revokedAt } = JSON.parse(p.image) as { revokedAt?: number | null };
    if (revokedAt !== null && revokedAt !== undefined) continue;
    for (const serverKey of servers) {
      try {
        refuseRevoked(store, serverKey, [p.publicKey], 'revisionId');
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        throw conflict(
          'revisionId',
          `rolling back to revision ${revisionId} would bring back a revoked peer: ` +
            `${e.message.replace('revisionId: ', '')}. Roll back to a revision after the revocation.`,
          problem('rollback_revoked', { revision: revisionId }),
        );
      }
    }
  }
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

/** Makes the rows (now `present`) say what `target` says; call inside a transaction. */
function writeState(
  store: Store,
  id: InterfaceId,
  target: ServerState,
  present: ServerState,
): InterfaceRecord {
  if (target.settings.image !== present.settings.image) {
    store.interfaces.update(id, JSON.parse(target.settings.image) as InterfacePatch);
  }
  if (target.settings.publicKey !== present.settings.publicKey) {
    const key = store.revisions.openInterfaceKey(target.settings);
    store.interfaces.replaceKeys(id, key, target.settings.publicKey);
  }
  const wanted = new Map([...target.peers.values()].map((p) => [p.publicKey, p]));
  const existing = new Map([...present.peers.values()].map((p) => [p.publicKey, p]));
  // Removed first: a restored peer may take back an address a removed one holds.
  for (const p of existing.values()) {
    if (!wanted.has(p.publicKey)) store.peers.delete(p.peerId as PeerId);
  }
  for (const p of wanted.values()) {
    const old = existing.get(p.publicKey);
    if (old !== undefined && samePeer(old, p)) continue;
    const secrets = secretsOf(store, id, p);
    if (old === undefined) {
      const s = settingsOf(store, p);
      store.peers.insert({
        interfaceId: id,
        ...s,
        name: s.name ?? missing('name'),
        type: s.type ?? missing('type'),
        tunnelMode: s.tunnelMode ?? missing('tunnelMode'),
        publicKey: p.publicKey,
        ...secrets,
      });
      continue;
    }
    if (old.image !== p.image) store.peers.update(old.peerId as PeerId, settingsOf(store, p));
    const same =
      sameBlob(old.privateKeySealed, p.privateKeySealed) &&
      sameBlob(old.presharedKeySealed, p.presharedKeySealed);
    if (!same && !sameSecrets(secretsOf(store, id, old), secrets)) {
      store.peers.replaceKeys(old.peerId as PeerId, { publicKey: p.publicKey, ...secrets });
    }
  }
  return store.interfaces.require(id);
}

interface Secrets {
  readonly privateKey: WgKey | null;
  readonly presharedKey: WgKey | null;
}

function secretsOf(store: Store, id: InterfaceId, p: PeerImage): Secrets {
  return {
    privateKey: store.revisions.openPeerSecret(id, p.publicKey, 'private_key', p.privateKeySealed),
    presharedKey: store.revisions.openPeerSecret(
      id,
      p.publicKey,
      'preshared_key',
      p.presharedKeySealed,
    ),
  };
}

const sameSecrets = (a: Secrets, b: Secrets): boolean =>
  a.privateKey === b.privateKey && a.presharedKey === b.presharedKey;

function missing(field: string): never {
  throw new AppError('Internal', `a revision's peer image has no ${field}`);
}

/** A revision peer's settings; a user deleted since then is left out, not recreated. */
function settingsOf(store: Store, p: PeerImage): PeerPatch {
  const s = JSON.parse(p.image) as PeerPatch;
  const userId =
    s.userId !== null && s.userId !== undefined && store.users.getById(s.userId as UserId)
      ? s.userId
      : null;
  return { ...s, userId };
}
