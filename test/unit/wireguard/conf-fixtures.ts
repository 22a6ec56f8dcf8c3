// Realistic wg-quick files and the configs they should parse to.
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseDnsList,
  parseEndpoint,
  parseInterfaceAddress,
  parseKeepalive,
  parseKey,
  parseMtu,
  parsePort,
  type WgKey,
} from '../../../shared/validate';
import {
  parseHookCommand,
  type InterfaceSection,
  type WgQuickConfig,
} from '../../../main/wireguard';

/** A fixed, valid key: 32 bytes of `n`. */
export const k = (n: number): WgKey => unwrap(parseKey(Buffer.alloc(32, n).toString('base64')));
export const cidrs = (...s: string[]) => s.map((x) => unwrap(parseCidr(x)));
export const addrs = (...s: string[]) => s.map((x) => unwrap(parseInterfaceAddress(x)));
export const hooks = (...s: string[]) => s.map((x) => unwrap(parseHookCommand(x)));
export const ep = (s: string) => unwrap(parseEndpoint(s));
export const keepalive = (n: number) => unwrap(parseKeepalive(n));
export const text = (s: string) => unwrap(parseConfText(s));

export const NO_HOOKS = { preUp: [], postUp: [], preDown: [], postDown: [] } as const;
export const EMPTY_INTERFACE: InterfaceSection = { addresses: [], dns: [], ...NO_HOOKS };

const MASQ = 'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE';
const UNMASQ = 'iptables -t nat -D POSTROUTING -o eth0 -j MASQUERADE';

export const SERVER_CONF = `# wg0 on the office router, edited by hand
[Interface]
Address = 10.8.0.1/24
Address = fd42:42:42::1/64
ListenPort = 51820
PrivateKey = ${k(1)}
PostUp = iptables -A FORWARD -i %i -j ACCEPT; ${MASQ}
PostDown = iptables -D FORWARD -i %i -j ACCEPT; ${UNMASQ}
PostDown = logger -t wg 'down %i'   # audit trail
SaveConfig = false

[Peer]
# Name = alice-laptop
PublicKey = ${k(2)}
PresharedKey = ${k(3)}
AllowedIPs = 10.8.0.2/32, fd42:42:42::2/128

# bob's phone
[Peer]
PublicKey = ${k(4)}
AllowedIPs = 10.8.0.3/32
AllowedIPs = fd42:42:42::3/128
Endpoint = 198.51.100.7:4500
PersistentKeepalive = 25
`;

export const SERVER: WgQuickConfig = {
  interface: {
    privateKey: k(1),
    listenPort: unwrap(parsePort(51820)),
    addresses: addrs('10.8.0.1/24', 'fd42:42:42::1/64'),
    dns: [],
    preUp: [],
    postUp: hooks(`iptables -A FORWARD -i %i -j ACCEPT; ${MASQ}`),
    preDown: [],
    postDown: hooks(`iptables -D FORWARD -i %i -j ACCEPT; ${UNMASQ}`, "logger -t wg 'down %i'"),
    saveConfig: false,
  },
  peers: [
    {
      name: text('alice-laptop'),
      publicKey: k(2),
      presharedKey: k(3),
      allowedIps: cidrs('10.8.0.2/32', 'fd42:42:42::2/128'),
    },
    {
      // The comment above its [Peer] header: how wg-easy, PiVPN and people name peers.
      name: text("bob's phone"),
      publicKey: k(4),
      allowedIps: cidrs('10.8.0.3/32', 'fd42:42:42::3/128'),
      endpoint: ep('198.51.100.7:4500'),
      persistentKeepalive: keepalive(25),
    },
  ],
};

/** What renderWgQuickConf makes of SERVER: fixed key order, lists joined. */
export const SERVER_CANONICAL = `[Interface]
PrivateKey = ${k(1)}
ListenPort = 51820
Address = 10.8.0.1/24, fd42:42:42::1/64
PostUp = iptables -A FORWARD -i %i -j ACCEPT; ${MASQ}
PostDown = iptables -D FORWARD -i %i -j ACCEPT; ${UNMASQ}
PostDown = logger -t wg 'down %i'
SaveConfig = false

[Peer]
# Name = alice-laptop
PublicKey = ${k(2)}
PresharedKey = ${k(3)}
AllowedIPs = 10.8.0.2/32, fd42:42:42::2/128

[Peer]
# Name = bob's phone
PublicKey = ${k(4)}
AllowedIPs = 10.8.0.3/32, fd42:42:42::3/128
Endpoint = 198.51.100.7:4500
PersistentKeepalive = 25
`;

/** A phone's file, written with the odd spacing and casing people and tools produce. */
export const CLIENT_CONF = [
  '[interface]',
  `privatekey=${k(5)}`,
  '  Address =10.8.0.2/32   fd42:42:42::2/128,',
  'DNS\t=\t10.8.0.1,fd42:42:42::1 Corp.Example.',
  'mtu = 1380',
  '',
  '[PEER]',
  `PUBLICKEY = ${k(1)}`,
  `PresharedKey = ${k(6)}   # rotated 2024-05`,
  'Endpoint = VPN.example.com:51820',
  'AllowedIPs = 0.0.0.0/0 , ::/0',
  'PersistentKeepalive = 25',
].join('\n');

export const CLIENT: WgQuickConfig = {
  interface: {
    privateKey: k(5),
    addresses: addrs('10.8.0.2/32', 'fd42:42:42::2/128'),
    dns: unwrap(parseDnsList('10.8.0.1, fd42:42:42::1, corp.example')),
    mtu: unwrap(parseMtu(1380)),
    ...NO_HOOKS,
  },
  peers: [
    {
      publicKey: k(1),
      presharedKey: k(6),
      endpoint: ep('vpn.example.com:51820'),
      allowedIps: cidrs('0.0.0.0/0', '::/0'),
      persistentKeepalive: keepalive(25),
    },
  ],
};

/** The config as `wg setconf` sees it: the wg-quick-only fields gone. */
export function wgOnly(config: WgQuickConfig): WgQuickConfig {
  const { privateKey, listenPort, fwMark } = config.interface;
  return {
    interface: {
      ...EMPTY_INTERFACE,
      ...(privateKey === undefined ? {} : { privateKey }),
      ...(listenPort === undefined ? {} : { listenPort }),
      ...(fwMark === undefined ? {} : { fwMark }),
    },
    peers: config.peers,
  };
}
