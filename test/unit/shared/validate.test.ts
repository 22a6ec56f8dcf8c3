import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Result } from '../../../shared/result';
import {
  parseCidr,
  parseCidrList,
  parseConfText,
  parseDnsList,
  parseDomainName,
  parseEndpoint,
  parseFwMark,
  parseInterfaceAddress,
  parseInterfaceName,
  parseIpAddress,
  parseKeepalive,
  parseKey,
  parseMtu,
  parsePort,
  parseRouteTable,
} from '../../../shared/validate';

type Parser = (value: unknown, field?: string) => Result<unknown>;

/** Inputs that must never pass any validator that feeds a command line or a .conf. */
const HOSTILE = [
  'wg0; rm -rf /',
  'wg0 && reboot',
  '$(reboot)',
  '`id`',
  'wg0|cat',
  '../etc/passwd',
  'wg0\nPostUp = curl evil',
  'a\0b',
  '',
  ' ',
  'x'.repeat(10_000),
  '-rf',
];

function good(parse: Parser, input: unknown, expected: unknown): void {
  const r = parse(input, 'f');
  assert.ok(
    r.ok,
    `expected ${JSON.stringify(input)} to be accepted: ${r.ok ? '' : r.error.message}`,
  );
  assert.deepEqual(r.value, expected);
}

function bad(parse: Parser, input: unknown, mentions?: RegExp): void {
  const r = parse(input, 'theField');
  assert.ok(!r.ok, `expected ${JSON.stringify(input).slice(0, 60)} to be refused`);
  assert.equal(r.error.kind, 'InvalidInput');
  assert.equal(r.error.field, 'theField');
  assert.match(r.error.message, /^theField: /);
  if (mentions) assert.match(r.error.message, mentions);
  assert.ok(r.error.message.length < 300, 'error messages stay short even for huge input');
}

const KEY = 'YAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';

