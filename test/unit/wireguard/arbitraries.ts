// fast-check generators for the wireguard tests. Every value is minted through
// the shared validators, so generated configs hold exactly what parsing can
// produce (canonical text, branded types).
import fc from 'fast-check';
import { unwrap, type Result } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseDomainName,
  parseEndpoint,
  parseFwMark,
  parseInterfaceAddress,
  parseIpAddress,
  parseKeepalive,
  parseKey,
  parseMtu,
  parsePort,
  parseRouteTable,
  type Cidr,
  type WgKey,
} from '../../../shared/validate';
import {
  parseHookCommand,
  type InterfaceSection,
  type PeerSection,
  type WgQuickConfig,
} from '../../../main/wireguard';

/** Keeps only the values a validator accepts, and takes its canonical form. */
function valid<T>(arb: fc.Arbitrary<unknown>, parse: (v: unknown) => Result<T>): fc.Arbitrary<T> {
  return arb
    .map((v) => parse(v))
    .filter((r) => r.ok)
    .map((r) => unwrap(r));
}

export const key: fc.Arbitrary<WgKey> = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => unwrap(parseKey(Buffer.from(b).toString('base64'))));

// Many zero groups, so that "::" compression and its ties get exercised.
const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
const v6Groups = fc.array(group, { minLength: 8, maxLength: 8 });
const v4Number = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  fc.constantFrom(0, 2 ** 32 - 1),
);

function dotted(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function maskGroups(groups: readonly number[], prefix: number): number[] {
  return groups.map((g, i) => {
    const hostBits = Math.min(16, Math.max(0, 16 * (i + 1) - prefix));
    return g - (g % 2 ** hostBits);
  });
}

export const ipAddress = fc.oneof(
  valid(v4Number.map(dotted), parseIpAddress),
  valid(
    v6Groups.map((g) => g.map((x) => x.toString(16)).join(':')),
    parseIpAddress,
  ),
);

export const interfaceAddress = fc.oneof(
  valid(
    fc.tuple(v4Number, fc.integer({ min: 0, max: 32 })).map(([n, p]) => `${dotted(n)}/${p}`),
    parseInterfaceAddress,
  ),
  valid(
    fc
      .tuple(v6Groups, fc.integer({ min: 0, max: 128 }))
      .map(([g, p]) => `${g.map((x) => x.toString(16)).join(':')}/${p}`),
    parseInterfaceAddress,
  ),
);

export const cidr: fc.Arbitrary<Cidr> = fc.oneof(
  valid(
    fc
      .tuple(v4Number, fc.integer({ min: 0, max: 32 }))
      .map(([n, p]) => `${dotted(n - (n % 2 ** (32 - p)))}/${p}`),
    parseCidr,
  ),
  valid(
    fc.tuple(v6Groups, fc.integer({ min: 0, max: 128 })).map(
      ([g, p]) =>
        `${maskGroups(g, p)
          .join(':')
          .replace(/\d+/g, (d) => Number(d).toString(16))}/${p}`,
    ),
    parseCidr,
  ),
);

export const domain = valid(fc.domain(), parseDomainName);

export const endpoint = fc.oneof(
  valid(
    fc
      .tuple(ipAddress, fc.integer({ min: 1, max: 65535 }))
      .map(([ip, port]) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`)),
    parseEndpoint,
  ),
  valid(
    fc.tuple(domain, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
    parseEndpoint,
  ),
);

/** Any single line of text: full Unicode, including U+2028, NBSP and tabs inside. */
export const confText = valid(
  fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.string({ minLength: 1 })),
  (v) => parseConfText(v),
);

const realisticHooks = valid(
  fc.constantFrom(
    'iptables -A FORWARD -i %i -j ACCEPT; iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
    'ip rule add fwmark 51820 table 51820',
    "logger -t wg 'up %i'",
    'sysctl -w net.ipv4.ip_forward=1',
  ),
  (v) => parseHookCommand(v),
);
export const hook = fc.oneof(
  realisticHooks,
  valid(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), (v) => parseHookCommand(v)),
);

const numbers = {
  port: valid(fc.integer({ min: 1, max: 65535 }), (v) => parsePort(v)),
  fwMark: valid(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (v) => parseFwMark(v)),
  mtu: valid(fc.integer({ min: 1280, max: 9000 }), (v) => parseMtu(v)),
  keepalive: valid(fc.integer({ min: 0, max: 65535 }), (v) => parseKeepalive(v)),
  table: valid(
    fc.oneof(fc.constantFrom('off', 'auto'), fc.integer({ min: 1, max: 2 ** 32 - 1 }).map(String)),
    (v) => parseRouteTable(v),
  ),
};

// fc.record makes null-prototype objects when keys are optional; parsing makes plain ones.
const plain = <T extends object>(o: T): T => ({ ...o });

const small = <T>(arb: fc.Arbitrary<T>, maxLength = 4): fc.Arbitrary<T[]> =>
  fc.uniqueArray(arb, { maxLength });

export const interfaceSection: fc.Arbitrary<InterfaceSection> = fc
  .record(
    {
      privateKey: key,
      listenPort: numbers.port,
      fwMark: numbers.fwMark,
      addresses: small(interfaceAddress),
      dns: small(fc.oneof(ipAddress, domain), 16),
      mtu: numbers.mtu,
      table: numbers.table,
      preUp: fc.array(hook, { maxLength: 3 }),
      postUp: fc.array(hook, { maxLength: 3 }),
      preDown: fc.array(hook, { maxLength: 3 }),
      postDown: fc.array(hook, { maxLength: 3 }),
      saveConfig: fc.boolean(),
    },
    { requiredKeys: ['addresses', 'dns', 'preUp', 'postUp', 'preDown', 'postDown'] },
  )
  .map(plain);

export const peerSection: fc.Arbitrary<PeerSection> = fc
  .record(
    {
      name: confText,
      publicKey: key,
      presharedKey: key,
      allowedIps: small(cidr, 6),
      endpoint,
      persistentKeepalive: numbers.keepalive,
    },
    { requiredKeys: ['publicKey', 'allowedIps'] },
  )
  .map(plain);

export const wgQuickConfig: fc.Arbitrary<WgQuickConfig> = fc
  .record({
    interface: interfaceSection,
    peers: fc.uniqueArray(peerSection, { selector: (p) => p.publicKey, maxLength: 6 }),
  })
  .map(plain);
