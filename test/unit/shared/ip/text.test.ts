import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isCanonicalCidr, parseCidr } from '../../../../shared/ip';
import { addressText, readCanonical } from '../../../../shared/ip/text';
import { cidr, interfaceAddress, ipAddress } from '../../wireguard/arbitraries';
import { canonical, groupsOf, ipaddrCidr, ipaddrNetwork, ipaddrParse, widthOfAddr } from './oracle';

// The fast reader must agree with ipaddr.js: it reads exactly the canonical
// text ipaddr.js would write, and refuses everything else (which callers then
// send to the slow path).

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
const addressish = fc.oneof(
  v4ish,
  v6ish,
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.ipV6(),
  fc.ipV6().map((s) => s.toUpperCase()),
  ipAddress,
);
const prefixish = fc.oneof(fc.nat(130).map(String), fc.constantFrom('', '00', '032', '-1', ' 8'));
const cidrish = fc.oneof(
  fc.tuple(addressish, prefixish).map(([a, p]) => `${a}/${p}`),
  addressish,
  fc.string(),
  cidr,
  interfaceAddress,
);

/** What the fast reader should make of `s`: ipaddr.js's reading, if `s` is written canonically. */
function expected(s: string): { groups: number[]; prefix: number } | undefined {
  const [a = '', p, ...rest] = s.split('/');
  const addr = ipaddrParse(a);
  if (addr === undefined || rest.length > 0 || canonical(addr) !== a) return undefined;
  const width = widthOfAddr(addr);
  if (p === undefined) return { groups: groupsOf(addr), prefix: width };
  const prefix = Number(p);
  if (!/^(0|[1-9][0-9]*)$/.test(p) || prefix > width) return undefined;
  return { groups: groupsOf(addr), prefix };
}

describe('readCanonical', () => {
  test('reads exactly the canonical text ipaddr.js writes, as ipaddr.js reads it', () => {
    fc.assert(
      fc.property(cidrish, (s) => {
        const got = readCanonical(s);
        const want = expected(s);
        assert.deepEqual(
          got === undefined ? undefined : { groups: [...got.groups], prefix: got.prefix },
          want,
          s,
        );
      }),
      { numRuns: 20_000 },
    );
  });

  test('examples', () => {
    assert.deepEqual(readCanonical('10.8.0.1/24'), {
      family: 4,
      groups: Uint16Array.of(0x0a08, 0x0001),
      prefix: 24,
    });
    assert.deepEqual(readCanonical('fd00::1'), {
      family: 6,
      groups: Uint16Array.of(0xfd00, 0, 0, 0, 0, 0, 0, 1),
      prefix: 128,
    });
    for (const s of ['010.0.0.1', '10.0.0.1/08', 'FD00::1', 'fd00:0::1', '::ffff:1.2.3.4']) {
      assert.equal(readCanonical(s), undefined, s);
    }
    assert.equal(readCanonical('1:0:0:0:0:0:0:0'), undefined, 'zeros must be compressed');
    assert.equal(readCanonical('1:0::'), undefined, 'the whole zero run');
    assert.equal(readCanonical('1::1:0:0:0:1'), undefined, 'the longest run');
    assert.equal(readCanonical('1:0:0:1::1:1'), undefined, 'the first of equal runs');
    assert.equal(readCanonical('1::1:0:0:1:1')?.prefix, 128, 'the first of equal runs');
    assert.equal(readCanonical('1::')?.prefix, 128);
    assert.equal(readCanonical('1:0:1:1:1:1:1:1')?.prefix, 128, 'a single zero stays');
    assert.equal(readCanonical('1::1:1:1:1:1:1'), undefined, 'a single zero is not compressed');
  });
});

describe('addressText', () => {
  test('writes what ipaddr.js writes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), ipAddress), (s) => {
        const addr = ipaddrParse(s);
        assert.ok(addr !== undefined, s);
        const family = addr.kind() === 'ipv4' ? 4 : 6;
        const groups = Uint16Array.from(groupsOf(addr));
        assert.equal(addressText({ family, groups }), canonical(addr));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('isCanonicalCidr and parseCidr', () => {
  test('the fast path accepts exactly the networks ipaddr.js writes that way', () => {
    fc.assert(
      fc.property(cidrish, (s) => {
        const c = ipaddrCidr(s);
        const canonicalNet = c !== undefined && ipaddrNetwork(c.addr, c.prefix) === s;
        assert.equal(isCanonicalCidr(s), canonicalNet, s);
      }),
      { numRuns: 20_000 },
    );
  });

  test('parseCidr, fast path or not, gives the network ipaddr.js gives', () => {
    fc.assert(
      fc.property(cidrish, (s) => {
        // Untrimmed or oversized text is parseCidr's to refuse, not the oracle's.
        fc.pre(s.length <= 64 && s.trim() === s && /^[^\r\n\0]+\/[0-9]{1,3}$/.test(s));
        const c = ipaddrCidr(s);
        const r = parseCidr(s);
        if (c === undefined) {
          assert.ok(!r.ok, `parseCidr accepted ${s}, ipaddr.js refuses it`);
          return;
        }
        const network = ipaddrNetwork(c.addr, c.prefix);
        // parseCidr refuses host bits rather than masking them.
        const want = network === `${canonical(c.addr)}/${c.prefix}` ? network : undefined;
        assert.equal(r.ok ? r.value : undefined, want, s);
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
      '10.0.0.0',
    ];
    for (const s of yes) assert.ok(isCanonicalCidr(s), s);
    for (const s of no) assert.ok(!isCanonicalCidr(s), s);
    // Non-canonical but valid text still parses, through ipaddr.js.
    assert.deepEqual(parseCidr('FD00:0::/32', 'x'), { ok: true, value: 'fd00::/32' });
  });
});
