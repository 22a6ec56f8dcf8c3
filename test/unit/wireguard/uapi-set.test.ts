/**
 * One peer's "set=1" request for wireguard-go's control socket (issue 17): the
 * lines `wg set … peer …` writes there, keys in hex, an address endpoint
 * canonical, and no request at all for a host name (`wg` resolves it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import type { Cidr } from '../../../shared/ip';
import { parseEndpoint, parseKey, type Keepalive } from '../../../shared/validate';
import { uapiErrno, uapiSetPeer, type UapiPeer } from '../../../main/wireguard';

const KEY = unwrap(parseKey('YmFzZTY0IGtleSBvZiB0aGlydHktdHdvIGJ5dGVzLi4=', 'k'));
const PSK = unwrap(parseKey('cHJlc2hhcmVkIGtleSBvZiB0aGlydHktdHdvIGJ5dGU=', 'k'));
const hex = (k: string) => Buffer.from(k, 'base64').toString('hex');
const peer = (over: Partial<UapiPeer>): UapiPeer => ({
  publicKey: KEY,
  presharedKey: null,
  allowedIps: [],
  endpoint: null,
  persistentKeepalive: 0 as Keepalive,
  ...over,
});
const text = (p: UapiPeer) => uapiSetPeer(p)?.toString('latin1') ?? null;

test('a peer with only its key: no PSK (zeros), keepalive off, its networks cleared', () => {
  assert.equal(
    text(peer({})),
    `set=1\npublic_key=${hex(KEY)}\npreshared_key=${'0'.repeat(64)}\n` +
      'persistent_keepalive_interval=0\nreplace_allowed_ips=true\n\n',
  );
});

test('a PSK, an endpoint, keepalive and networks, in the order wg writes them', () => {
  assert.equal(
    text(
      peer({
        presharedKey: PSK,
        endpoint: unwrap(parseEndpoint('192.0.2.7:51820')),
        persistentKeepalive: 25 as Keepalive,
        allowedIps: ['10.0.0.2/32', 'fd00::2/128'] as Cidr[],
      }),
    ),
    `set=1\npublic_key=${hex(KEY)}\npreshared_key=${hex(PSK)}\nendpoint=192.0.2.7:51820\n` +
      'persistent_keepalive_interval=25\nreplace_allowed_ips=true\n' +
      'allowed_ip=10.0.0.2/32\nallowed_ip=fd00::2/128\n\n',
  );
});

test('endpoints: addresses written canonically, a host name left to wg', () => {
  const cases: [string, string | null][] = [
    ['[FD00:0:0::1]:51820', 'endpoint=[fd00::1]:51820'],
    ['198.51.100.1:1', 'endpoint=198.51.100.1:1'],
    ['vpn.example.com:51820', null],
    ['localhost:51820', null],
  ];
  for (const [endpoint, line] of cases) {
    const t = text(peer({ endpoint: unwrap(parseEndpoint(endpoint)) }));
    if (line === null) assert.equal(t, null, endpoint);
    else assert.ok(t?.split('\n').includes(line), `${endpoint}: ${t}`);
  }
});

test("the socket's answer: errno=0 is done, another errno a refusal, anything else none", () => {
  assert.equal(uapiErrno('errno=0\n\n'), 0);
  assert.equal(uapiErrno('errno=-22\n\n'), -22);
  assert.equal(uapiErrno('errno=0\n'), null);
  assert.equal(uapiErrno(''), null);
  assert.equal(uapiErrno('protocol_version=1\nerrno=0\n\n'), null);
});
