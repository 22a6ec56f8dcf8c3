import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import { parseCidr, parseInterfaceAddress } from '../../../shared/validate';
import { AddressPool } from '../../../main/services/peers/allocate';
import { v4Number, v4Text, v6Groups, v6Text } from '../../../main/services/ip-text';

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

  test('point-to-point /31 uses both addresses', () => {
    const pool = new AddressPool(cidr('10.8.0.0/31'), addr('10.8.0.0/31'), []);
    assert.deepEqual(pool.take(1), ['10.8.0.1/32']);
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

describe('fast address text readers agree with ipaddr.js', () => {
  test('IPv4', () => {
    fc.assert(
      fc.property(fc.ipV4(), (s) => {
        assert.equal(
          v4Number(s),
          ipaddr.IPv4.parse(s)
            .toByteArray()
            .reduce((a, b) => a * 256 + b, 0),
        );
        assert.equal(v4Text(v4Number(s)), s);
      }),
    );
    assert.equal(v4Number('1.2.3'), -1);
    assert.equal(v4Number('1.2.3.256'), -1);
  });

  test('IPv6 (canonical text)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (s) => {
        const canonical = ipaddr.IPv6.parse(s).toRFC5952String();
        assert.deepEqual(v6Groups(canonical), ipaddr.IPv6.parse(s).parts);
        assert.equal(v6Text(ipaddr.IPv6.parse(s).parts), canonical);
      }),
    );
    assert.equal(v6Groups('1::2::3'), undefined);
    assert.equal(v6Groups('10.0.0.1'), undefined);
  });
});
