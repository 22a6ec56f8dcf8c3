import ipaddr from 'ipaddr.js';
import type { Cidr, InterfaceAddress } from '../../shared/validate/index';

/**
 * The network an interface address sits in (10.8.0.1/24 → 10.8.0.0/24), in the
 * same canonical text parseCidr produces. Stored next to the address so peer
 * allocation and rules can query networks without re-deriving them.
 */
export function networkOf(address: InterfaceAddress): Cidr {
  if (address.includes(':')) {
    return `${ipaddr.IPv6.networkAddressFromCIDR(address).toRFC5952String()}/${prefixOf(address)}` as Cidr;
  }
  return `${ipaddr.IPv4.networkAddressFromCIDR(address).toString()}/${prefixOf(address)}` as Cidr;
}

function prefixOf(address: InterfaceAddress): string {
  return address.slice(address.lastIndexOf('/') + 1);
}
