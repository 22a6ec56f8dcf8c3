import type { Cidr } from '../../shared/ip';
import type { WgKey } from '../../shared/validate/key';
import { parseInterfaceName, type InterfaceName } from '../../shared/validate/names';
import { quote } from '../../shared/validate/common';
import { DumpLines, NONE } from './dump-fields';

/**
 * What a running interface reports (`wg show IF dump`): the read model. It is
 * not a WgQuickConfig: counters and handshakes are observed, never requested,
 * and the secrets the dump prints are reduced to "is there one".
 */
export interface ObservedInterface {
  readonly name: InterfaceName;
  /** Whether a private key is set. The key itself is never kept. */
  readonly privateKeyPresent: boolean;
  /** Derived from the private key; null when none is set. */
  readonly publicKey: WgKey | null;
  /** 0 until the interface has a socket. */
  readonly listenPort: number;
  /** 0 when off. */
  readonly fwMark: number;
  /** In the order wg lists them. */
  readonly peers: readonly ObservedPeer[];
}

export interface ObservedPeer {
  readonly publicKey: WgKey;
  /** Whether a preshared key is set. The key itself is never kept. */
  readonly hasPresharedKey: boolean;
  /** Where the last authenticated packet came from (or the configured one); null if none. */
  readonly endpoint: string | null;
  readonly allowedIps: readonly Cidr[];
  /** Unix seconds of the last handshake; null if there never was one. */
  readonly latestHandshake: number | null;
  /** Byte counters. Exact up to 2^53 (8 PiB); beyond that they are rounded. */
  readonly rxBytes: number;
  readonly txBytes: number;
  /** Seconds; 0 when off. */
  readonly persistentKeepalive: number;
}

const INTERFACE_FIELDS = 4;
const PEER_FIELDS = 8;

/** An interface whose peer lines are still being read. */
interface Building extends Omit<ObservedInterface, 'peers'> {
  readonly peers: ObservedPeer[];
}

/** Fields from `at`: private-key, public-key, listen-port, fwmark. */
function interfaceOf(name: InterfaceName, l: DumpLines, at: number): Building {
  return {
    name,
    privateKeyPresent: l.secret(at, 'private key'),
    publicKey: l.is(at + 1, NONE) ? null : l.key(at + 1, 'public key'),
    listenPort: l.uint(at + 2, 'listen port', 65535),
    fwMark: l.fwMark(at + 3),
    peers: [],
  };
}

/** From `at`: public-key, preshared-key, endpoint, allowed-ips, latest-handshake, rx, tx, keepalive. */
function peerOf(l: DumpLines, at: number): ObservedPeer {
  const handshake = l.uint(at + 4, 'latest handshake');
  return {
    publicKey: l.key(at, 'peer public key'),
    hasPresharedKey: l.secret(at + 1, 'preshared key'),
    endpoint: l.endpoint(at + 2),
    allowedIps: l.allowedIps(at + 3),
    latestHandshake: handshake === 0 ? null : handshake,
    rxBytes: l.uint(at + 5, 'transfer rx'),
    txBytes: l.uint(at + 6, 'transfer tx'),
    persistentKeepalive: l.is(at + 7, 'off') ? 0 : l.uint(at + 7, 'keepalive', 65535),
  };
}

/**
 * Parses `wg show all dump`: for each interface, its line (name + 4 fields)
 * followed by its peers' lines (name + 8 fields). Throws an Internal AppError
 * naming the line when the text is not what wg prints.
 */
export function parseDumpAll(text: string): Map<string, ObservedInterface> {
  const out = new Map<string, ObservedInterface>();
  let current: Building | undefined;
  let skipping: string | undefined;
  const l = new DumpLines(text);
  while (l.advance()) {
    if (l.count === 1 + PEER_FIELDS) {
      if (skipping !== undefined && l.is(0, skipping)) continue;
      if (current === undefined || !l.is(0, current.name)) {
        return l.fail("peer line is not under its interface's line");
      }
      current.peers.push(peerOf(l, 1));
    } else if (l.count === 1 + INTERFACE_FIELDS) {
      const name = l.copy(0);
      const valid = parseInterfaceName(name, 'interface');
      if (!valid.ok) {
        // Someone else's interface with a name we refuse (wg-quick allows a
        // leading "-"): wgdesk cannot manage it, but it must not blind the
        // monitor to every other interface either. Skip it and its peers.
        skipping = name;
        current = undefined;
        continue;
      }
      skipping = undefined;
      if (out.has(name)) l.fail(`interface ${quote(name)} appears twice`);
      current = interfaceOf(valid.value, l, 1);
      out.set(name, current);
    } else {
      l.fail(`expected ${1 + INTERFACE_FIELDS} or ${1 + PEER_FIELDS} fields, got ${l.count}`);
    }
  }
  return out;
}

/** Parses `wg show NAME dump`: the interface line, then one line per peer, no name column. */
export function parseDumpOne(name: InterfaceName, text: string): ObservedInterface {
  const l = new DumpLines(text);
  if (!l.advance()) {
    l.n = 1;
    return l.fail('no interface line (the output is empty)');
  }
  if (l.count !== INTERFACE_FIELDS) {
    l.fail(`expected the interface line (${INTERFACE_FIELDS} fields), got ${l.count}`);
  }
  const iface = interfaceOf(name, l, 0);
  while (l.advance()) {
    if (l.count !== PEER_FIELDS) l.fail(`expected ${PEER_FIELDS} fields, got ${l.count}`);
    iface.peers.push(peerOf(l, 0));
  }
  return iface;
}
