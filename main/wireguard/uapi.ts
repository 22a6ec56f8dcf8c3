// wireguard-go's answer to "get=1" on its control socket (the cross-platform
// UAPI, wireguard.com/xplatform; written by device/uapi.go), read into the
// same model as `wg show … dump` (issue 17: the monitor asks the socket
// itself instead of starting `wg` to ask it). Pure: main/host/uapi.ts talks
// to the socket.
import { AppError } from '../../shared/errors';
import { isCanonicalCidr, parseCidr, type Cidr } from '../../shared/ip';
import type { WgKey } from '../../shared/validate/key';
import { parseInterfaceName } from '../../shared/validate/names';
import { detach } from './dump-fields';
import type { ObservedInterface, ObservedPeer } from './dump';
import { publicKeyOf } from './keys';

const HEX_KEY = /^[0-9a-f]{64}$/;
/** wireguard-go prints a peer's preshared key always: all zeros when there is none. */
const ZERO_KEY = '0'.repeat(64);

type PeerFields = { -readonly [K in keyof ObservedPeer]: ObservedPeer[K] } & { allowedIps: Cidr[] };

function fail(name: string, problem: string): never {
  // Never quote a value: the answer holds the private key and PSKs.
  throw new AppError('Internal', `${name}'s control socket: ${problem}`);
}

/** A decimal as the socket prints it (u64); Number() alone would take "", "1e3", "0x1". */
function uint(name: string, key: string, value: string, max?: number): number {
  if (!/^[0-9]{1,20}$/.test(value)) fail(name, `${key} is not a number`);
  const v = Number(value);
  if (max !== undefined && v > max) fail(name, `${key} is above ${max}`);
  return v;
}

/** Hex of 32 bytes as base64, which is how wg and the rest of wgdesk name a key. */
function key(name: string, what: string, hex: string): WgKey {
  if (!HEX_KEY.test(hex)) fail(name, `${what} is not a key`);
  return Buffer.from(hex, 'hex').toString('base64') as WgKey;
}

function cidr(name: string, value: string): Cidr {
  // A copy: a slice would keep the whole answer, private key included, alive (dump-fields.ts).
  if (isCanonicalCidr(value)) return detach(value) as Cidr;
  const r = parseCidr(value, 'allowed IP');
  return r.ok ? r.value : fail(name, `allowed IP: ${r.error.message}`);
}

function newPeer(name: string, hex: string): PeerFields {
  return {
    publicKey: key(name, 'peer public key', hex),
    hasPresharedKey: false,
    endpoint: null,
    allowedIps: [],
    latestHandshake: null,
    rxBytes: 0,
    txBytes: 0,
    persistentKeepalive: 0,
  };
}

/** The interface's lines, then for each peer a public_key line followed by its own; errno last. */
export function parseUapi(name: string, text: string): ObservedInterface {
  const valid = parseInterfaceName(name, 'interface');
  if (!valid.ok) fail(name, 'not an interface name');
  const device = { privateHex: null as string | null, listenPort: 0, fwMark: 0 };
  const peers: PeerFields[] = [];
  let peer: PeerFields | null = null;
  let errno: string | null = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq < 1) fail(name, 'a line is not key=value');
    const k = line.slice(0, eq);
    const v = line.slice(eq + 1);
    if (k === 'errno') errno = v;
    else if (k === 'public_key') peers.push((peer = newPeer(name, v)));
    else if (peer !== null) peerField(name, peer, k, v);
    else if (k === 'private_key') device.privateHex = v;
    else if (k === 'listen_port') device.listenPort = uint(name, k, v, 65535);
    else if (k === 'fwmark') device.fwMark = uint(name, k, v, 0xffffffff);
  }
  if (errno !== '0') fail(name, `answered errno=${errno ?? '(none)'}`);
  const { privateHex } = device;
  return {
    name: valid.value,
    privateKeyPresent: privateHex !== null,
    publicKey: privateHex === null ? null : publicKeyOf(key(name, 'private key', privateHex)),
    listenPort: device.listenPort,
    fwMark: device.fwMark,
    peers,
  };
}

function peerField(name: string, peer: PeerFields, k: string, v: string): void {
  switch (k) {
    case 'preshared_key':
      if (!HEX_KEY.test(v)) fail(name, 'preshared key is not a key');
      peer.hasPresharedKey = v !== ZERO_KEY;
      return;
    case 'endpoint':
      peer.endpoint = detach(v);
      return;
    case 'allowed_ip':
      peer.allowedIps.push(cidr(name, v));
      return;
    case 'last_handshake_time_sec': {
      const s = uint(name, k, v);
      peer.latestHandshake = s === 0 ? null : s;
      return;
    }
    case 'rx_bytes':
      peer.rxBytes = uint(name, k, v);
      return;
    case 'tx_bytes':
      peer.txBytes = uint(name, k, v);
      return;
    case 'persistent_keepalive_interval':
      peer.persistentKeepalive = uint(name, k, v, 65535);
      return;
    default:
      // protocol_version, last_handshake_time_nsec, and what later versions add.
      return;
  }
}
