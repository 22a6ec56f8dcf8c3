// What root does to a WireGuard link with `ip`, `wireguard-go` and `conntrack`
// (LocalHost's link operations). Each change to an existing link comes after
// requireWireGuard: a caller naming eth0 changes nothing. Arguments arrive
// validated; LocalHost checks them first.
import { AppError } from '../../shared/errors';
import type { InterfaceAddress, InterfaceName, IpAddress, Mtu } from '../../shared/validate';
import type { Runner } from './exec';
import type { Implementation, LinkState } from './host';
import { linkStateFrom, requireWireGuard } from './links';

export async function readLinkState(runner: Runner, name: InterfaceName): Promise<LinkState> {
  const { stdout } = await runner.run({ tool: 'ip', args: ['-j', 'address', 'show'] });
  return linkStateFrom(name, stdout);
}

/** A new WireGuard link: the kernel's where it has the module, else wireguard-go's. */
export async function createLink(runner: Runner, name: InterfaceName): Promise<Implementation> {
  if ((await readLinkState(runner, name)).exists) {
    throw new AppError('Conflict', `a network interface named ${name} already exists`, 'name');
  }
  try {
    await runner.run({ tool: 'ip', args: ['link', 'add', 'dev', name, 'type', 'wireguard'] });
    return 'kernel';
  } catch (e) {
    // "Unknown device type" / "Operation not supported": no kernel module here.
    if (!(e instanceof AppError) || e.kind !== 'CommandFailed') throw e;
  }
  if (!runner.has('wireguard-go')) {
    throw new AppError(
      'WireGuardUnavailable',
      'this kernel has no WireGuard module and wireguard-go is not installed',
    );
  }
  // wireguard-go daemonises: the interface outlives wgdesk, as a kernel one
  // would, and in a session of its own no signal to ours reaches it.
  await runner.run({ tool: 'wireguard-go', args: [name], detached: true });
  return 'userspace';
}

/** Adds and deletes addresses until the link has exactly `wanted`. */
export async function setAddresses(
  runner: Runner,
  name: InterfaceName,
  wanted: readonly InterfaceAddress[],
): Promise<void> {
  await requireWireGuard(runner, name);
  const state = await readLinkState(runner, name);
  for (const a of state.addresses.filter((a) => !wanted.includes(a))) {
    await runner.run({ tool: 'ip', args: ['address', 'del', a, 'dev', name] });
  }
  for (const a of wanted.filter((a) => !state.addresses.includes(a))) {
    await runner.run({ tool: 'ip', args: ['address', 'add', a, 'dev', name] });
  }
}

export async function setLink(
  runner: Runner,
  name: InterfaceName,
  state: { readonly up: boolean; readonly mtu?: Mtu },
): Promise<void> {
  await requireWireGuard(runner, name);
  const args = ['link', 'set', 'dev', name];
  if (state.mtu !== undefined) args.push('mtu', String(state.mtu));
  args.push(state.up ? 'up' : 'down');
  await runner.run({ tool: 'ip', args });
}

/** Forgets the connections to and from each address, so a cut peer's flows end now. */
export async function flushConntrack(
  runner: Runner,
  name: InterfaceName,
  addresses: readonly IpAddress[],
): Promise<void> {
  if (!runner.has('conntrack')) {
    throw new AppError('CommandFailed', 'conntrack is not installed: install conntrack');
  }
  await requireWireGuard(runner, name);
  for (const a of addresses) {
    for (const direction of ['--src', '--dst']) {
      try {
        await runner.run({ tool: 'conntrack', args: ['--delete', direction, a] });
      } catch (e) {
        // conntrack exits 1 when no entry matched ("0 flow entries have been deleted").
        if (!(e instanceof AppError) || !/0 flow entries/.test(e.message)) throw e;
      }
    }
  }
}
