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
  /**
   * In the order wg lists them. Read from wireguard-go's socket, which lists
   * them in a new order every time: in the order of the last read, new ones last.
   * Never written once handed back: a peer that did not change is handed
   * back again, the same object (issue 17). The one exception is a result
   * given back to its parser (DumpParser's or UapiParser's recycle): its
   * caller has let go of it.
   */
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

/**
 * issue 17: the strings and networks read from each line of an interface's
 * last dump, by line. A dump lists almost every peer where it listed it last
 * time with the same key, endpoint and networks; reading a field that says
 * exactly what it said then hands back the same string (or array) instead of
 * a new copy: a 50k-peer dump made ~150k new strings and 50k arrays a poll,
 * most of the parse's garbage, and keys that are the same string from poll to
 * poll keep their hash for the monitor's lookup. Strings are immutable and
 * the arrays are never written after the parse, so sharing them between
 * results is safe; every one is a copy, never a view into a dump.
 */
interface LastLines {
  keys: WgKey[];
  endpoints: (string | null)[];
  /** The allowed-ips field as it read, NONE for none. */
  ipsText: string[];
  ips: (readonly Cidr[])[];
  /**
   * The peers of this interface's last result once its caller gave it back
   * (DumpParser.recycle): line n of the next dump is read into spare[n].
   * Taken (null again) when the next dump reaches this interface.
   */
  spare: readonly ObservedPeer[] | null;
}

/** A peer as its parser fills it: written only before it is handed out, or once given back. */
export type WritablePeer = { -readonly [K in keyof ObservedPeer]: ObservedPeer[K] };

/** After an interface's last line: drops what lines past its count held. */
function trim(last: LastLines, count: number): void {
  if (last.keys.length === count) return;
  last.keys.length = Math.min(last.keys.length, count);
  last.endpoints.length = Math.min(last.endpoints.length, count);
  last.ipsText.length = Math.min(last.ipsText.length, count);
  last.ips.length = Math.min(last.ips.length, count);
}

/**
 * Line `n` of its interface, with what that line read last time when given,
 * into `spare` (the line's peer of a result given back) when there is one.
 */
function peerOf(
  l: DumpLines,
  at: number,
  last?: LastLines,
  n = 0,
  spare?: ObservedPeer,
): ObservedPeer {
  if (last === undefined)
    return peerFrom(l, at, l.key(at, 'peer public key'), l.endpoint(at + 2), l.allowedIps(at + 3));
  const lastKey = last.keys[n];
  const publicKey =
    lastKey !== undefined && l.is(at, lastKey) ? lastKey : l.key(at, 'peer public key');
  last.keys[n] = publicKey;
  const lastEndpoint = last.endpoints[n];
  const endpoint =
    typeof lastEndpoint === 'string' && l.is(at + 2, lastEndpoint)
      ? lastEndpoint
      : l.endpoint(at + 2);
  last.endpoints[n] = endpoint;
  const lastIps = last.ipsText[n];
  let allowedIps = last.ips[n];
  if (lastIps === undefined || allowedIps === undefined || !l.is(at + 3, lastIps)) {
    allowedIps = l.allowedIps(at + 3);
    // Rejoined from the networks: a field that reads the same parses to the same ones.
    last.ipsText[n] =
      allowedIps.length === 0
        ? NONE
        : allowedIps.length === 1
          ? (allowedIps[0] ?? '')
          : allowedIps.join(',');
    last.ips[n] = allowedIps;
  }
  if (spare === undefined) return peerFrom(l, at, publicKey, endpoint, allowedIps);
  // Made by this parser, and given back by a caller that keeps nothing of it.
  const peer = spare as WritablePeer;
  const handshake = l.uint(at + 4, 'latest handshake');
  peer.publicKey = publicKey;
  peer.hasPresharedKey = l.secret(at + 1, 'preshared key');
  peer.endpoint = endpoint;
  peer.allowedIps = allowedIps;
  peer.latestHandshake = handshake === 0 ? null : handshake;
  peer.rxBytes = l.uint(at + 5, 'transfer rx');
  peer.txBytes = l.uint(at + 6, 'transfer tx');
  peer.persistentKeepalive = keepalive(l, at + 7);
  return peer;
}

function keepalive(l: DumpLines, at: number): number {
  return l.is(at, 'off') ? 0 : l.uint(at, 'keepalive', 65535);
}

