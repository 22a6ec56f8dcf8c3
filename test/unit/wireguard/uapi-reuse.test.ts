// UapiParser (issue 17): poll after poll, a peer whose lines are the same
// bytes as in the previous answer is the same object, not parsed again; one
// whose lines changed (a counter, its PSK set or cleared) is read anew; the
// secrets are gone from the answer once read; a peer may move in the list
// (wireguard-go lists them in its map's order, which varies).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UapiParser } from '../../../main/wireguard';
import { publicKeyOf } from '../../../main/wireguard/keys';
import type { WgKey } from '../../../shared/validate/key';

const hex = (byte: string): string => byte.repeat(32);

function peer(key: string, rx: number, psk = '00'): string[] {
  return [
    `public_key=${key.length === 64 ? key : hex(key)}`,
    `preshared_key=${hex(psk)}`,
    'protocol_version=1',
    'last_handshake_time_sec=0',
    'last_handshake_time_nsec=0',
    'tx_bytes=5',
    `rx_bytes=${rx}`,
    'persistent_keepalive_interval=0',
    'allowed_ip=10.0.0.2/32',
  ];
}

const answerOf = (privateByte: string, ...peers: string[][]): Buffer =>
  Buffer.from(
    [
      `private_key=${hex(privateByte)}`,
      'listen_port=51820',
      ...peers.flat(),
      'errno=0',
      '',
      '',
    ].join('\n'),
  );
const answer = (...peers: string[][]): Buffer => answerOf('a8', ...peers);

test('unchanged peers are the same objects; changed ones are read again', () => {
  const parser = new UapiParser();
  const first = parser.parse('wg0', answer(peer('11', 7), peer('22', 9, '5e'), peer('33', 1)));
  // Another buffer (the reader alternates two), peers in another order, one counter moved.
  const second = parser.parse('wg0', answer(peer('33', 2), peer('22', 9, '5e'), peer('11', 7)));
  const [a1, b1, c1] = first.peers;
  // Listed as the last result listed them, not in the answer's order (see Blocks.finish).
  const [a2, b2, c2] = second.peers;
  assert.equal(a2, a1, 'the same lines: the same peer');
  assert.equal(b2, b1, 'the same lines with a PSK: the same peer');
  assert.notEqual(c2, c1);
  assert.equal(c2?.rxBytes, 2);
  assert.equal(b2?.hasPresharedKey, true);
  // The PSK cleared: the lines differ, and so does what is kept.
  const third = parser.parse('wg0', answer(peer('22', 9), peer('11', 7)));
  assert.equal(third.peers[1]?.hasPresharedKey, false);
  assert.equal(third.peers[0], a1);
  assert.equal(third.peers.length, 2, 'a peer gone is gone');
  assert.equal(third.publicKey, first.publicKey, 'the interface key is derived every time');
});

test('peers keep their place from answer to answer; new ones come after, in the order listed', () => {
  const parser = new UapiParser();
  const rxOf = (answer: ReturnType<UapiParser['parse']>): number[] =>
    answer.peers.map((p) => p.rxBytes);
  assert.deepEqual(
    rxOf(parser.parse('wg0', answer(peer('33', 3), peer('11', 1), peer('22', 2)))),
    [3, 1, 2],
  );
  // Reordered, 11 gone, two new ones, 22 changed.
  const next = answer(peer('55', 5), peer('22', 20), peer('44', 4), peer('33', 3));
  assert.deepEqual(rxOf(parser.parse('wg0', next)), [3, 20, 5, 4]);
  assert.deepEqual(rxOf(parser.parse('wg0', answer(peer('44', 4), peer('33', 3)))), [3, 4]);
});

test('the answer holds no secret once read', () => {
  const bytes = answer(peer('11', 7, '5e'));
  new UapiParser().parse('wg0', bytes);
  const text = bytes.toString('latin1');
  assert.ok(!text.includes(hex('a8')), 'the private key is overwritten');
  assert.ok(!text.includes(hex('5e')), 'the PSK is overwritten');
});

