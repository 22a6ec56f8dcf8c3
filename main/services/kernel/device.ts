import { conflict } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import type { InterfaceAddress } from '../../../shared/validate';
import type { DeviceSpec } from '../../host/host';
import type { InterfaceRecord, PeerId } from '../../store';
import type { ServiceContext } from '../context';
import { configureNewLink } from './device-batches';
import { belongsInKernel, peerSpecOf } from './spec';

// The kernel side of a whole interface: what it should hold, bringing it up,
// and pushing the desired state onto it without restarting it. Callers run
// these inside the pipeline's change() for the interface (pipeline.ts).

/** The whole desired device, and the ids of every peer it accounts for (in it or kept out). */
export function desiredDevice(
  ctx: Pick<ServiceContext, 'store' | 'now'>,
  iface: InterfaceRecord,
): { device: DeviceSpec; ids: PeerId[] } {
  const { store, now } = ctx;
  const peers = store.peers.listByInterface(iface.id);
  const t = now();
  return {
    device: {
      privateKey: store.interfaces.revealPrivateKey(iface.id),
      listenPort: iface.listenPort,
      fwMark: iface.fwmark,
      peers: peers.filter((p) => belongsInKernel(p, t)).map((p) => peerSpecOf(p, store.peers)),
    },
    ids: peers.map((p) => p.id),
  };
}

export function addressesOf(iface: InterfaceRecord): InterfaceAddress[] {
  return [iface.ipv4Address, iface.ipv6Address].filter((a): a is InterfaceAddress => a !== null);
}

/**
 * Makes the interface exist, hold the desired state, and be up. An interface
 * that already exists gets `wg syncconf` (live sessions survive); a new one
 * `wg setconf`, and is removed again if a later step fails. `created` runs
 * right after a new link appears and before it is configured: where wg-quick
 * on Linux runs PreUp, so a PreUp may work on `%i` already.
 */
export async function bringUp(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  created: () => Promise<void> = async () => undefined,
): Promise<void> {
  const { host } = ctx;
  const link = await host.linkState(iface.name);
  if (!link.exists) await host.createInterface(iface.name);
  try {
    if (!link.exists) await created();
    // issue 17 (memory at start): a new link is filled a page of peers at a time.
    const ids = link.exists ? await syncWhole(ctx, iface) : await configureNewLink(ctx, iface);
    await host.setAddresses(iface.name, addressesOf(iface));
    await host.setLink(
      iface.name,
      iface.mtu === null ? { up: true } : { up: true, mtu: iface.mtu },
    );
    // network: routes to sites, forwarding, NAT and access rules come up with the server.
    await ctx.kernel.network.afterDevice(iface);
    // shaping (issue 12): speed limits come up with the server, at start too.
    await ctx.kernel.shaping.afterPeers(iface);
    ctx.kernel.record(ids, 'applied');
  } catch (e) {
    if (!link.exists) await host.deleteInterface(iface.name).catch(() => undefined);
    throw e;
  }
}

/** `wg syncconf` with the whole desired state; the ids of the peers it accounts for. */
async function syncWhole(ctx: ServiceContext, iface: InterfaceRecord): Promise<PeerId[]> {
  const { device, ids } = desiredDevice(ctx, iface);
  await ctx.host.configure(iface.name, device, 'sync');
  return ids;
}

/**
 * `wg syncconf` with the desired state: only differences change, no session
 * drops. `sync` may do it a page at a time (issue 17: the start-up push).
 */
export async function pushDesired(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  sync: (ctx: ServiceContext, iface: InterfaceRecord) => Promise<PeerId[]> = syncWhole,
): Promise<void> {
  const ids = await sync(ctx, iface);
  await ctx.kernel.network.afterDevice(iface);
  await ctx.kernel.shaping.afterPeers(iface);
  ctx.kernel.record(ids, 'applied');
}

/** The interface must be running for this; says so instead of failing inside `wg`. */
export async function requireRunning(ctx: ServiceContext, iface: InterfaceRecord): Promise<void> {
  const link = await ctx.host.linkState(iface.name);
  if (!link.exists) {
    throw conflict(
      'interfaceId',
      `interface ${iface.name} is not running: bring it up first`,
      problem('not_running', { name: iface.name }),
    );
  }
}
