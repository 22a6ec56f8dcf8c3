// What `ip -j` says about links: the state of one (linkStateFrom), and
// whether it is WireGuard's at all (requireWireGuard), so that root never
// changes eth0 or docker0 because a caller named it.
import { lstatSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { parseInterfaceAddress, type InterfaceName } from '../../shared/validate';
import type { Runner } from './exec';
import type { LinkState } from './host';

/**
 * Where wireguard-go opens its UAPI socket, `<name>.sock` (wireguard-go's
 * ipc/uapi_linux.go, the path `wg` looks in too). The directory is root's
 * and 0700, and it is not per network namespace.
 */
export const UAPI_DIR = '/var/run/wireguard';

// wireguard-go answers a get only once no set holds the device: a get asked
// 0.3 s into a `wg setconf` of 30,000 peers got its first byte 3.6 s later
// (issue 17), and a bulk create of 65,536 takes longer still. At 5 s, the poll
// failed while a large bulk create was being applied; a daemon that says
// nothing for a minute is stuck, not busy.
// Reads (the poll) and sets (one peer) alike wait behind another set of the device.
export const UAPI_TIMEOUT_MS = 60_000;

/** An interface's control socket, `<dir>/<name>.sock`. */
export function uapiSocket(name: string, dir = UAPI_DIR): string {
  return `${dir}/${name}.sock`;
}

interface IpJsonLink {
  ifname?: string;
  flags?: string[];
  mtu?: number;
  addr_info?: { family?: string; local?: string; prefixlen?: number; scope?: string }[];
  linkinfo?: { info_kind?: string };
}

/** Reads `ip -j address show`: existence, admin state, MTU and global addresses of one link. */
export function linkStateFrom(name: string, json: string): LinkState {
  const links = JSON.parse(json) as IpJsonLink[];
  const link = links.find((l) => l.ifname === name);
  if (!link) return { exists: false, up: false, mtu: null, addresses: [] };
  const addresses = (link.addr_info ?? [])
    .filter((a) => a.scope !== 'link' && a.local !== undefined && a.prefixlen !== undefined)
    .map((a) => parseInterfaceAddress(`${a.local}/${a.prefixlen}`))
    .flatMap((r) => (r.ok ? [r.value] : []));
  return { exists: true, up: (link.flags ?? []).includes('UP'), mtu: link.mtu ?? null, addresses };
}

/**
 * A link's kind from `ip -d -j link show`: `wireguard` for the kernel's,
 * `tun` for wireguard-go's (and any other tun), `device` for hardware (which
 * has no linkinfo); null when there is no such link.
 */
export function linkKindFrom(name: string, json: string): string | null {
  const link = (JSON.parse(json) as IpJsonLink[]).find((l) => l.ifname === name);
  if (link === undefined) return null;
  return link.linkinfo?.info_kind ?? 'device';
}

/**
 * Refuses, before anything changes, a link that is not a WireGuard
 * interface: the kernel's `wireguard` kind, or a tun that wireguard-go
 * serves (its UAPI socket exists; OpenVPN's tun0 has none). NotFound when
 * there is no such link at all.
 */
export async function requireWireGuard(runner: Runner, name: InterfaceName): Promise<void> {
  checkWireGuard(name, await linkListing(runner));
}

/** Every link, as `ip -d -j link show` lists it: one listing can serve several checks. */
export async function linkListing(runner: Runner): Promise<string> {
  return (await runner.run({ tool: 'ip', args: ['-d', '-j', 'link', 'show'] })).stdout;
}

/** requireWireGuard on a listing already read. */
export function checkWireGuard(name: InterfaceName, listing: string): void {
  const kind = linkKindFrom(name, listing);
  if (kind === null) throw new AppError('NotFound', `interface ${name} does not exist`, 'name');
  if (kind === 'wireguard' || (kind === 'tun' && isSocket(uapiSocket(name)))) return;
  throw new AppError(
    'Conflict',
    `${name} is not a WireGuard interface (its kind is ${kind}): wgdesk changes WireGuard interfaces only`,
    'name',
  );
}

function isSocket(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return false;
  }
}
