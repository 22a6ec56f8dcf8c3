import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { unwrap } from '../../../../shared/result';
import {
  contains,
  hostOf,
  ipOf,
  isHostRoute,
  networkOf,
  overlaps,
  parseCidr,
  parseInterfaceAddress,
  type Cidr,
} from '../../../../shared/ip';
import { cidr, interfaceAddress } from '../../wireguard/arbitraries';
import { ipaddrNetwork, ipaddrParse, widthOfAddr } from './oracle';

const net = (s: string) => unwrap(parseCidr(s));
const addr = (s: string) => unwrap(parseInterfaceAddress(s));

/** Two networks that often overlap: one address cut at two prefix lengths, or any two. */
const networkPair: fc.Arbitrary<[Cidr, Cidr]> = fc.oneof(
  fc.tuple(cidr, cidr),
  fc.tuple(interfaceAddress, fc.nat(128), fc.nat(128)).map(([a, p, q]): [Cidr, Cidr] => {
    const width = a.includes(':') ? 128 : 32;
    const at = (n: number) => networkOf(addr(`${hostOf(a)}/${n % (width + 1)}`));
    return [at(p), at(q)];
  }),
);

/** ipaddr.js's answer: does every address of `inner` lie in `outer`? */
function ipaddrContains(outer: string, inner: string): boolean {
  const [o, op] = ipaddr.parseCIDR(outer);
  const [i, ip] = ipaddr.parseCIDR(inner);
  return o.kind() === i.kind() && ip >= op && i.match(o, op);
}

describe('networkOf', () => {
  test('agrees with ipaddr.js', () => {
    fc.assert(
      fc.property(interfaceAddress, (a) => {
        const [host = '', prefix] = a.split('/');
        const parsed = ipaddrParse(host);
        assert.ok(parsed !== undefined);
        assert.equal(networkOf(a), ipaddrNetwork(parsed, Number(prefix)));
      }),
      { numRuns: 5_000 },
    );
  });

  test('examples', () => {
    assert.equal(networkOf(addr('10.8.0.1/24')), '10.8.0.0/24');
    assert.equal(networkOf(addr('10.8.0.1/32')), '10.8.0.1/32');
    assert.equal(networkOf(addr('10.8.0.1/0')), '0.0.0.0/0');
    assert.equal(networkOf(addr('fd00:1:2:3::1/64')), 'fd00:1:2:3::/64');
    assert.equal(networkOf(addr('fd00:1:2:3::1/20')), 'fd00::/20');
  });
});

describe('contains and overlaps', () => {
  test('agree with ipaddr.js', () => {
    fc.assert(
      fc.property(networkPair, ([a, b]) => {
        assert.equal(contains(a, b), ipaddrContains(a, b), `${a} holds ${b}`);
        assert.equal(overlaps(a, b), ipaddrContains(a, b) || ipaddrContains(b, a), `${a} ~ ${b}`);
        assert.equal(overlaps(a, b), overlaps(b, a));
      }),
      { numRuns: 5_000 },
    );
  });

  const table: [string, string, boolean, boolean][] = [
    // outer, inner, contains, overlaps
    ['10.8.0.0/24', '10.8.0.7/32', true, true],
    ['10.8.0.0/24', '10.8.0.7', true, true],
    ['10.8.0.0/24', '10.8.0.8/30', true, true],
    ['10.8.0.0/24', '10.8.0.0/24', true, true],
    ['10.8.0.0/24', '10.8.0.0/16', false, true],
    ['10.8.0.0/24', '0.0.0.0/0', false, true],
    ['10.8.0.0/24', '10.9.0.1/32', false, false],
    ['10.8.0.0/24', 'fd00::1/128', false, false],
    ['fd00::/64', 'fd00::a:1/128', true, true],
    ['fd00::/64', 'fd00:0:0:1::1/128', false, false],
    ['fd00::/64', '::/0', false, true],
    // Not canonical, still read (through parse.ts); not an address: holds nothing.
    ['FD00::/64', 'fd00:0::1', true, true],
    ['10.8.0.0/24', '10.8.0.1/33', false, false],
    ['10.8.0.0/24', 'laptop', false, false],
  ];
  for (const [outer, inner, holds, meets] of table) {
    test(`${outer} and ${inner}`, () => {
      assert.equal(contains(outer, inner), holds, 'contains');
      assert.equal(overlaps(outer, inner), meets, 'overlaps');
    });
  }
});

describe('ipOf, hostOf, isHostRoute', () => {
  test('ipOf reads any address text, canonical or not, as ipaddr.js does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.ipV4(),
          fc.ipV6(),
          fc.ipV6().map((s) => s.toUpperCase()),
        ),
        (s) => {
          const parsed = ipaddrParse(s);
          const ip = ipOf(s);
          assert.ok(parsed !== undefined && ip !== undefined, s);
          assert.equal(ip.prefix, widthOfAddr(parsed));
          const bytes = parsed.toByteArray();
          assert.deepEqual(
            [...ip.groups],
            bytes.flatMap((b, i) => (i % 2 === 0 ? [b * 256 + (bytes[i + 1] ?? 0)] : [])),
          );
        },
      ),
      { numRuns: 2_000 },
    );
    assert.equal(ipOf('10.1'), undefined, 'inet_aton shorthand is not an address here');
    assert.equal(ipOf('fe80::1%eth0'), undefined);
  });

  test('hostOf and isHostRoute', () => {
    assert.equal(hostOf(addr('10.8.0.1/24')), '10.8.0.1');
    assert.equal(hostOf(net('fd00::2/128')), 'fd00::2');
    assert.deepEqual(
      ['10.8.0.2/32', '10.8.0.0/30', 'fd00::2/128', 'fd00::/127', '10.8.0.2', '0.0.0.0/0'].map(
        isHostRoute,
      ),
      [true, false, true, false, true, false],
    );
  });
});
