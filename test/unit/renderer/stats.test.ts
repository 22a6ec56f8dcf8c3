import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClientError } from '../../../renderer/api/errors';
import {
  applyStats,
  emptyLiveStats,
  forgetInterface,
  forgetPeers,
  replaceStats,
} from '../../../renderer/lib/stats';
import { createAppStore } from '../../../renderer/store';
import { peer, stats, statsStream } from './fixtures';
import { noticeWordsIn } from './words';

/** Live stats holding an empty snapshot of servers 1 and 2, and main's pushes to it. */
function opened() {
  const live = emptyLiveStats();
  replaceStats(live, 1, 0, []);
  replaceStats(live, 2, 0, []);
  return { live, push: statsStream() };
}

describe('applyStats', () => {
  test('counts online peers per server as statuses move', () => {
    const { live, push } = opened();
    applyStats(live, push(1, [stats(1), stats(2), stats(3, { status: 'never' })]));
    applyStats(live, push(2, [stats(10)]));
    assert.equal(live.onlineByInterface.get(1), 2);
    assert.equal(live.onlineByInterface.get(2), 1);
    applyStats(live, push(1, [stats(1, { status: 'offline' }), stats(3)]));
    assert.equal(live.onlineByInterface.get(1), 2);
    applyStats(live, push(1, [stats(2, { status: 'disconnected' })]));
    assert.equal(live.onlineByInterface.get(1), 1);
  });

  test('says whether any status changed (status filters re-run only then)', () => {
    const { live, push } = opened();
    assert.equal(
      applyStats(live, push(1, [stats(1)])).statusChanged,
      true,
      'a new peer is a change',
    );
    assert.equal(applyStats(live, push(1, [stats(1, { rxTotal: 5 })])).statusChanged, false);
    assert.equal(applyStats(live, push(1, [stats(1, { status: 'offline' })])).statusChanged, true);
  });

  test('replaces the stats object of each pushed peer, keeps the others', () => {
    const { live, push } = opened();
    applyStats(live, push(1, [stats(1), stats(2)]));
    const two = live.byId.get(2);
    const next = stats(1, { rxTotal: 99 });
    applyStats(live, push(1, [next]));
    assert.deepEqual(live.byId.get(1), next);
    assert.equal(
      live.byId.get(2),
      two,
      'untouched rows keep their object, so they do not re-render',
    );
  });

  test('forgetting peers and servers keeps the counts right', () => {
    const { live, push } = opened();
    applyStats(live, push(1, [stats(1), stats(2)]));
    applyStats(live, push(2, [stats(3)]));
    forgetPeers(live, [1]);
    assert.equal(live.onlineByInterface.get(1), 1);
    assert.equal(live.byId.has(1), false);
    forgetInterface(live, 2);
    assert.equal(live.byId.has(3), false);
    assert.equal(live.onlineByInterface.has(2), false);
  });

  test('a full snapshot replaces what was known about that server only', () => {
    const { live, push } = opened();
    applyStats(live, push(1, [stats(1), stats(2)]));
    applyStats(live, push(2, [stats(3)]));
    replaceStats(live, 1, 5, [stats(2, { status: 'offline' })]);
    assert.deepEqual([...live.byId.keys()].sort(), [2, 3]);
    assert.equal(live.onlineByInterface.get(1), 0);
    assert.equal(live.onlineByInterface.get(2), 1);
  });
});

describe('store: stats slice', () => {
  test('a push bumps statsVersion always, statusVersion only on a status change', () => {
    const store = createAppStore();
    const s = () => store.getState();
    const push = statsStream();
    s().replaceStats({ interfaceId: 1, seq: 0, peers: [] });
    assert.equal(s().applyStatsPush(push(1, [stats(1)], 5)), 'applied');
    assert.deepEqual([s().statsVersion, s().statusVersion, s().statsAt], [2, 2, 5]);
    s().applyStatsPush(push(1, [stats(1, { rxTotal: 1 })], 6));
    assert.deepEqual([s().statsVersion, s().statusVersion], [3, 2]);
  });

  test('a push of 10,000 peers notifies subscribers once', () => {
    const store = createAppStore();
    let calls = 0;
    store.subscribe(() => calls++);
    store.getState().replaceStats({ interfaceId: 1, seq: 0, peers: [] });
    calls = 0;
    const peers = Array.from({ length: 10_000 }, (_, i) => stats(i + 1, { rxTotal: i }));
    store.getState().applyStatsPush(statsStream()(1, peers, 1));
    assert.equal(calls, 1);
    assert.equal(store.getState().live.byId.size, 10_000);
    assert.equal(store.getState().live.onlineByInterface.get(1), 10_000);
  });
});

describe('store: peers and ui slices', () => {
  test('removing peers drops them from lists, stats and the selection', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setPeers(1, [peer(1), peer(2), peer(3)]);
    s().replaceStats({ interfaceId: 1, seq: 0, peers: [] });
    s().applyStatsPush(statsStream()(1, [stats(1), stats(2)], 1));
    s().navigate({ page: 'peers', interfaceId: 1 });
    s().setSelection({ '1': true, '3': true });
    s().removePeers([1]);
    assert.deepEqual(s().peerIdsByInterface[1], [2, 3]);
    assert.equal(s().peerById.has(1), false);
    assert.deepEqual(s().selection, { '3': true });
    assert.equal(s().live.onlineByInterface.get(1), 1);
  });

  test('setPeers replaces one server’s list and keeps the others', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setPeers(1, [peer(1), peer(2)]);
    s().setPeers(2, [peer(3, { interfaceId: 2 })]);
    s().setPeers(1, [peer(2)]);
    assert.deepEqual([...s().peerById.keys()].sort(), [2, 3]);
    assert.deepEqual(s().peerIdsByInterface[2], [3]);
  });

  test('upsert appends a new peer to a loaded list', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setPeers(1, [peer(1)]);
    s().upsertPeers([peer(2), peer(1, { name: 'renamed' })]);
    assert.deepEqual(s().peerIdsByInterface[1], [1, 2]);
    assert.equal(s().peerById.get(1)?.name, 'renamed');
  });

  test('sorting: same column flips, a new numeric column starts descending', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().toggleSort('name');
    assert.deepEqual(s().query.sort, { column: 'name', desc: true });
    s().toggleSort('rx');
    assert.deepEqual(s().query.sort, { column: 'rx', desc: true });
    s().toggleSort('owner');
    assert.deepEqual(s().query.sort, { column: 'owner', desc: false });
  });

  test('leaving a server’s table clears its selection', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().navigate({ page: 'peers', interfaceId: 1 });
    s().setSelection({ '5': true });
    s().navigate({ page: 'peers', interfaceId: 1 });
    assert.deepEqual(s().selection, { '5': true });
    s().navigate({ page: 'peers', interfaceId: 2 });
    assert.deepEqual(s().selection, {});
  });

  test('blocking kinds take the screen, others become notices', async () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().reportError(new ClientError('Conflict', 'name taken'));
    assert.equal(s().blocking, null);
    assert.equal(s().notices[0]?.say(await noticeWordsIn('en')), 'name taken');
    s().reportError(new ClientError('HelperUnavailable', 'no helper'));
    assert.equal(s().blocking?.kind, 'HelperUnavailable');
  });
});
