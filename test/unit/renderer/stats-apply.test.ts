import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyStats, emptyLiveStats, replaceStats, updateHeld } from '../../../renderer/lib/stats';
import {
  applyChange,
  applyPush,
  type HeldStats,
  type PeerChange,
  type PeerStats,
} from '../../../shared/contract';
import { stats, statsStream } from './fixtures';

// The page applies pushes in place (issue 17: "disconnect every peer" must not
// make 10,000 objects); these hold it to the contract's codec, which makes a
// new object per change.

describe('updateHeld', () => {
  const held = (): PeerStats =>
    stats(1, { rxTotal: 100, txTotal: 50, endpoint: '192.0.2.1:51820', lastHandshake: 5 });
  const changes: readonly (readonly [string, PeerChange])[] = [
    ['counters only', { id: 1, fresh: false, rx: 10, tx: 3, rxRate: 7, txRate: 2 }],
    [
      'a status and a reason',
      {
        id: 1,
        fresh: false,
        rx: 0,
        tx: 0,
        rxRate: 0,
        txRate: 0,
        status: 'disconnected',
        outReason: 'disconnected',
      },
    ],
    [
      'every field, to null where it can be',
      {
        id: 1,
        fresh: false,
        rx: 1,
        tx: 2,
        rxRate: 3,
        txRate: 4,
        status: 'offline',
        outReason: null,
        outUntil: null,
        lastHandshake: null,
        endpoint: null,
      },
    ],
    [
      'a timed cut',
      { id: 1, fresh: false, rx: 0, tx: 0, rxRate: 0, txRate: 0, outReason: 'timed', outUntil: 9 },
    ],
  ];
  for (const [what, c] of changes) {
    test(`${what}: the same numbers as applyChange, in the same object`, () => {
      const mine = held();
      updateHeld(mine, c);
      assert.deepEqual(mine, applyChange(held(), c));
    });
  }
});

/** Every peer's numbers after each push, the page's way and the codec's. */
function bothWays(rounds: readonly (readonly PeerStats[])[]): void {
  const push = statsStream();
  const live = emptyLiveStats();
  replaceStats(live, 1, 0, []);
  const codec: HeldStats = { seqs: new Map([[1, 0]]), byId: new Map() };
  rounds.forEach((peers, i) => {
    const p = push(1, peers, 1000 * (i + 1));
    assert.equal(applyStats(live, p).outcome, applyPush(codec, p), `push ${i + 1}`);
    assert.deepEqual(new Map(live.byId), codec.byId, `after push ${i + 1}`);
  });
}

describe('applyStats in place', () => {
  test('holds what the codec holds, push after push', () => {
    const a = stats(1, { status: 'online', rxTotal: 10, endpoint: '192.0.2.1:1' });
    const b = stats(2, { status: 'never', rxRate: 0 });
    bothWays([
      [a, b],
      [{ ...a, rxTotal: 30, rxRate: 20 }, b],
      [
        { ...a, rxTotal: 30, status: 'disconnected', outReason: 'disconnected', endpoint: null },
        { ...b, status: 'disconnected', outReason: 'disconnected' },
      ],
      [
        { ...a, rxTotal: 30, status: 'offline', outReason: null, endpoint: null },
        { ...b, status: 'never', outReason: null, lastHandshake: 500 },
        stats(3),
      ],
    ]);
  });

  test('a push that flips every peer keeps every object and counts online right', () => {
    const push = statsStream();
    const live = emptyLiveStats();
    replaceStats(live, 1, 0, []);
    const peers = [1, 2, 3].map((id) => stats(id, { status: 'online' }));
    applyStats(live, push(1, peers));
    const before = [...live.byId.values()];
    assert.equal(live.onlineByInterface.get(1), 3);
    const cut = applyStats(
      live,
      push(
        1,
        peers.map((p) => ({ ...p, status: 'disconnected', outReason: 'disconnected' })),
      ),
    );
    assert.deepEqual(cut, { outcome: 'applied', statusChanged: true });
    const after = [...live.byId.values()];
    before.forEach((s, i) => {
      assert.equal(after[i], s, 'the same object');
      assert.equal(s.status, 'disconnected');
    });
    assert.equal(live.onlineByInterface.get(1), 0);
  });

  test('a snapshot is copied: the caller’s objects are never written', () => {
    const push = statsStream();
    const mine = stats(1, { rxTotal: 5 });
    push(1, [mine]);
    const live = emptyLiveStats();
    replaceStats(live, 1, 1, [mine]);
    assert.equal(applyStats(live, push(1, [{ ...mine, rxTotal: 9 }])).outcome, 'applied');
    assert.equal(live.byId.get(1)?.rxTotal, 9);
    assert.equal(mine.rxTotal, 5);
  });

  test('old pushes and lost ones change nothing; a peer never held is applied and said', () => {
    const push = statsStream();
    const first = push(1, [stats(1, { rxTotal: 4 })]);
    const second = push(1, [stats(1, { rxTotal: 6 })]);
    const live = emptyLiveStats();
    replaceStats(live, 1, 1, []);
    const codec: HeldStats = { seqs: new Map([[1, 1]]), byId: new Map() };
    assert.deepEqual(applyStats(live, first), { outcome: 'old', statusChanged: false });
    assert.equal(live.byId.size, 0);
    const lost = { ...second, seq: 5, base: 4 };
    assert.equal(applyStats(live, lost).outcome, 'gap');
    assert.equal(live.byId.size, 0, 'a lost push is not applied');
    // Not fresh to the stream, but this page never held peer 1: read the snapshot again.
    assert.equal(applyStats(live, second).outcome, 'gap');
    assert.equal(applyPush(codec, second), 'gap');
    assert.deepEqual(new Map(live.byId), codec.byId);
  });
});