/** From `at`: public-key, preshared-key, endpoint, allowed-ips, latest-handshake, rx, tx, keepalive. */
function peerFrom(
  l: DumpLines,
  at: number,
  publicKey: WgKey,
  endpoint: string | null,
  allowedIps: readonly Cidr[],
): ObservedPeer {
  const handshake = l.uint(at + 4, 'latest handshake');
  return {
    publicKey,
    hasPresharedKey: l.secret(at + 1, 'preshared key'),
    endpoint,
    allowedIps,
    latestHandshake: handshake === 0 ? null : handshake,
    rxBytes: l.uint(at + 5, 'transfer rx'),
    txBytes: l.uint(at + 6, 'transfer tx'),
    persistentKeepalive: keepalive(l, at + 7),
  };
}

/**
 * wg's output as it came (see dump-fields.ts for why bytes), or as text where
 * it was read as such (tests, a one-off look).
 */
export type DumpOutput = Buffer | string;

const bytesOf = (out: DumpOutput): Buffer =>
  typeof out === 'string' ? Buffer.from(out, 'utf8') : out;

/**
 * Parses `wg show all dump`: for each interface, its line (name + 4 fields)
 * followed by its peers' lines (name + 8 fields). Throws an Internal AppError
 * naming the line when the text is not what wg prints. A one-off read: poll
 * after poll, a DumpParser hands back what did not change.
 */
export function parseDumpAll(out: DumpOutput): Map<string, ObservedInterface> {
  return new DumpParser().parseAll(out);
}

/**
 * Reads `wg show all dump` poll after poll (the monitor's host keeps one),
 * keeping each interface's lines of the last dump that listed it (LastLines).
 */
export class DumpParser {
  readonly #lines = new Map<string, LastLines>();
  /** The last result, until it is given back or another parse begins. */
  #last: ReadonlyMap<string, ObservedInterface> | null = null;

  /** parseDumpAll, with the strings and networks of lines that read as last time. */
  parseAll(dump: DumpOutput): Map<string, ObservedInterface> {
    this.#last = null;
    const out = new Map<string, ObservedInterface>();
    let current: Building | undefined;
    let last: LastLines | undefined;
    let spare: readonly ObservedPeer[] | null = null;
    let skipping: string | undefined;
    const l = new DumpLines(bytesOf(dump));
    while (l.advance()) {
      if (l.count === 1 + PEER_FIELDS) {
        if (skipping !== undefined && l.is(0, skipping)) continue;
        if (current === undefined || last === undefined || !l.is(0, current.name)) {
          return l.fail("peer line is not under its interface's line");
        }
        const n = current.peers.length;
        current.peers.push(peerOf(l, 1, last, n, spare?.[n]));
      } else if (l.count === 1 + INTERFACE_FIELDS) {
        if (current !== undefined && last !== undefined) trim(last, current.peers.length);
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
        last = this.#linesOf(name);
        // Taken now, whatever happens next: these peers go out with this result.
        spare = last.spare;
        last.spare = null;
        out.set(name, current);
      } else {
        l.fail(`expected ${1 + INTERFACE_FIELDS} or ${1 + PEER_FIELDS} fields, got ${l.count}`);
      }
    }
    if (current !== undefined && last !== undefined) trim(last, current.peers.length);
    // An interface this dump does not list is gone: what its lines read goes too.
    for (const name of this.#lines.keys()) if (!out.has(name)) this.#lines.delete(name);
    this.#last = out;
    return out;
  }

  /**
   * The caller of the last parseAll keeps nothing of its result any more:
   * the next parseAll reads each peer line into the peer that line had
   * (issue 17). V8 makes those peers straight in the old heap once it has
   * seen a dump's peers outlive a young collection, so at 50k all changing
   * they were ~4.4 MB of old garbage a poll, about half of what brings the
   * major collections; written over, they are none (measured, in turn with
   * the parser before: old-heap growth ~10 -> ~4 MB a scavenge; a 50k poll
   * 76-79 -> 56-69 ms, the costliest of a minute 193-230 -> 89-120 ms).
   * Any other result is left alone: a parse was made since, whose caller
   * may still be reading it, and a result not given back is never written.
   */
  recycle(result: ReadonlyMap<string, ObservedInterface>): void {
    if (result !== this.#last) return;
    this.#last = null;
    for (const [name, iface] of result) {
      const last = this.#lines.get(name);
      if (last !== undefined) last.spare = iface.peers;
    }
  }

  #linesOf(name: string): LastLines {
    let last = this.#lines.get(name);
    if (last === undefined) {
      last = { keys: [], endpoints: [], ipsText: [], ips: [], spare: null };
      this.#lines.set(name, last);
    }
    return last;
  }
}

/** Parses `wg show NAME dump`: the interface line, then one line per peer, no name column. */
export function parseDumpOne(name: InterfaceName, out: DumpOutput): ObservedInterface {
  const l = new DumpLines(bytesOf(out));
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
