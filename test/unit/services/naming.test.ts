import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseCidr, parseInterfaceAddress } from '../../../shared/validate';
import { configFileName } from '../../../main/services/peers/configs';
import { firstByFamily, splitAllowedIps } from '../../../main/services/interfaces/import-convert';
import { namesFromPattern } from '../../../main/services/peers/input';

test('config file names are names wg-quick accepts as interface names', () => {
  const cases: [string, string][] = [
    ['alice-laptop', 'alice-laptop.conf'],
    ['Alice’s phone (work)', 'Alice-s-phone-w.conf'],
    ['a very long peer name indeed', 'a-very-long-pee.conf'],
    ['../../etc/passwd', 'etc-passwd.conf'],
    ['-rf', 'rf.conf'],
    ['日本', 'peer-7.conf'],
  ];
  for (const [name, file] of cases) {
    const got = configFileName(name, 'peer-7');
    assert.equal(got, file, name);
    assert.match(got.slice(0, -5), /^[a-zA-Z0-9_=+.][a-zA-Z0-9_=+.-]{0,14}$/);
  }
});

test('name patterns', () => {
  assert.deepEqual(namesFromPattern('laptop-{n}', 3), ['laptop-1', 'laptop-2', 'laptop-3']);
  assert.deepEqual(namesFromPattern('phone', 2), ['phone-1', 'phone-2']);
  assert.deepEqual(namesFromPattern('{n}/{n}', 1), ['1/1']);
});

test('allowed IPs split into tunnel addresses and networks behind the peer', () => {
  const server = [
    unwrap(parseInterfaceAddress('10.8.0.1/24')),
    unwrap(parseInterfaceAddress('fd08::1/64')),
  ];
  const list = ['10.8.0.2/32', '192.168.7.0/24', 'fd08::2/128', '10.8.0.0/28', '10.9.0.1/32'].map(
    (c) => unwrap(parseCidr(c)),
  );
  assert.deepEqual(splitAllowedIps(list, server), {
    addresses: ['10.8.0.2/32', 'fd08::2/128'],
    extraNetworks: ['192.168.7.0/24', '10.8.0.0/28', '10.9.0.1/32'],
  });
  assert.deepEqual(splitAllowedIps(list, []).addresses, [
    '10.8.0.2/32',
    'fd08::2/128',
    '10.9.0.1/32',
  ]);
  assert.deepEqual(firstByFamily([...server, unwrap(parseInterfaceAddress('10.9.0.1/24'))]), {
    ipv4Address: '10.8.0.1/24',
    ipv6Address: 'fd08::1/64',
    dropped: ['10.9.0.1/24'],
  });
});
