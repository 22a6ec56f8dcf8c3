import { AppError } from '../../../shared/errors';
import type { InterfaceAddress } from '../../../shared/validate';
import type { DeviceSpec } from '../../host/host';
import type { InterfaceRecord, PeerId } from '../../store';
import type { Deps } from '../deps';
import { belongsInKernel, peerSpecOf } from './spec';

// The kernel side of an interface: what it should hold, bringing it up, and
// pushing the desired state onto it without restarting it.

/** The whole desired device, and the ids of every peer it accounts for (in it or kept out). */
export function desiredDevice(
  deps: Deps,
  iface: InterfaceRecord,
): { device: DeviceSpec; ids: PeerId[] } {
  const { store, now } = deps.ctx;
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
  deps: Deps,
  iface: InterfaceRecord,
  created: () => Promise<void> = async () => undefined,
): Promise<void> {
  const { host, store } = deps.ctx;
  const link = await host.linkState(iface.name);
  if (!link.exists) await host.createInterface(iface.name);
  try {
    if (!link.exists) await created();
    const { device, ids } = desiredDevice(deps, iface);
    await host.configure(iface.name, device, link.exists ? 'sync' : 'replace');
    await host.setAddresses(iface.name, addressesOf(iface));
    await host.setLink(
      iface.name,
      iface.mtu === null ? { up: true } : { up: true, mtu: iface.mtu },
    );
    store.peers.setApplied(ids, true);
  } catch (e) {
    if (!link.exists) await host.deleteInterface(iface.name).catch(() => undefined);
    throw e;
  }
}

/** `wg syncconf` with the desired state: only differences change, no session drops. */
export async function pushDesired(deps: Deps, iface: InterfaceRecord): Promise<void> {
  const { device, ids } = desiredDevice(deps, iface);
  await deps.ctx.host.configure(iface.name, device, 'sync');
  deps.ctx.store.peers.setApplied(ids, true);
}

/** What a kernel step for peers came to. */
export type KernelOutcome = 'applied' | 'interface-down';

/**
 * Runs a peer-level kernel step when the interface is meant to be up. A
 * failure on an interface that turns out not to exist is not an error: the
 * rows stay not-applied and bringing the interface up applies them.
 */
export async function kernelStep(
  deps: Deps,
  iface: InterfaceRecord,
  step: () => Promise<void>,
): Promise<KernelOutcome> {
  if (!iface.enabled) return 'interface-down';
  try {
    await step();
    return 'applied';
  } catch (e) {
    const link = await deps.ctx.host.linkState(iface.name).catch(() => undefined);
    if (link !== undefined && !link.exists) return 'interface-down';
    throw e;
  }
}

/** The interface must be running for this; says so instead of failing inside `wg`. */
export async function requireRunning(deps: Deps, iface: InterfaceRecord): Promise<void> {
  const link = await deps.ctx.host.linkState(iface.name);
  if (!link.exists) {
    throw new AppError(
      'Conflict',
      `interface ${iface.name} is not running: bring it up first`,
      'interfaceId',
    );
  }
}
