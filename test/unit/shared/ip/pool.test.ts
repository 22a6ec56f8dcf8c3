import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../../../shared/errors';
import { unwrap } from '../../../../shared/result';
import {
  AddressPool,
  freeAddresses,
  parseCidr,
  parseInterfaceAddress,
} from '../../../../shared/ip';

const cidr = (s: string) => unwrap(parseCidr(s));
const addr = (s: string) => unwrap(parseInterfaceAddress(s));

describe('AddressPool', () => {
  test('a /29 gives its five hosts lowest first, then a clear error', () => {
    const pool = new AddressPool(cidr('10.8.0.0/29'), addr('10.8.0.1/29'), []);
    assert.deepEqual(pool.take(5), [
      '10.8.0.2/32',
      '10.8.0.3/32',
      '10.8.0.4/32',
      '10.8.0.5/32',
      '10.8.0.6/32',
    ]);
    assert.throws(
      () => pool.take(1),
      (e: unknown) =>
        e instanceof AppError &&
        e.kind === 'Conflict' &&
        e.field === 'addresses' &&
        /10\.8\.0\.0\/29 is full: all 6 usable addresses are taken/.test(e.message),
    );
  });

  test('a bulk ask larger than what is left says how many are left, not "all taken"', () => {
    const pool = new AddressPool(cidr('10.8.0.0/29'), addr('10.8.0.1/29'), ['10.8.0.2/32']);
    assert.throws(
      () => pool.take(5),
      (e: unknown) =>
        e instanceof AppError &&
        e.field === 'addresses' &&
        /has only 4 of 6 usable addresses free, not enough for 5 new peers/.test(e.message) &&
        !/all .* taken/.test(e.message),
    );
  });

  test('fills holes first and skips what peers use, including their subnets', () => {
    const used = ['10.8.0.2/32', '10.8.0.4/32', '10.8.0.8/30', '192.168.1.0/24', '0.0.0.0/0'];
    const pool = new AddressPool(cidr('10.8.0.0/24'), addr('10.8.0.1/24'), used);
    assert.deepEqual(pool.take(4), ['10.8.0.3/32', '10.8.0.5/32', '10.8.0.6/32', '10.8.0.7/32']);
    assert.deepEqual(pool.take(1), ['10.8.0.12/32'], 'the /30 at .8 is routed to a gateway');
  });

  test('the server need not be the first host', () => {
    const pool = new AddressPool(cidr('10.8.0.0/24'), addr('10.8.0.254/24'), []);
    assert.deepEqual(pool.take(2), ['10.8.0.1/32', '10.8.0.2/32']);
    assert.equal(pool.isTaken('10.8.0.254/32'), true);
    assert.equal(pool.isTaken('10.8.0.255/32'), true, 'broadcast');
    assert.equal(pool.isTaken('10.8.0.0/32'), true, 'network');
    assert.equal(pool.isTaken('10.8.0.3/32'), false);
    assert.equal(pool.isTaken('10.9.0.3/32'), false, 'outside the network: not ours to judge');
  });

  test('IPv6: skips the subnet-router anycast address, no broadcast', () => {
    const pool = new AddressPool(cidr('fd00:1::/64'), addr('fd00:1::1/64'), ['fd00:1::2/128']);
    assert.deepEqual(pool.take(2), ['fd00:1::3/128', 'fd00:1::4/128']);
    const small = new AddressPool(cidr('fd00::/126'), addr('fd00::1/126'), []);
    assert.deepEqual(small.take(2), ['fd00::2/128', 'fd00::3/128'], 'the last one is a host');
    assert.throws(() => small.take(1), { kind: 'Conflict' });
  });

  test('IPv6 in a /112 counts across group boundaries', () => {
    const used = Array.from({ length: 300 }, (_, i) => `fd00::a:${(i + 2).toString(16)}/128`);
    const pool = new AddressPool(cidr('fd00::a:0/112'), addr('fd00::a:1/112'), used);
    assert.deepEqual(pool.take(1), ['fd00::a:12e/128']);
  });

  test('point-to-point /31 and /127 use both addresses (RFC 3021, RFC 6164)', () => {
    const pool = new AddressPool(cidr('10.8.0.0/31'), addr('10.8.0.0/31'), []);
    assert.deepEqual(pool.take(1), ['10.8.0.1/32']);
    const v6 = new AddressPool(cidr('fd00::/127'), null, []);
    assert.deepEqual(v6.take(2), ['fd00::/128', 'fd00::1/128']);
  });

  // Its speed is measured in `npm run bench` (adding one peer to a server with 10,000).
  test('10,000 used addresses: the first free one after them', () => {
    const used = Array.from(
      { length: 10_000 },
      (_, i) => `10.${8 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`,
    );
    const pool = new AddressPool(cidr('10.8.0.0/16'), addr('10.8.0.1/16'), used.slice(2));
    assert.deepEqual(pool.take(2), ['10.8.39.16/32', '10.8.39.17/32']);
  });
});

