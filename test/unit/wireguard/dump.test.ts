import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isAppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import { parseInterfaceName, parseKey } from '../../../shared/validate';
import { isCanonicalKey } from '../../../main/wireguard/dump-fields';
import { parseDumpAll, parseDumpOne } from '../../../main/wireguard';
import { key } from './arbitraries';
import { cidrs, k } from './conf-fixtures';
import { dumpAll, dumpOne, observed, secretsOf, wgDevice } from './dump-model';

describe('parseDumpOne / parseDumpAll (property)', () => {
  test('render as `wg show IF dump` → parse gives the model, without secrets', () => {
    fc.assert(
      fc.property(wgDevice, (d) => {
        const got = parseDumpOne(d.name, dumpOne(d));
        assert.deepEqual(got, observed(d));
        const json = JSON.stringify(got);
        for (const secret of secretsOf([d])) assert.ok(!json.includes(secret));
      }),
      { numRuns: 500 },
    );
  });

  test('render as `wg show all dump` → parse gives every interface, without secrets', () => {
    fc.assert(
      fc.property(fc.uniqueArray(wgDevice, { selector: (d) => d.name, maxLength: 4 }), (ds) => {
        const got = parseDumpAll(dumpAll(ds));
        assert.deepEqual(
          [...got.entries()],
          ds.map((d) => [d.name, observed(d)]),
        );
        const json = JSON.stringify([...got.values()]);
        for (const secret of secretsOf(ds)) assert.ok(!json.includes(secret));
      }),
      { numRuns: 300 },
    );
  });
});

// As printed by wg v1.0.20210914 for a wireguard-go interface with three peers.
const PRIV = k(11);
const PSK = k(12);
const SERVER_DUMP = [
  `${PRIV}\t${k(10)}\t51820\toff`,
  `${k(20)}\t${PSK}\t198.51.100.7:4500\t10.8.0.2/32,fd42:42:42::2/128\t1716200000\t123456\t7890\t25`,
  `${k(21)}\t(none)\t(none)\t10.8.0.3/32\t0\t0\t0\toff`,
  `${k(22)}\t(none)\t[2001:db8::7]:51820\t(none)\t1716200100\t18446744073709551615\t0\toff`,
  '',
].join('\n');

const wg0 = unwrap(parseInterfaceName('wg0'));

describe('dump examples', () => {
  test('wg show wg0 dump', () => {
    const d = parseDumpOne(wg0, SERVER_DUMP);
    assert.deepEqual(
      { ...d, peers: [] },
      {
        name: 'wg0',
        privateKeyPresent: true,
        publicKey: k(10),
        listenPort: 51820,
        fwMark: 0,
        peers: [],
      },
    );
    assert.deepEqual(d.peers[0], {
      publicKey: k(20),
      hasPresharedKey: true,
      endpoint: '198.51.100.7:4500',
      allowedIps: cidrs('10.8.0.2/32', 'fd42:42:42::2/128'),
      latestHandshake: 1716200000,
      rxBytes: 123456,
      txBytes: 7890,
      persistentKeepalive: 25,
    });
    assert.deepEqual(d.peers[1], {
      publicKey: k(21),
      hasPresharedKey: false,
      endpoint: null,
      allowedIps: cidrs('10.8.0.3/32'),
      latestHandshake: null,
      rxBytes: 0,
      txBytes: 0,
      persistentKeepalive: 0,
    });
    // u64 max: kept as the nearest double, documented as exact only up to 2^53.
    assert.equal(d.peers[2]?.rxBytes, 2 ** 64);
    assert.deepEqual(d.peers[2]?.allowedIps, []);
    assert.ok(!JSON.stringify(d).includes(PRIV) && !JSON.stringify(d).includes(PSK));
  });

  test('an interface with no key and no peers, and a fwmark', () => {
    const d = parseDumpOne(wg0, '(none)\t(none)\t0\t0xca6c\n');
    assert.deepEqual(d, {
      name: 'wg0',
      privateKeyPresent: false,
      publicKey: null,
      listenPort: 0,
      fwMark: 0xca6c,
      peers: [],
    });
  });

  test('an interface whose name we refuse is skipped with its peers, not fatal', () => {
    const pk = k(1);
    const text = [
      `-odd\t${k(2)}\t${k(3)}\t51820\toff`,
      `-odd\t${k(4)}\t(none)\t(none)\t10.0.0.2/32\t0\t0\t0\toff`,
      `wg0\t${k(5)}\t${pk}\t51821\toff`,
      `wg0\t${k(6)}\t(none)\t(none)\t10.1.0.2/32\t0\t0\t0\toff`,
      '',
    ].join('\n');
    const all = parseDumpAll(text);
    assert.deepEqual([...all.keys()], ['wg0']);
    assert.equal(all.get('wg0')?.peers.length, 1);
  });

  test('wg show all dump with no interfaces is empty', () => {
    assert.equal(parseDumpAll('').size, 0);
  });

  test('IPv4-mapped allowed IPs as glibc prints them are canonicalised, not refused', () => {
    const d = parseDumpOne(
      wg0,
      `(none)\t(none)\t0\toff\n${k(1)}\t(none)\t(none)\t::ffff:10.0.0.0/104\t0\t0\t0\toff\n`,
    );
    assert.deepEqual(d.peers[0]?.allowedIps, cidrs('::ffff:10.0.0.0/104'));
  });
});