describe('validators', () => {
  test('interface names: what wg-quick accepts and nothing else', () => {
    for (const n of ['wg0', 'a', 'wg_office-1', 'x=y+z.w', '123456789012345'])
      good(parseInterfaceName, n, n);
    for (const n of [...HOSTILE, '1234567890123456', 'wg 0', 'wg/0', '.', '..', 'wgé', 42, null]) {
      bad(parseInterfaceName, n);
    }
    for (const n of ['all', 'interfaces']) bad(parseInterfaceName, n, /keyword of wg show/);
    // wg compares the keywords exactly: other spellings are ordinary names.
    for (const n of ['All', 'all0', 'interfaces1']) good(parseInterfaceName, n, n);
  });

  test('keys: exactly 44 characters of canonical base64', () => {
    good(parseKey, KEY, KEY);
    good(parseKey, 'A'.repeat(43) + '=', 'A'.repeat(43) + '=');
    bad(parseKey, KEY.slice(0, 43), /44 characters/);
    bad(parseKey, `${KEY}=`, /44 characters/);
    // Same bytes to a lenient decoder, but the 43rd digit has low bits set: wg rejects it.
    bad(parseKey, 'A'.repeat(42) + 'B=', /canonical/);
    bad(parseKey, 'A'.repeat(43) + '.', /canonical/);
    bad(parseKey, '-'.repeat(43) + '=', /canonical/);
    bad(parseKey, 'A'.repeat(44), /canonical/);
    for (const h of HOSTILE) bad(parseKey, h);
  });

  test('keys: every 32-byte value round-trips through Buffer and back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        const r = parseKey(text);
        return r.ok && Buffer.from(r.value, 'base64').equals(Buffer.from(bytes));
      }),
    );
  });

  test('IP addresses: strict forms, canonical output', () => {
    good(parseIpAddress, '10.8.0.1', '10.8.0.1');
    good(parseIpAddress, ' 192.0.2.7 ', '192.0.2.7');
    good(parseIpAddress, '2001:DB8:0:0:0:0:0:1', '2001:db8::1');
    good(parseIpAddress, '::1', '::1');
    for (const a of [
      '10.1',
      '010.0.0.1',
      '0x0a.0.0.1',
      '256.1.1.1',
      '10.0.0.1/24',
      'fe80::1%eth0',
      '1.2.3.4.5',
      ...HOSTILE,
    ]) {
      bad(parseIpAddress, a);
    }
  });

  test('interface addresses keep host bits; networks refuse them', () => {
    good(parseInterfaceAddress, '10.8.0.1/24', '10.8.0.1/24');
    good(parseInterfaceAddress, '10.8.0.1', '10.8.0.1/32');
    good(parseInterfaceAddress, 'fd00::1/64', 'fd00::1/64');
    good(parseCidr, '10.8.0.0/24', '10.8.0.0/24');
    good(parseCidr, '0.0.0.0/0', '0.0.0.0/0');
    good(parseCidr, '::/0', '::/0');
    good(parseCidr, '10.8.0.9', '10.8.0.9/32');
    good(parseCidr, 'FD00:0::/64', 'fd00::/64');
    bad(parseCidr, '10.8.0.1/24', /host bits.*10\.8\.0\.0\/24/);
    bad(parseCidr, 'fd00::1/64', /host bits/);
    for (const c of [
      '10.8.0.0/33',
      '::/129',
      '10.8.0.0/-1',
      '10.8.0.0/24/1',
      '10.8.0.0/',
      '10.8.0.0/ab',
      ...HOSTILE,
    ]) {
      bad(parseCidr, c);
      bad(parseInterfaceAddress, c);
    }
  });

  test('CIDR lists: comma text or arrays, deduplicated, one bad entry refuses all', () => {
    good(parseCidrList, '10.0.0.0/8, fd00::/8,10.0.0.0/8', ['10.0.0.0/8', 'fd00::/8']);
    good(parseCidrList, ['0.0.0.0/0', '::/0'], ['0.0.0.0/0', '::/0']);
    good(parseCidrList, '', []);
    bad(parseCidrList, '10.0.0.0/8, 10.0.0.1/8', /host bits/);
    bad(parseCidrList, '10.0.0.0/8;reboot');
    bad(parseCidrList, { a: 1 });
  });

  test('endpoints: host:port, [v6]:port, names', () => {
    good(parseEndpoint, '192.0.2.1:51820', '192.0.2.1:51820');
    good(parseEndpoint, '[2001:db8::1]:51820', '[2001:db8::1]:51820');
    good(parseEndpoint, 'VPN.Example.com:443', 'vpn.example.com:443');
    for (const e of [
      '192.0.2.1',
      '2001:db8::1:51820',
      '[192.0.2.1]:1',
      'host:0',
      'host:65536',
      'host:http',
      'a_b.com:1',
      '-a.com:1',
      'host:1;reboot',
      ...HOSTILE,
    ]) {
      bad(parseEndpoint, e);
    }
  });

  test('numbers: ports, keepalive, MTU, fwmark, table', () => {
    good(parsePort, 51820, 51820);
    good(parsePort, '51820', 51820);
    for (const p of [0, 65536, -1, 1.5, '1e3', '0x10', NaN, '51820; reboot', null])
      bad(parsePort, p);
    good(parseKeepalive, 25, 25);
    good(parseKeepalive, 'off', 0);
    good(parseKeepalive, 0, 0);
    bad(parseKeepalive, 65536);
    good(parseMtu, 1420, 1420);
    for (const m of [575, 9001, 'x', '1420; x']) bad(parseMtu, m);
    good(parseMtu, 1200, 1200);
    good(parseFwMark, '0xca6c', 0xca6c);
    good(parseFwMark, 'off', 0);
    bad(parseFwMark, '0x1ffffffff');
    good(parseRouteTable, 'auto', 'auto');
    good(parseRouteTable, '1234', '1234');
    good(parseRouteTable, 1234, '1234');
    good(parseRouteTable, 'main', 'main');
    good(parseRouteTable, 'vpn_sites', 'vpn_sites');
    for (const t of [
      'main; reboot',
      '-table',
      '0',
      0,
      '4294967296',
      '12ab',
      '',
      'a b',
      'x'.repeat(65),
    ])
      bad(parseRouteTable, t);
  });

  test('DNS lists mix resolvers and search domains', () => {
    good(parseDnsList, '1.1.1.1, 2606:4700:4700::1111, corp.example', [
      '1.1.1.1',
      '2606:4700:4700::1111',
      'corp.example',
    ]);
    bad(parseDnsList, '1.1.1.1; reboot');
    bad(
      parseDnsList,
      Array.from({ length: 17 }, (_, i) => `10.0.0.${i}`),
    );
  });

  test('domain names', () => {
    good(parseDomainName, 'Example.COM.', 'example.com');
    for (const d of ['a..b', 'a-.com', `${'a'.repeat(64)}.com`, '1.2.3.4', 'exa mple.com'])
      bad(parseDomainName, d);
  });

  test('.conf text: one line only', () => {
    good(parseConfText, 'Alice’s phone (iOS)', 'Alice’s phone (iOS)');
    for (const t of ['a\nPostUp = x', 'a\rb', 'a\0b', '', 'x'.repeat(257)]) bad(parseConfText, t);
  });

  test('a key pasted into the wrong field does not come back in the error', () => {
    for (const parse of [
      parseEndpoint,
      parseInterfaceName,
      parseCidr,
      parseDomainName,
    ] as Parser[]) {
      const r = parse(KEY, 'f');
      assert.ok(!r.ok);
      assert.ok(!r.error.message.includes(KEY.slice(0, 16)), r.error.message);
    }
  });

  test('no validator accepts a string with a newline', () => {
    const parsers: Parser[] = [
      parseInterfaceName,
      parseKey,
      parseIpAddress,
      parseCidr,
      parseEndpoint,
      parseConfText,
      parseDomainName,
    ];
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => parsers.every((p) => !p(`${a}\n${b}`).ok)),
    );
  });
});
