import type { DriftReport } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { Keepalive, WgKey } from '../../../shared/validate';
import type { InterfaceRecord, PeerId, PeerPatch, PeerRecord } from '../../store';
import type { ObservedInterface, ObservedPeer } from '../../wireguard';
import { audit, diffDetails, interfaceTarget, peerSummary, peerTarget } from '../logs/audit';
import type { Caller } from '../context';
import type { ServiceContext } from '../context';
import { addressesOf } from '../kernel/device';
import { counts } from './drift-diff';
import { adoptLinkPatch } from './drift-link';
import type { LinkState } from '../../host/host';
import { rowFromFound, splitAllowedIps } from './import-convert';
import { readSecrets, type InterfaceSecrets } from './secrets';
import { refuseRevoked } from '../lifecycle/revoke';

/**
 * The database takes what the kernel has, in one transaction. Secrets are read
 * from the host only when the kernel holds one the database lacks (a new
 * interface key, a PSK); the dump never carries them.
 */
export async function adopt(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  observed: ObservedInterface,
  report: DriftReport,
  caller: Caller,
  link?: LinkState,
): Promise<void> {
  const { store, now } = ctx;
  const peers = new Map<string, PeerRecord>(
    store.peers.listByInterface(iface.id).map((p) => [p.publicKey, p]),
  );
  const seen = new Map<string, ObservedPeer>(observed.peers.map((p) => [p.publicKey, p]));
  const needsSecrets =
    report.interfaceDifferent.includes('publicKey') ||
    report.unknownInKernel.some((u) => seen.get(u.publicKey)?.hasPresharedKey === true) ||
    report.different.some(
      (d) => d.fields.includes('presharedKey') && seen.get(d.publicKey)?.hasPresharedKey === true,
    );
  const secrets = needsSecrets
    ? await readSecrets(ctx.host, iface.name, 'adopting a key or PSK from the kernel')
    : undefined;
  const psk = (key: WgKey): WgKey => {
    const k = secrets?.presharedKeys.get(key);
    if (k === undefined) throw new AppError('Internal', `the host reported no PSK for peer ${key}`);
    return k;
  };
  const server = addressesOf(iface);
  store.transaction(() => {
    adoptInterface(ctx, iface, observed, report, secrets, link);
    const unknown = report.unknownInKernel.map((u, i) => {
      const p = seen.get(u.publicKey);
      if (p === undefined) throw new AppError('Internal', 'unknown peer vanished from the dump');
      return rowFromFound(
        iface.id,
        server,
        {
          publicKey: p.publicKey,
          presharedKey: p.hasPresharedKey ? psk(p.publicKey) : null,
          allowedIps: p.allowedIps,
          endpoint: null,
          keepalive: p.persistentKeepalive as Keepalive,
        },
        peers.size + i,
      );
    });
    refuseRevoked(
      store,
      iface.publicKey,
      unknown.map((r) => r.publicKey),
      'publicKey',
    );
    for (const id of store.peers.insertMany(unknown)) {
      audit(store, caller, 'peer.adopt', peerTarget({ id }), peerSummary(store.peers.require(id)));
    }
    for (const m of report.missingFromKernel) {
      // Disabled, not deleted: the row may hold the only copy of the peer's private key.
      change(ctx, caller, m.peerId as PeerId, { enabled: false });
    }
    for (const d of report.disconnectedButPresent) {
      const p = store.peers.require(d.peerId as PeerId);
      const expired = p.expiresAt !== null && p.expiresAt <= now();
      change(ctx, caller, p.id, {
        enabled: true,
        disconnected: false,
        disconnectedUntil: null,
        disconnectReason: null,
        revokedAt: null,
        ...(expired ? { expiresAt: null } : {}),
      });
    }
    for (const d of report.different) {
      const p = peers.get(d.publicKey);
      const k = seen.get(d.publicKey);
      if (p === undefined || k === undefined) continue;
      change(ctx, caller, p.id, {
        ...splitAllowedIps(k.allowedIps, server),
        keepalive: k.persistentKeepalive as Keepalive,
        ...(d.fields.includes('endpoint') ? { endpoint: null } : {}),
      });
      if (d.fields.includes('presharedKey')) {
        store.peers.replaceKeys(p.id, {
          publicKey: p.publicKey,
          privateKey: store.peers.revealPrivateKey(p.id),
          presharedKey: k.hasPresharedKey ? psk(k.publicKey) : null,
        });
      }
    }
    ctx.kernel.record(
      store.peers.listByInterface(iface.id).map((p) => p.id),
      'applied',
    );
    audit(store, caller, 'drift.adopt', interfaceTarget(iface), counts(report));
  });
}

function adoptInterface(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  observed: ObservedInterface,
  report: DriftReport,
  secrets: InterfaceSecrets | undefined,
  link: LinkState | undefined,
): void {
  const { store } = ctx;
  const linkPatch = adoptLinkPatch(report, observed, link);
  if (Object.keys(linkPatch).length > 0) store.interfaces.update(iface.id, linkPatch);
  if (report.interfaceDifferent.includes('listenPort') && observed.listenPort > 0) {
    store.interfaces.update(iface.id, {
      listenPort: observed.listenPort as InterfaceRecord['listenPort'],
    });
  }
  if (report.interfaceDifferent.includes('publicKey')) {
    const privateKey = secrets?.privateKey ?? null;
    if (privateKey === null || observed.publicKey === null) {
      throw new AppError(
        'Conflict',
        `interface ${iface.name} has no key in the kernel to adopt`,
        undefined,
        {
          problem: problem('kernel_no_key', { name: iface.name }),
        },
      );
    }
    store.interfaces.replaceKeys(iface.id, privateKey, observed.publicKey);
  }
}

function change(ctx: ServiceContext, caller: Caller, id: PeerId, patch: PeerPatch): PeerRecord {
  const { store } = ctx;
  const before = store.peers.require(id);
  const after = store.peers.update(id, patch);
  audit(
    store,
    caller,
    'peer.adopt.update',
    peerTarget(after),
    diffDetails(peerSummary(before), peerSummary(after)),
  );
  return after;
}
