import { conflict, invalidInput } from '../../../shared/errors';
import { problem } from '../../../shared/problems';
import { AddressPool, contains, familyOf, hostOf, networkOf, overlaps } from '../../../shared/ip';
import type {
  ConfText,
  DnsEntry,
  Endpoint,
  FwMark,
  InterfaceAddress,
  Mtu,
  Port,
  RouteTable,
} from '../../../shared/validate';
import type { InterfaceId, InterfacePatch, InterfaceRecord, InterfaceSettings } from '../../store';
import type { ServiceContext } from '../context';

/** Settings an admin gives a server; absent fields keep their value (or the default on create). */
export interface InterfaceSettingsInput {
  readonly listenPort?: Port | undefined;
  readonly ipv4Address?: InterfaceAddress | null | undefined;
  readonly ipv6Address?: InterfaceAddress | null | undefined;
  readonly dns?: readonly DnsEntry[] | undefined;
  readonly mtu?: Mtu | null | undefined;
  readonly publicEndpoint?: Endpoint | null | undefined;
  /** 0 or null: no mark (wg's "off"). */
  readonly fwmark?: FwMark | null | undefined;
  /** wg-quick's Table; null: auto (the main table). */
  readonly routeTable?: RouteTable | null | undefined;
  /** wg-quick's hooks: stored, run at up/down only where root allows scripts. */
  readonly preUp?: readonly ConfText[] | undefined;
  readonly postUp?: readonly ConfText[] | undefined;
  readonly preDown?: readonly ConfText[] | undefined;
  readonly postDown?: readonly ConfText[] | undefined;
}

const FIRST_PORT = 51820;

/** The lowest port from 51820 up that no other interface of this host listens on. */
export function pickListenPort(ctx: ServiceContext): Port {
  const taken = new Set(ctx.store.interfaces.list(ctx.hostId).map((i) => i.listenPort));
  let port = FIRST_PORT;
  while (taken.has(port as Port)) port++;
  return port as Port;
}

type Checked = Pick<InterfaceSettings, 'listenPort' | 'ipv4Address' | 'ipv6Address'>;

/**
 * Refuses settings that would break this or another server: an address of the
 * wrong family or on the network/broadcast address, a network overlapping
 * another server's (routes would clash), a listen port another server uses,
 * and, for an existing server, a change that strands its peers' addresses.
 */
export function checkSettings(
  ctx: ServiceContext,
  next: Checked,
  self: InterfaceRecord | null,
): void {
  for (const [field, family] of [
    ['ipv4Address', 4],
    ['ipv6Address', 6],
  ] as const) {
    const address = next[field];
    if (address === null) continue;
    if (familyOf(address) !== family) {
      throw invalidInput(
        field,
        `${address} is not an IPv${family} address`,
        problem('not_family', { address, family }),
      );
    }
    if (new AddressPool(networkOf(address), null, []).isTaken(hostOf(address))) {
      throw invalidInput(
        field,
        `${address} is the network's own address, not a host in it`,
        problem('network_address', { address }),
      );
    }
    checkOverlap(ctx, field, address, self?.id ?? null);
    if (self !== null) checkPeersStillFit(ctx, field, address, self);
  }
  const others = ctx.store.interfaces
    .list(ctx.hostId)
    .filter((i) => i.id !== self?.id && i.listenPort !== null && i.listenPort === next.listenPort);
  const clash = others[0];
  if (clash !== undefined) {
    throw conflict(
      'listenPort',
      `listen port ${next.listenPort}: interface ${clash.name} already uses it`,
      problem('port_in_use', { port: next.listenPort ?? 0, name: clash.name }),
    );
  }
}

function checkOverlap(
  ctx: ServiceContext,
  field: 'ipv4Address' | 'ipv6Address',
  address: InterfaceAddress,
  selfId: InterfaceId | null,
): void {
  const mine = networkOf(address);
  for (const other of ctx.store.interfaces.list(ctx.hostId)) {
    const theirs =
      other.id === selfId ? null : other[field === 'ipv4Address' ? 'ipv4Network' : 'ipv6Network'];
    if (theirs === null) continue;
    if (overlaps(mine, theirs)) {
      throw conflict(
        field,
        `${field}: network ${mine} overlaps ${theirs} of interface ${other.name}`,
        problem('network_overlaps', { network: mine, other: theirs, name: other.name }),
      );
    }
  }
}

function checkPeersStillFit(
  ctx: ServiceContext,
  field: 'ipv4Address' | 'ipv6Address',
  address: InterfaceAddress,
  self: InterfaceRecord,
): void {
  const before = self[field === 'ipv4Address' ? 'ipv4Network' : 'ipv6Network'];
  const used = ctx.store.peers.usedNetworks(self.id);
  const after = networkOf(address);
  if (before !== null && before !== after) {
    const stranded = used.filter((u) => contains(before, u)).length;
    if (stranded > 0) {
      throw conflict(
        field,
        `${field}: ${stranded} peer addresses are in ${before}; moving the server to ${after} ` +
          'would strand them (remove or re-address those peers first)',
        problem('would_strand', { count: stranded, before, after }),
      );
    }
  }
  const asPeer = `${hostOf(address)}/${field === 'ipv4Address' ? 32 : 128}`;
  if (used.some((u) => u === asPeer)) {
    throw conflict(
      field,
      `${field}: ${address} is already a peer's address`,
      problem('peer_address', { address }),
    );
  }
}

/** The input as a store patch: absent fields stay out, so they keep their value. */
export function patchOf(input: InterfaceSettingsInput): InterfacePatch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = v;
  return out as InterfacePatch;
}

/** Every setting of a record, to write back when a change is reverted. */
export function settingsOf(r: InterfaceRecord): InterfaceSettings {
  return {
    name: r.name,
    listenPort: r.listenPort,
    ipv4Address: r.ipv4Address,
    ipv6Address: r.ipv6Address,
    dns: r.dns,
    mtu: r.mtu,
    routeTable: r.routeTable,
    fwmark: r.fwmark,
    preUp: r.preUp,
    postUp: r.postUp,
    preDown: r.preDown,
    postDown: r.postDown,
    publicEndpoint: r.publicEndpoint,
    enabled: r.enabled,
  };
}
