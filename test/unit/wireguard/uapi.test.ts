// parseUapi: wireguard-go's get=1 answer read as the dump's model (issue 17).
// The agreement with `wg show all dump` on live interfaces is in
// test/integration/perf/uapi-dump.test.ts; here, what it refuses and how the
// fields wg reshapes (hex keys, the all-zero PSK, handshake 0) come out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../shared/errors';
import { parseUapi } from '../../../main/wireguard';

const hex = (byte: string): string => byte.repeat(32);
const b64 = (byte: string): string => Buffer.from(hex(byte), 'hex').toString('base64');

const PEER = [
  `public_key=${hex('11')}`,
  `preshared_key=${hex('00')}`,
  'protocol_version=1',
  'last_handshake_time_sec=0',
  'last_handshake_time_nsec=0',
  'tx_bytes=5',
  'rx_bytes=7',
  'persistent_keepalive_interval=0',
  'allowed_ip=10.0.0.2/32',
];

test('a peer with nothing set: no PSK, no handshake, counters in their places', () => {
  const i = parseUapi('wg0', Buffer.from([`listen_port=51820`, ...PEER, 'errno=0', ''].join('\n')));
  assert.deepEqual(i, {
    name: 'wg0',
    privateKeyPresent: false,
    publicKey: null,
    listenPort: 51820,
    fwMark: 0,
    peers: [
      {
        publicKey: b64('11'),
        hasPresharedKey: false,
        endpoint: null,
        allowedIps: ['10.0.0.2/32'],
        latestHandshake: null,
        rxBytes: 7,
        txBytes: 5,
        persistentKeepalive: 0,
      },
    ],
  });
});

const refused: readonly (readonly [string, readonly string[], RegExp])[] = [
  ['an error answer', ['errno=1'], /errno=1/],
  ['no errno at all', [...PEER], /errno=\(none\)/],
  ['a short key', [`public_key=${hex('1').slice(1)}`, 'errno=0'], /peer public key/],
  // The next line ends where a whole key line would (Answer.advance's quick path): still two lines.
  [
    'a short key, the next line ending where a key would',
    [`public_key=${'1'.repeat(30)}`, `endpoint=192.0.2.1:${'1'.repeat(14)}`, 'errno=0'],
    /peer public key/,
  ],
  ['a number with a sign', [...PEER, 'rx_bytes=-1', 'errno=0'], /rx_bytes is not a number/],
  ['a port above 65535', ['listen_port=65536', 'errno=0'], /listen_port is above/],
  ['a line without "="', ['garbage', 'errno=0'], /key=value/],
  ['a bad network', [...PEER, 'allowed_ip=10.0.0.0/33', 'errno=0'], /allowed IP/],
];

for (const [what, lines, message] of refused) {
  test(`refused: ${what}, without quoting a value`, () => {
    assert.throws(
      () => parseUapi('wg0', Buffer.from(lines.join('\n'))),
      (e: unknown) => e instanceof AppError && e.kind === 'Internal' && message.test(e.message),
    );
  });
}
