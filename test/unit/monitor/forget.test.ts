// A peer the monitor's table no longer holds takes with it what the pusher
// kept of it (its last numbers, and what readers were last sent): before,
// a deleted peer's numbers stayed in memory for as long as serve ran.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPushes, type PeerStats, type StatsPush } from '../../../shared/contract';
import { StatsPusher } from '../../../main/services/monitor/push';
import { PeerTable } from '../../../main/services/monitor/table';
import { LOCAL_HOST_ID, type InterfaceId, type PeerId } from '../../../main/store/types';
import { addInterface, addPeer, monitorStore } from './helpers';

const stats = (id: number): PeerStats => ({
  id,
  status: 'online',
  outReason: null,
  outUntil: null,
  lastHandshake: 1,
  endpoint: null,
  rxTotal: 10,
  txTotal: 0,
  rxRate: 0,
  txRate: 0,
});

test('the table says which peers and interfaces are gone, and the pusher forgets them', () => {
  const { store } = monitorStore();
  const pushes: StatsPush[] = [];
  const pusher = new StatsPusher((p) => pushes.push(p), 0, {
    now: () => 0,
    later: () => () => undefined,
  });
  const told: [InterfaceId, readonly PeerId[] | null][] = [];
  const table = new PeerTable(store, store.observed, LOCAL_HOST_ID, (i, ids) => {
    told.push([i, ids]);
    pusher.forget(i, ids);
  });
  const [wg0, wg1] = [addInterface(store, 'wg0'), addInterface(store, 'wg1', '10.67.0.1/24')];
  const [a, b] = [addPeer(store, wg0.id, 2), addPeer(store, wg0.id, 3)];
  const c = addPeer(store, wg1.id, 4);
  table.sync();
  for (const p of [a, b]) pusher.offer(wg0.id, stats(p.id));
  pusher.flush();
  pusher.offer(wg0.id, stats(b.id)); // queued, not yet sent
  pusher.offer(wg1.id, stats(c.id));
  store.peers.delete(b.id);
  table.sync();
  assert.deepEqual(told, [[wg0.id, [b.id]]]);
  assert.equal(pusher.offered(wg0.id, b.id), undefined, 'b is forgotten');
  assert.deepEqual(pusher.offered(wg0.id, a.id), stats(a.id), 'a is kept');
  const before = pushes.length;
  pusher.flush();
  const sentIds = readPushes(pushes.slice(before)).flatMap((p) => p.peers.map((s) => s.id));
  assert.deepEqual(sentIds, [c.id], 'b’s queued numbers are not sent');
  assert.deepEqual(pusher.snapshot(wg0.id, [stats(a.id)]).peers, [stats(a.id)]);
  store.interfaces.delete(wg1.id);
  table.sync();
  assert.deepEqual(told.at(-1), [wg1.id, null]);
  assert.equal(pusher.offered(wg1.id, c.id), undefined, 'the whole interface is forgotten');
});