test('an answer read after a refused one is read in full', () => {
  const parser = new UapiParser();
  const first = parser.parse('wg0', answer(peer('11', 7)));
  assert.throws(() => parser.parse('wg0', answer([...peer('11', 7), 'rx_bytes=x'])));
  const again = parser.parse('wg0', answer(peer('11', 7)));
  assert.notEqual(again.peers[0], first.peers[0]);
  assert.deepEqual(again.peers[0], first.peers[0]);
});

test('the interface key is derived again when it changed, and only then', () => {
  const parser = new UapiParser();
  const of = (byte: string): WgKey =>
    publicKeyOf(Buffer.from(hex(byte), 'hex').toString('base64') as WgKey);
  assert.equal(parser.parse('wg0', answerOf('a8', peer('11', 7))).publicKey, of('a8'));
  assert.equal(parser.parse('wg0', answerOf('a8', peer('11', 7))).publicKey, of('a8'));
  // Rotated (wg set private-key): the new key's public key at once.
  assert.equal(parser.parse('wg0', answerOf('b0', peer('11', 7))).publicKey, of('b0'));
  assert.equal(parser.parse('wg0', answerOf('a8', peer('11', 7))).publicKey, of('a8'));
});

test('two keys alike in their first digits are each read right, poll after poll', () => {
  const parser = new UapiParser();
  const [k1, k2] = [`${'1'.repeat(16)}${'2'.repeat(48)}`, `${'1'.repeat(16)}${'3'.repeat(48)}`];
  for (let poll = 1; poll <= 3; poll++) {
    const read = parser.parse('wg0', answer(peer(k1, poll), peer(k2, 10 * poll)));
    const rx = read.peers.map((p) => [
      Buffer.from(p.publicKey, 'base64').toString('hex'),
      p.rxBytes,
    ]);
    assert.deepEqual(rx, [
      [k1, poll],
      [k2, 10 * poll],
    ]);
  }
  // Unchanged, listed the other way round: right again, from either block, in their old places.
  const same = parser.parse('wg0', answer(peer(k2, 30), peer(k1, 3)));
  assert.deepEqual(
    same.peers.map((p) => p.rxBytes),
    [3, 30],
  );
});

test('a peer whose counters moved keeps the key, endpoint and networks it read before', () => {
  const parser = new UapiParser();
  const lines = (rx: number, endpoint: string, ...ips: string[]): string[] => [
    ...peer('11', rx).filter((l) => !l.startsWith('allowed_ip=')),
    `endpoint=${endpoint}`,
    ...ips.map((ip) => `allowed_ip=${ip}`),
  ];
  const first = parser.parse(
    'wg0',
    answer(lines(1, '192.0.2.7:51820', '10.0.0.2/32', 'fd00::2/128')),
  );
  const moved = parser.parse(
    'wg0',
    answer(lines(2, '192.0.2.7:51820', '10.0.0.2/32', 'fd00::2/128')),
  );
  const [a, b] = [first.peers[0], moved.peers[0]];
  assert.ok(a !== undefined && b !== undefined);
  assert.notEqual(b, a, 'a counter moved: a new reading');
  assert.equal(b.rxBytes, 2);
  // The same strings and array, not equal copies (issue 17: no new ones per changing peer).
  assert.ok(Object.is(b.publicKey, a.publicKey) && b.publicKey === a.publicKey);
  assert.equal(b.endpoint, a.endpoint);
  assert.equal(b.allowedIps, a.allowedIps, 'the same networks: the same array');

  // Roamed, and one network more: the new endpoint and a new array, the kept network within it.
  const before = a.allowedIps;
  const roamed = parser.parse(
    'wg0',
    answer(lines(3, '198.51.100.9:4000', '10.0.0.2/32', 'fd00::2/128', '10.9.0.0/24')),
  );
  const c = roamed.peers[0];
  assert.equal(c?.endpoint, '198.51.100.9:4000');
  assert.deepEqual(c?.allowedIps, ['10.0.0.2/32', 'fd00::2/128', '10.9.0.0/24']);
  assert.notEqual(c?.allowedIps, before);
  assert.deepEqual(
    before,
    ['10.0.0.2/32', 'fd00::2/128'],
    'the networks read before are untouched',
  );
  // A new object for each changed reading: no result is written once handed back (see newPeer).
  assert.ok(c !== a && c !== b);
  assert.deepEqual([a.rxBytes, a.endpoint], [1, '192.0.2.7:51820'], 'read two reads ago');
  assert.deepEqual([b.rxBytes, b.endpoint, b.allowedIps], [2, '192.0.2.7:51820', before]);
  // A network fewer: not the longer array, though it starts the same.
  const fewer = parser.parse('wg0', answer(lines(4, '198.51.100.9:4000', '10.0.0.2/32')));
  assert.deepEqual(fewer.peers[0]?.allowedIps, ['10.0.0.2/32']);
  assert.ok(fewer.peers[0] !== a && fewer.peers[0] !== b && fewer.peers[0] !== c);
  assert.deepEqual(c?.allowedIps, ['10.0.0.2/32', 'fd00::2/128', '10.9.0.0/24']);
  assert.equal(c?.rxBytes, 3, 'the last result is untouched by the next read');
  assert.equal(b.rxBytes, 2, 'and so is every one before it');
});