describe('key check in the dump reader', () => {
  // Near-keys: right length and alphabet mostly, with the last digits and padding varied.
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const nearKey = fc.oneof(
    key,
    fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...b64), minLength: 41, maxLength: 44 }),
        fc.constantFrom('', '=', '==', 'A=', 'B=', 'w=', 'x=', '-', ' '),
      )
      .map(([a, b]) => a + b),
    fc.string({ unit: 'binary', minLength: 44, maxLength: 44 }),
  );
  test('isCanonicalKey accepts exactly what parseKey accepts', () => {
    fc.assert(
      fc.property(nearKey, (s) => assert.equal(isCanonicalKey(Buffer.from(s)), parseKey(s).ok, s)),
      { numRuns: 20_000 },
    );
  });
});

describe('dump errors: Internal, with the line, never the secrets', () => {
  const all = (lines: string[]) => lines.map((l) => `wg0\t${l}`).join('\n') + '\n';
  const iface = `${PRIV}\t${k(10)}\t51820\toff`;
  const peer = (over: Partial<Record<number, string>> = {}) =>
    [k(20), PSK, '(none)', '10.0.0.0/8', '0', '0', '0', 'off']
      .map((f, i) => over[i] ?? f)
      .join('\t');
  const cases: [string, () => unknown, RegExp][] = [
    [
      'a short line',
      () => parseDumpOne(wg0, `${iface}\n${k(20)}\t(none)\n`),
      /line 2: expected 8 fields, got 2/,
    ],
    ['no interface line', () => parseDumpOne(wg0, ''), /line 1/],
    [
      'a bad peer key',
      () => parseDumpOne(wg0, `${iface}\n${peer({ 0: 'nope' })}\n`),
      /line 2: peer public key/,
    ],
    [
      'a mangled PSK',
      () => parseDumpOne(wg0, `${iface}\n${peer({ 1: PSK.slice(1) })}\n`),
      /line 2: preshared key/,
    ],
    [
      'a mangled private key',
      () => parseDumpOne(wg0, `${PRIV.slice(2)}\t${k(10)}\t1\toff\n`),
      /line 1: private key/,
    ],
    [
      'a negative counter',
      () => parseDumpOne(wg0, `${iface}\n${peer({ 5: '-1' })}\n`),
      /line 2: transfer rx/,
    ],
    [
      'a counter in exponent form',
      () => parseDumpOne(wg0, `${iface}\n${peer({ 6: '1e3' })}\n`),
      /line 2: transfer tx/,
    ],
    [
      'a port above 65535',
      () => parseDumpOne(wg0, `${PRIV}\t${k(10)}\t65536\toff\n`),
      /listen port/,
    ],
    ['a decimal fwmark', () => parseDumpOne(wg0, `${PRIV}\t${k(10)}\t1\t51820\n`), /fwmark/],
    [
      'host bits in an allowed IP',
      () => parseDumpOne(wg0, `${iface}\n${peer({ 3: '10.0.0.1/8' })}\n`),
      /line 2: allowed IP.*host bits/,
    ],
    [
      'an endpoint without a port',
      () => parseDumpOne(wg0, `${iface}\n${peer({ 2: '10.0.0.1' })}\n`),
      /endpoint/,
    ],
    ['a blank line in the middle', () => parseDumpOne(wg0, `${iface}\n\n${peer()}\n`), /line 2/],
    ['a peer before any interface', () => parseDumpAll(all([peer()])), /line 1: peer line/],
    [
      'a peer under another interface',
      () => parseDumpAll(`${all([iface])}wg1\t${peer()}\n`),
      /line 2/,
    ],
    [
      'an interface twice',
      () => parseDumpAll(all([iface, iface])),
      /line 2: interface "wg0" appears twice/,
    ],
  ];
  for (const [name, run, message] of cases) {
    test(name, () => {
      assert.throws(run, (e: unknown) => {
        assert.ok(isAppError(e));
        assert.equal(e.kind, 'Internal');
        assert.match(e.message, message);
        assert.ok(!e.message.includes(PRIV) && !e.message.includes(PSK), e.message);
        return true;
      });
    });
  }
});
