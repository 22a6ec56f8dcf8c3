import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyPush,
  decodePush,
  diffPush,
  emptyStats,
  holdSnapshot,
  mergePushes,
  StatsPush,
  type HeldStats,
  type PeerStats,
} from '../../../shared/contract';

// The 'peers.stats' codec (issue 17, point 6): what a reader rebuilds from the
// pushes is exactly what main had, a lost push is seen, and idle costs nothing.

const IF = 3;
const NOW = 1_764_950_000_000;

function peer(id: number, over: Partial<PeerStats> = {}): PeerStats {
  return {
    ...emptyStats(id),
    status: 'online',
    lastHandshake: 1_700_000_000_000,
    endpoint: `192.0.2.${id % 250}:51820`,
    rxTotal: 1_000_000_000 + id,
    txTotal: 2_000_000_000 + id,
    rxRate: 100 + id,
    txRate: 200 + id,
    ...over,
  };
}

const held = (): HeldStats => ({ seqs: new Map([[IF, 0]]), byId: new Map() });

/** main's side: what it sent so far, and its seq. */
class Main {
  sent = new Map<number, PeerStats>();
  seq = 0;
  push(peers: PeerStats[], at = 1000): StatsPush | null {
    const p = diffPush({ interfaceId: IF, at, seq: this.seq }, this.sent, peers);
    if (p !== null) this.seq = p.seq;
    // What crosses the wire: JSON, and the contract's schema must accept it.
    return p === null ? null : StatsPush.parse(JSON.parse(JSON.stringify(p)));
  }
}

/** Rounds of changes, each a list of peers' new numbers. */
const rounds: PeerStats[][] = [
  [peer(5), peer(1), peer(9), peer(200, { status: 'never', lastHandshake: null, endpoint: null })],
  [peer(1, { rxTotal: 1_000_000_900, rxRate: 900 }), peer(9, { txTotal: 2_000_000_000 })],
  [
    peer(5, { status: 'disconnected', outReason: 'disconnected', outUntil: 99, endpoint: null }),
    peer(200, { status: 'online', lastHandshake: 5, endpoint: '[2001:db8::1]:4000' }),
    peer(7),
  ],
  [peer(5, { status: 'online', outReason: null, outUntil: null, rxTotal: 3 })],
];