test('a changed peer with a key alike in its first digits is not given the other key', () => {
  const parser = new UapiParser();
  const [k1, k2] = [`${'4'.repeat(16)}${'5'.repeat(48)}`, `${'4'.repeat(16)}${'6'.repeat(48)}`];
  parser.parse('wg0', answer(peer(k1, 1)));
  // k2 replaces k1 (same hashed digits), its counters differ from k1's last ones.
  const read = parser.parse('wg0', answer(peer(k2, 2)));
  assert.equal(Buffer.from(read.peers[0]?.publicKey ?? '', 'base64').toString('hex'), k2);
});

test('counter lines in another order or shape than usual are still read, one by one', () => {
  const parser = new UapiParser();
  const usual = (rx: number): string[] => peer('11', rx);
  // tx after rx, an unknown line among them, a counter with more digits than a u64 has.
  const odd = (rx: number): string[] => [
    ...usual(0).slice(0, 4),
    'last_handshake_time_nsec=0',
    `rx_bytes=${rx}`,
    'some_later_field=1',
    'tx_bytes=5',
    ...usual(0).slice(7),
  ];
  parser.parse('wg0', answer(usual(1)));
  const read = parser.parse('wg0', answer(odd(9)));
  assert.deepEqual(read, new UapiParser().parse('wg0', answer(odd(9))));
  assert.equal(read.peers[0]?.rxBytes, 9);
  assert.equal(read.peers[0]?.txBytes, 5);
  const huge = [...usual(0).slice(0, 6), `rx_bytes=${'9'.repeat(21)}`, ...usual(0).slice(7)];
  assert.throws(() => parser.parse('wg0', answer(huge)), /rx_bytes is not a number/);
});

test('a changed peer without a keepalive line reads none, whatever it had before', () => {
  const parser = new UapiParser();
  const withKa = peer('11', 1).map((l) =>
    l.startsWith('persistent') ? 'persistent_keepalive_interval=25' : l,
  );
  assert.equal(parser.parse('wg0', answer(withKa)).peers[0]?.persistentKeepalive, 25);
  const without = peer('11', 2).filter((l) => !l.startsWith('persistent'));
  const read = parser.parse('wg0', answer(without));
  assert.deepEqual(read, new UapiParser().parse('wg0', answer(without)));
  assert.equal(read.peers[0]?.persistentKeepalive, 0);
});
