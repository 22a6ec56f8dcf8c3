// The kernel side of disconnect and re-admission: the smallest `wg` change per
// interface, and flushing the cut peer's tracked connections where conntrack is.
import { AppError } from '../../../shared/errors';
import {
  parseIpAddress,
  type Cidr,
  type InterfaceName,
  type IpAddress,
  type WgKey,
} from '../../../shared/validate/index';
import type { Host, PeerSpec } from '../../host/host';
import type { InterfaceRecord, Store } from '../../store';

/** One interface's kernel change that failed; the database already holds the new state. */
export interface KernelFailure {
  readonly interfaceName: string;
  readonly error: AppError;
}

/** Above this many peers on one interface, one `wg addconf` beats one `wg set` each (~1.5 ms apiece). */
const ADDCONF_FROM = 8;

/** Removes peers, one `wg set` per interface. A missing interface holds no peers: not a failure. */
export async function removeFromKernel(
  host: Host,
  byInterface: ReadonlyMap<InterfaceName, readonly WgKey[]>,
): Promise<KernelFailure[]> {
  const failures: KernelFailure[] = [];
  for (const [name, keys] of byInterface) {
    try {
      await host.removePeers(name, keys);
    } catch (e) {
      const failure = await unlessGone(host, name, e);
      if (failure) failures.push(failure);
    }
  }
  return failures;
}

/** Puts peers back: `wg set` for a few, one `wg addconf` for many. */
export async function addToKernel(
  host: Host,
  store: Store,
  iface: InterfaceRecord,
  specs: readonly PeerSpec[],
): Promise<KernelFailure | null> {
  try {
    if (specs.length <= ADDCONF_FROM) {
      for (const spec of specs) await host.setPeer(iface.name, spec);
    } else {
      // addconf adds and updates, never removes; the same private key and port change nothing.
      const device = {
        privateKey: store.interfaces.revealPrivateKey(iface.id),
        listenPort: iface.listenPort,
        fwMark: null,
        peers: specs,
      };
      await host.configure(iface.name, device, 'add');
    }
    return null;
  } catch (e) {
    return unlessGone(host, iface.name, e);
  }
}

/**
 * Forgets the tracked connections of a cut peer's tunnel addresses, where the
 * host has conntrack: without it, flows the peer had through NAT linger until
 * they time out. Returns the outcome for the audit log; never throws (the peer
 * is already cut when this runs).
 */
export async function flushConntrack(host: Host, networks: readonly Cidr[]): Promise<string> {
  const addresses = hostAddresses(networks);
  if (addresses.length === 0) return 'no addresses';
  try {
    if (!(await host.capabilities()).conntrack) return 'conntrack is not installed';
    await host.flushConntrack(addresses);
    return 'flushed';
  } catch (e) {
    return e instanceof AppError ? `failed: ${e.message}` : 'failed';
  }
}

/** The single addresses among tunnel networks (10.8.0.2/32 → 10.8.0.2); wider networks are routes, not a peer's own. */
export function hostAddresses(networks: readonly Cidr[]): IpAddress[] {
  const out: IpAddress[] = [];
  for (const n of networks) {
    const [addr, bits] = n.split('/');
    if (bits !== (addr?.includes(':') === true ? '128' : '32')) continue;
    const parsed = parseIpAddress(addr);
    if (parsed.ok) out.push(parsed.value);
  }
  return out;
}

/** A failed change on an interface that does not exist is no failure: the peer is not in any kernel. */
async function unlessGone(
  host: Host,
  name: InterfaceName,
  e: unknown,
): Promise<KernelFailure | null> {
  const error = e instanceof AppError ? e : new AppError('CommandFailed', String(e));
  try {
    if (!(await host.linkState(name)).exists) return null;
  } catch {
    // cannot tell: report the original failure
  }
  return { interfaceName: name, error };
}

/** The first failure as the error to throw, naming how many interfaces failed. */
export function failureError(failures: readonly KernelFailure[]): AppError | null {
  const first = failures[0];
  if (first === undefined) return null;
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more interfaces)` : '';
  return new AppError(
    first.error.kind,
    `saved, but the kernel change on ${first.interfaceName} failed${more}: ${first.error.message}`,
  );
}
