// One peer as wireguard-go's control socket takes it ("set=1", the
// cross-platform UAPI, wireguard.com/xplatform): the request `wg set <if>
// peer … preshared-key … endpoint … persistent-keepalive … allowed-ips …`
// writes to that socket, built here so that the host sends it without
// starting `wg` (issue 17, point 4: a fork of a large process, then `ip netns
// exec` and `wg`, was most of adding one peer). Pure: main/host/uapi.ts sends it.
import { familyOf, parseIpAddress, type Cidr } from '../../shared/ip';
import type { Endpoint, Keepalive, WgKey } from '../../shared/validate';

/** What one `wg set` of a peer says (the host's PeerSpec). */
export interface UapiPeer {
  readonly publicKey: WgKey;
  readonly presharedKey: WgKey | null;
  readonly allowedIps: readonly Cidr[];
  readonly endpoint: Endpoint | null;
  readonly persistentKeepalive: Keepalive;
}

/** An unset key, as `wg set … preshared-key /dev/null` sends it. */
const NO_KEY = '0'.repeat(64);

/**
 * The request, or null when its endpoint is a host name: the socket takes
 * only an address, and `wg` resolves names (the host then runs `wg`).
 * It holds the PSK: the caller zeroes it once sent.
 */
export function uapiSetPeer(peer: UapiPeer): Buffer | null {
  const endpoint = peer.endpoint === null ? null : addressEndpoint(peer.endpoint);
  if (peer.endpoint !== null && endpoint === null) return null;
  const lines = [
    'set=1',
    `public_key=${hexOf(peer.publicKey)}`,
    `preshared_key=${peer.presharedKey === null ? NO_KEY : hexOf(peer.presharedKey)}`,
  ];
  if (endpoint !== null) lines.push(`endpoint=${endpoint}`);
  lines.push(
    `persistent_keepalive_interval=${peer.persistentKeepalive}`,
    // `allowed-ips` in `wg set` replaces the list; an empty one clears it.
    'replace_allowed_ips=true',
    ...peer.allowedIps.map((a) => `allowed_ip=${a}`),
  );
  return Buffer.from(`${lines.join('\n')}\n\n`, 'latin1');
}

/** The socket's answer ("errno=0" and a blank line): the errno, or null if it is not one. */
export function uapiErrno(answer: string): number | null {
  const m = /^errno=(-?\d+)\n\n$/.exec(answer);
  return m?.[1] === undefined ? null : Number(m[1]);
}

function hexOf(key: WgKey): string {
  return Buffer.from(key, 'base64').toString('hex');
}

/**
 * "1.2.3.4:51820" or "[fd00::1]:51820", the address written canonically (as
 * wireguard-go parses it: netip.ParseAddrPort); null for a name.
 */
function addressEndpoint(e: Endpoint): string | null {
  const colon = e.lastIndexOf(':');
  const host = e.slice(0, colon);
  const bracketed = host.startsWith('[') && host.endsWith(']');
  const ip = parseIpAddress(bracketed ? host.slice(1, -1) : host);
  if (!ip.ok) return null;
  const port = e.slice(colon + 1);
  return familyOf(ip.value) === 6 ? `[${ip.value}]:${port}` : `${ip.value}:${port}`;
}
