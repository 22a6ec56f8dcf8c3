// A test-side model of what wg knows, for the dump parser's tests: devices
// with their secrets, printed as wg prints them, and what the parser should keep.
import fc from 'fast-check';
import { unwrap } from '../../../shared/result';
import { parseInterfaceName, type WgKey } from '../../../shared/validate';
import type { ObservedInterface, ObservedPeer } from '../../../main/wireguard';
import { cidr, ipAddress, key } from './arbitraries';

// A renderer that prints the model the way wg's dump_print() in show.c does.

export interface WgPeer extends ObservedPeer {
  readonly psk: WgKey | null;
}
export interface WgDevice extends Omit<ObservedInterface, 'peers'> {
  readonly privateKey: WgKey | null;
  readonly peers: readonly WgPeer[];
}

export const NONE = '(none)';

export function dumpLines(d: WgDevice, withName: boolean): string[] {
  const prefix = withName ? `${d.name}\t` : '';
  const lines = [
    `${prefix}${d.privateKey ?? NONE}\t${d.publicKey ?? NONE}\t${d.listenPort}\t${d.fwMark ? `0x${d.fwMark.toString(16)}` : 'off'}`,
  ];
  for (const p of d.peers) {
    const fields = [
      p.publicKey,
      p.psk ?? NONE,
      p.endpoint ?? NONE,
      p.allowedIps.length > 0 ? p.allowedIps.join(',') : NONE,
      p.latestHandshake ?? 0,
      p.rxBytes,
      p.txBytes,
      p.persistentKeepalive || 'off',
    ];
    lines.push(prefix + fields.join('\t'));
  }
  return lines;
}

export const dumpOne = (d: WgDevice) => dumpLines(d, false).join('\n') + '\n';
export const dumpAll = (ds: readonly WgDevice[]) =>
  ds.map((d) => dumpLines(d, true).join('\n') + '\n').join('');

/** What the parser should keep: the model minus the secrets. */
export function observed({ privateKey, peers, ...rest }: WgDevice): ObservedInterface {
  return {
    ...rest,
    privateKeyPresent: privateKey !== null,
    peers: peers.map(({ psk, ...p }) => ({ ...p, hasPresharedKey: psk !== null })),
  };
}

export const ifName = fc
  .stringMatching(/^[a-zA-Z0-9_=+.][a-zA-Z0-9_=+.-]{0,14}$/)
  .map((s) => parseInterfaceName(s))
  .filter((r) => r.ok)
  .map((r) => unwrap(r));

export const endpointText = fc.oneof(
  fc
    .tuple(ipAddress, fc.integer({ min: 1, max: 65535 }))
    .map(([ip, port]) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`)),
  fc.integer({ min: 1, max: 65535 }).map((port) => `[fe80::1%eth0]:${port}`),
);

export const wgPeer: fc.Arbitrary<WgPeer> = fc.record({
  publicKey: key,
  psk: fc.option(key, { nil: null }),
  hasPresharedKey: fc.constant(false), // replaced by observed()
  endpoint: fc.option(endpointText, { nil: null }),
  allowedIps: fc.uniqueArray(cidr, { maxLength: 5 }),
  latestHandshake: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: null }),
  rxBytes: fc.maxSafeNat(),
  txBytes: fc.maxSafeNat(),
  persistentKeepalive: fc.integer({ min: 0, max: 65535 }),
});

export const wgDevice: fc.Arbitrary<WgDevice> = fc.record({
  name: ifName,
  privateKey: fc.option(key, { nil: null }),
  privateKeyPresent: fc.constant(false), // replaced by observed()
  publicKey: fc.option(key, { nil: null }),
  listenPort: fc.integer({ min: 0, max: 65535 }),
  fwMark: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
  peers: fc.uniqueArray(wgPeer, { selector: (p) => p.publicKey, maxLength: 6 }),
});

export function secretsOf(ds: readonly WgDevice[]): string[] {
  return ds.flatMap((d) => [d.privateKey, ...d.peers.map((p) => p.psk)]).filter((s) => s !== null);
}
