// The poll's index of a dump by key, kept from poll to poll (issue 17): it
// must answer exactly what a map built afresh from this dump would.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DumpIndex } from '../../../main/services/monitor/dump-index';
import type { ObservedInterface, ObservedPeer } from '../../../main/wireguard';
import type { InterfaceName, WgKey } from '../../../shared/validate/index';

const peer = (key: string, rxBytes = 0): ObservedPeer => ({
  publicKey: key as WgKey,
  hasPresharedKey: false,
  endpoint: null,
  allowedIps: [],
  latestHandshake: null,
  rxBytes,
  txBytes: 0,
  persistentKeepalive: 0,
});

const dump = (...peers: ObservedPeer[]): ObservedInterface => ({
  name: 'wg0' as InterfaceName,
  privateKeyPresent: true,
  publicKey: null,
  listenPort: 0,
  fwMark: 0,
  peers,
});

describe('DumpIndex', () => {
  test('finds each listed peer, in any order, and none that left', () => {
    const index = new DumpIndex();
    const first = index.of('wg0', dump(peer('a', 1), peer('b', 2), peer('c', 3)));
    assert.equal(first('b')?.rxBytes, 2);
    index.done();
    // Reordered, with new objects: the same slots, this dump's values.
    const again = index.of('wg0', dump(peer('c', 30), peer('a', 10), peer('b', 20)));
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => again(k)?.rxBytes),
      [10, 20, 30],
    );
    index.done();
    // One gone, one new, same count.
    const swapped = index.of('wg0', dump(peer('a', 11), peer('d', 44), peer('c', 33)));
    assert.equal(swapped('b'), undefined);
    assert.deepEqual(
      ['a', 'c', 'd'].map((k) => swapped(k)?.rxBytes),
      [11, 33, 44],
    );
    index.done();
    const fewer = index.of('wg0', dump(peer('d', 45)));
    assert.equal(fewer('a'), undefined);
    assert.equal(fewer('d')?.rxBytes, 45);
  });

  test('an interface missing from the dump lists nothing; a key listed twice is its last line', () => {
    const index = new DumpIndex();
    index.of('wg0', dump(peer('a', 1)));
    index.done();
    assert.equal(index.of('wg0', undefined)('a'), undefined);
    index.done();
    const twice = index.of('wg0', dump(peer('a', 1), peer('a', 2)));
    assert.equal(twice('a')?.rxBytes, 2);
    index.done();
    const once = index.of('wg0', dump(peer('b', 5), peer('a', 3)));
    assert.equal(once('a')?.rxBytes, 3);
    assert.equal(once('b')?.rxBytes, 5);
  });
});

/** What a map built afresh from this dump answers: the last line of the key. */
function fresh(peers: readonly ObservedPeer[], key: string): ObservedPeer | undefined {
  let found: ObservedPeer | undefined;
  for (const p of peers) if (p.publicKey === key) found = p;
  return found;
}

// issue 17: lines checked where they were last time, and the questions where
// they were asked last time, before the map: in any sequence of dumps (keys
// the same objects or new strings, reordered, gone, added, listed twice) and
// of questions (the table's order changing, peers not listed), the answer
// is always the fresh map's.
describe('DumpIndex from poll to poll (property)', () => {
  const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
  // A new string with the key's text: not the same object as the constant.
  const copyOf = (k: string) => (' ' + k).slice(1);
  const line = fc.record({ k: fc.constantFrom(...KEYS), copy: fc.boolean(), rx: fc.nat(99) });
  const poll = fc.record({
    lines: fc.oneof(
      fc.constant(null), // the same dump's lines as the poll before, new values
      fc.array(line, { maxLength: 8 }),
    ),
    listed: fc.boolean(),
    questions: fc.oneof(fc.constant(null), fc.shuffledSubarray(KEYS)),
  });

  test('answers as a map built from each dump', () => {
    fc.assert(
      fc.property(fc.array(poll, { minLength: 1, maxLength: 8 }), (polls) => {
        const index = new DumpIndex();
        let keys: string[] = [];
        let asked: string[] = KEYS;
        for (const [n, p] of polls.entries()) {
          if (p.lines !== null) keys = p.lines.map((l) => (l.copy ? copyOf(l.k) : l.k));
          if (p.questions !== null) asked = p.questions;
          const peers = keys.map((k, i) => peer(k, n * 100 + i));
          const lookup = index.of('wg0', p.listed ? dump(...peers) : undefined);
          for (const k of asked) {
            const want = p.listed ? fresh(peers, k) : undefined;
            assert.equal(lookup(k), want, `poll ${n}, key ${k}`);
          }
          index.done();
        }
      }),
      { numRuns: 2000 },
    );
  });
});
