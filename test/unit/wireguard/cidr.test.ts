import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseCidr } from '../../../shared/validate';
import { isCanonicalCidr, parseCanonicalCidr } from '../../../main/wireguard/cidr';
import { cidr } from './arbitraries';

// The fast path in cidr.ts must agree with parseCidr: it may only accept text
// that parseCidr returns unchanged, and it should accept all such text.

const hexGroup = fc.oneof(
  fc.constantFrom('0', '00', '0000', 'ffff', 'FFFF', '1', '01', 'abc'),
  fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)),
);
const v6ish = fc
  .array(fc.oneof(hexGroup, fc.constant('')), { minLength: 1, maxLength: 10 })
  .map((g) => g.join(':'));
const v4ish = fc
  .array(fc.oneof(fc.nat(300).map(String), fc.constantFrom('00', '01', '', '1e1')), {
    minLength: 1,
    maxLength: 5,
  })
  .map((o) => o.join('.'));
const prefixish = fc.oneof(fc.nat(130).map(String), fc.constantFrom('', '00', '032', '-1', ' 8'));
const cidrish = fc.oneof(
  fc.tuple(fc.oneof(v4ish, v6ish), prefixish).map(([a, p]) => `${a}/${p}`),
  fc.oneof(v4ish, v6ish),
  fc.string(),
  cidr,
);

describe('canonical CIDR fast path', () => {
  test('accepts only what parseCidr returns unchanged', () => {
    fc.assert(
      fc.property(cidrish, (s) => {
        if (isCanonicalCidr(s)) {
          const r = parseCidr(s);
          assert.ok(r.ok, `fast path accepted ${s}, parseCidr refuses it`);
          assert.equal(r.value, s);
        }
      }),
      { numRuns: 20_000 },
    );
  });

  test('accepts everything parseCidr produces', () => {
    fc.assert(
      fc.property(cidrish, (s) => {
        const r = parseCidr(s);
        if (r.ok) assert.ok(isCanonicalCidr(r.value), `fast path refuses canonical ${r.value}`);
      }),
      { numRuns: 20_000 },
    );
  });

  test('examples', () => {
    const yes = ['10.0.0.0/8', '0.0.0.0/0', '10.1.2.3/32', '::/0', 'fd00::/8', '2001:db8::1/128'];
    const no = [
      '10.0.0.1/8',
      '010.0.0.0/8',
      '10.0.0.0/08',
      'FD00::/8',
      'fd00:0::/32',
      '::1.2.3.4/128',
    ];
    for (const s of yes) assert.ok(isCanonicalCidr(s), s);
    for (const s of no) assert.ok(!isCanonicalCidr(s), s);
    // Non-canonical but valid text still parses, through parseCidr.
    assert.deepEqual(parseCanonicalCidr('FD00:0::/32', 'x'), parseCidr('FD00:0::/32', 'x'));
  });
});