describe('freeAddresses', () => {
  const cases: [string, string, string | null, string[], number][] = [
    ['empty /24: 254 hosts', '10.8.0.0/24', null, [], 254],
    ['the server takes one', '10.8.0.0/24', '10.8.0.1/24', [], 253],
    ['and each peer one', '10.8.0.0/24', '10.8.0.1/24', ['10.8.0.2/32', '10.8.0.3/32'], 251],
    ['duplicates count once', '10.8.0.0/24', null, ['10.8.0.2/32', '10.8.0.2/32'], 253],
    ['addresses elsewhere do not count', '10.8.0.0/24', null, ['10.9.0.2/32', 'fd00::2/128'], 254],
    ['a routed /30 inside takes 4', '10.8.0.0/24', null, ['10.8.0.8/30'], 250],
    ['a full /30', '10.8.0.0/30', '10.8.0.1/30', ['10.8.0.2/32'], 0],
    ['/31 has no network or broadcast', '10.8.0.0/31', null, ['10.8.0.0/32'], 1],
    ['/32', '10.8.0.5/32', null, [], 1],
    ['IPv6 /120 without the anycast address', 'fd00::/120', 'fd00::1/120', ['fd00::2/128'], 253],
    ['IPv6 /64 is rounded but huge', 'fd00::/64', null, [], 2 ** 64],
    // As AddressPool hands them out:
    ['IPv6 /127 has no anycast address (RFC 6164)', 'fd00::/127', null, [], 2],
    [
      'a peer network wider than the server network takes none',
      '10.8.0.0/24',
      null,
      ['10.8.0.0/16', '0.0.0.0/0'],
      254,
    ],
    [
      'text that is not an address counts for nothing',
      '10.8.0.0/24',
      null,
      ['laptop', '10.8.0.2/33'],
      254,
    ],
  ];
  for (const [name, net, own, peers, want] of cases) {
    test(name, () =>
      assert.equal(freeAddresses(cidr(net), own === null ? null : addr(own), peers), want),
    );
  }

  test('counts what AddressPool still hands out', () => {
    const family = fc.constantFrom(
      { base: '10.8.0.', width: 32, radix: 10 },
      { base: 'fd00::', width: 128, radix: 16 },
    );
    fc.assert(
      fc.property(family, fc.nat(6), fc.nat(63), fc.array(fc.nat(63)), (f, bits, own, used) => {
        const size = 2 ** bits;
        const prefix = f.width - bits;
        const at = (n: number, p: number) => `${f.base}${(n % size).toString(f.radix)}/${p}`;
        const network = cidr(at(0, prefix));
        const server = addr(at(own, prefix));
        const peers = used.map((h) => at(h, f.width));
        const pool = new AddressPool(network, server, peers);
        let handedOut = 0;
        for (;;) {
          try {
            pool.take(1);
            handedOut++;
          } catch (e) {
            assert.ok(e instanceof AppError && e.kind === 'Conflict');
            break;
          }
        }
        assert.equal(freeAddresses(network, server, peers), handedOut);
      }),
      { numRuns: 500 },
    );
  });
});