describe('peers.stats codec', () => {
  test('a reader rebuilds exactly what main sent, round after round', () => {
    const main = new Main();
    const reader = held();
    for (const round of rounds) {
      const p = main.push(round);
      assert.ok(p !== null);
      assert.equal(applyPush(reader, p), 'applied');
      assert.deepEqual(new Map(reader.byId), main.sent);
    }
    assert.equal(reader.seqs.get(IF), rounds.length);
  });

  test('idle peers send nothing; a counter that moves sends only its columns', () => {
    const main = new Main();
    const all = Array.from({ length: 10_000 }, (_, i) => peer(i + 1));
    assert.ok(main.push(all) !== null);
    assert.equal(main.push(all), null, 'nothing changed: no push at all');
    const one = main.push([peer(42, { rxTotal: 1_000_000_142, rxRate: 7 })]);
    assert.ok(one !== null);
    const bytes = JSON.stringify(one).length;
    assert.ok(bytes < 120, `${bytes} bytes for one peer's counter`);
    assert.equal(one.status, undefined);
    assert.equal(one.endpoint, undefined);
  });

  test('10,000 peers whose counters all move: under 300 KB', () => {
    const main = new Main();
    const at = (t: number): PeerStats[] =>
      Array.from({ length: 10_000 }, (_, i) =>
        peer(i + 1, {
          rxTotal: 5_000_000_000 + t * (i * 97 + 1000),
          txTotal: 9_000_000_000 + t * (i * 31 + 500),
          rxRate: i * 97 + 1000 + t,
          txRate: i * 31 + 500 + t,
          // Every handshake moving at once (WireGuard rekeys every 2 minutes): the worst case.
          lastHandshake: NOW + t * 1000 - (i % 120) * 1000,
        }),
      );
    const reader = held();
    applyPush(reader, main.push(at(0), NOW) ?? assert.fail('first push'));
    const p = main.push(at(1), NOW + 1000);
    assert.ok(p !== null);
    const bytes = JSON.stringify(p).length;
    assert.ok(bytes < 300_000, `${bytes} bytes`);
    assert.equal(p.ids.length, 10_000);
    assert.deepEqual(p.lastHandshake?.[0], [], 'a value for every peer: no positions');
    assert.equal(applyPush(reader, p), 'applied');
    assert.deepEqual(new Map(reader.byId), main.sent);
  });

  test('a lost push is a gap; an old one is skipped; no snapshot takes nothing', () => {
    const main = new Main();
    const [p1, p2, p3] = rounds.slice(0, 3).map((r) => main.push(r));
    assert.ok(p1 && p2 && p3);
    const reader = held();
    assert.equal(applyPush(reader, p1), 'applied');
    assert.equal(applyPush(reader, p3), 'gap', 'p2 was lost');
    assert.equal(reader.seqs.get(IF), 1, 'nothing applied past the gap');
    assert.equal(applyPush(reader, p1), 'old');
    assert.equal(applyPush({ seqs: new Map(), byId: new Map() }, p2), 'old');
  });

  test('a snapshot at seq S: pushes up to S are skipped, the next applies on it', () => {
    const main = new Main();
    const [p1, p2] = rounds.slice(0, 2).map((r) => main.push(r));
    assert.ok(p1 && p2);
    const reader: HeldStats = { seqs: new Map(), byId: new Map() };
    holdSnapshot(reader, { interfaceId: IF, seq: 1, peers: [...main.sent.values()] });
    const late = main.push(rounds[2] ?? []);
    assert.ok(late !== null);
    assert.equal(applyPush(reader, p1), 'old');
    assert.equal(applyPush(reader, late), 'gap', 'p2 is missing between the snapshot and it');
    const fresh: HeldStats = { seqs: new Map(), byId: new Map() };
    holdSnapshot(fresh, { interfaceId: IF, seq: main.seq - 1, peers: [...main.sent.values()] });
    assert.equal(applyPush(fresh, p2), 'old');
  });

  test('a non-fresh change of a peer the reader never had is a gap', () => {
    const main = new Main();
    main.push([peer(1)]);
    const p = main.push([peer(1, { rxTotal: 5 })]);
    assert.ok(p !== null);
    assert.equal(applyPush({ seqs: new Map([[IF, 1]]), byId: new Map() }, p), 'gap');
  });

  test('merged pushes (a slow client) land where applying each would', () => {
    const main = new Main();
    const pushes = rounds.map((r) => main.push(r));
    const [a, b, c, d] = pushes;
    assert.ok(a && b && c && d);
    const merged = mergePushes(mergePushes(a, b), mergePushes(c, d));
    assert.equal(merged.base, 0);
    assert.equal(merged.seq, 4);
    const reader = held();
    assert.equal(applyPush(reader, merged), 'applied');
    assert.deepEqual(new Map(reader.byId), main.sent);
    const partial = held();
    applyPush(partial, a);
    assert.equal(applyPush(partial, mergePushes(b, c)), 'applied');
    assert.equal(applyPush(partial, d), 'applied');
    assert.deepEqual(new Map(partial.byId), main.sent);
  });

  test('decoded changes are each their own object (the walk reuses one)', () => {
    const main = new Main();
    const p = main.push(rounds[0] ?? []);
    assert.ok(p !== null);
    const changes = decodePush(p);
    assert.deepEqual(
      changes.map((c) => [c.id, c.fresh, c.status]),
      [
        [5, true, 'online'],
        [1, true, 'online'],
        [9, true, 'online'],
        [200, true, undefined],
      ],
    );
  });
});
