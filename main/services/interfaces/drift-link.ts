// Drift of the interface's own fields beyond key and port: its fwmark (in
// `wg show dump`) and its addresses and MTU (on the link, from `ip`), with
// both ways to reconcile them.
import type { DriftReport } from '../../../shared/contract';
import { familyOf } from '../../../shared/ip';
import type { FwMark, InterfaceAddress, Mtu } from '../../../shared/validate';
import type { LinkState } from '../../host/host';
import type { InterfacePatch, InterfaceRecord } from '../../store';
import type { ObservedInterface } from '../../wireguard';
import type { ServiceContext } from '../context';
import { addressesOf } from '../kernel/device';
import { DEFAULT_MTU } from './settings-plan';

type InterfaceField = DriftReport['interfaceDifferent'][number];

/** Which of fwmark, addresses and MTU differ. No MTU set means wg-quick's default, 1420. */
export function linkDrift(
  iface: InterfaceRecord,
  observed: ObservedInterface,
  link: LinkState | undefined,
): InterfaceField[] {
  const out: InterfaceField[] = [];
  if (observed.fwMark !== (iface.fwmark ?? 0)) out.push('fwmark');
  if (link === undefined || !link.exists) return out;
  const want = [...addressesOf(iface)].sort().join();
  if ([...link.addresses].sort().join() !== want) out.push('addresses');
  if (link.mtu !== null && link.mtu !== (iface.mtu ?? DEFAULT_MTU)) out.push('mtu');
  return out;
}

/** push: the link's addresses and MTU as the database says (fwmark goes with `wg syncconf`). */
export async function pushLink(
  ctx: ServiceContext,
  iface: InterfaceRecord,
  report: DriftReport,
  link: LinkState,
): Promise<void> {
  if (report.interfaceDifferent.includes('addresses')) {
    await ctx.host.setAddresses(iface.name, addressesOf(iface));
  }
  if (report.interfaceDifferent.includes('mtu')) {
    await ctx.host.setLink(iface.name, { up: link.up, mtu: iface.mtu ?? DEFAULT_MTU });
  }
}

/** adopt: what the kernel and the link have, as a patch of the interface's row. */
export function adoptLinkPatch(
  report: DriftReport,
  observed: ObservedInterface,
  link: LinkState | undefined,
): InterfacePatch {
  const patch: { -readonly [K in keyof InterfacePatch]: InterfacePatch[K] } = {};
  const changed = new Set(report.interfaceDifferent);
  if (changed.has('fwmark'))
    patch.fwmark = observed.fwMark === 0 ? null : (observed.fwMark as FwMark);
  if (link === undefined) return patch;
  if (changed.has('addresses')) {
    const first = (family: 4 | 6): InterfaceAddress | null =>
      link.addresses.find((a) => familyOf(a) === family) ?? null;
    patch.ipv4Address = first(4);
    patch.ipv6Address = first(6);
  }
  if (changed.has('mtu') && link.mtu !== null) patch.mtu = link.mtu as Mtu;
  return patch;
}
