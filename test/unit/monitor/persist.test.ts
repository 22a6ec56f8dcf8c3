// A peer's stored totals and its stored history must describe the same bytes,
// whatever happens between polls: a history query in the middle of a minute, a
// clean restart of the app, a crash, a peer deleted mid-minute. On a fake
// kernel whose counters the test sets, with a hand-moved clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventName, EventPayload } from '../../../shared/contract';
import type { ServiceContext } from '../../../main/services/context';
import { createServices, type Services, createContext } from '../../../main/services';
import type { Db } from '../../../main/store/db';
import { LOCAL_HOST_ID, type PeerId } from '../../../main/store/types';
import type { Store } from '../../../main/store';
import { FakeHost } from './fake-host';
import { addInterface, addPeer, monitorStore, randomKey } from './helpers';

// 10 s into a minute: every step below stays within it unless it says otherwise.
const START = Date.UTC(2024, 5, 1, 12, 0, 10);
const HOUR = 3_600_000;

interface Rig {
  clock: { t: number };
  store: Store;
  db: Db;
  host: FakeHost;
  ctx: ServiceContext;
}

function rig(): Rig {
  const clock = { t: START };
  const { store, db } = monitorStore(() => clock.t);
  const ctx = createContext({
    store,
    host: new FakeHost(),
    hostId: LOCAL_HOST_ID,
    now: () => clock.t,
    events: <E extends EventName>(_name: E, _payload: EventPayload<E>) => undefined,
  });
  return { clock, store, db, host: ctx.host as FakeHost, ctx };
}

/** One peer online with `rx` bytes received so far, as seen by one poll. */
async function connectedPeer(r: Rig, services: Services, rx: number) {
  const wg0 = addInterface(r.store, 'wg0');
  const p = addPeer(r.store, wg0.id, 2);
  r.host.up('wg0');
  r.host.peer('wg0', p.publicKey, {
    latestHandshake: Math.floor(r.clock.t / 1000) - 1,
    endpoint: '192.0.2.2:40000',
    rxBytes: rx,
    txBytes: rx,
  });
  await services.monitor.pollOnce();
  return { wg0, p };
}

const historyRx = (r: Rig, services: Services, id: PeerId): number =>
  services.history
    .peerHistory(id, r.clock.t - HOUR, r.clock.t + 1)
    .points.reduce((s, x) => s + x.rx, 0);

/** What the database alone says the peer received, in its history (no unsaved minute). */
const storedHistoryRx = (r: Rig, id: PeerId): number =>
  r.db
    .prepare<[number], { rx: number }>(
      'SELECT coalesce(sum(rx), 0) AS rx FROM traffic_samples WHERE peer_id = ? AND resolution = 60',
    )
    .get(id)?.rx ?? 0;

describe('stored totals and stored history agree', () => {
  test('a history query mid-minute matches the stored row, after counters alone moved', async () => {
    const r = rig();
    const services = createServices(r.ctx);
    const { p } = await connectedPeer(r, services, 1000);
    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 6000, txBytes: 6000 });
    await services.monitor.pollOnce();
    const history = historyRx(r, services, p.id);
    assert.equal(history, 6000, 'every byte counted is in the history');
    assert.equal(r.store.peers.require(p.id).rxTotal, history, 'the stored row says the same');
    assert.equal(storedHistoryRx(r, p.id), history, 'and so does the stored history');
    await services.stop();
  });

  test('the first poll of a minute saves the last one with the counters as they were at its end', async () => {
    const r = rig();
    const services = createServices(r.ctx);
    const { p } = await connectedPeer(r, services, 1000);
    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 3000 });
    await services.monitor.pollOnce();
    r.clock.t += 60_000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 3500 });
    await services.monitor.pollOnce();
    // The 500 bytes of this poll belong to the new minute, still unsaved: in neither.
    assert.equal(r.store.peers.require(p.id).rxTotal, 3000);
    assert.equal(storedHistoryRx(r, p.id), 3000);
    assert.equal(historyRx(r, services, p.id), 3500);
    await services.stop();
  });

  test('a clean restart counts nothing twice', async () => {
    const r = rig();
    const first = createServices(r.ctx);
    const { p } = await connectedPeer(r, first, 1000);
    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 3000 });
    await first.monitor.pollOnce();
    await first.stop();
    assert.equal(r.store.peers.require(p.id).rxTotal, 3000, 'stop saves the counters');
    assert.equal(storedHistoryRx(r, p.id), 3000, 'and the minute in progress');

    // The kernel kept its counters: the next reading brings nothing new.
    r.clock.t += 1000;
    const second = createServices(r.ctx);
    await second.monitor.pollOnce();
    assert.equal(historyRx(r, second, p.id), 3000);
    assert.equal(r.store.peers.require(p.id).rxTotal, 3000);
    await second.stop();
  });

  test('after a crash the next reading puts the missed bytes into both, once', async () => {
    const r = rig();
    const crashed = createServices(r.ctx);
    const { p } = await connectedPeer(r, crashed, 1000);
    // A session change is written at once; the history of those bytes must come with it.
    assert.equal(r.store.peers.require(p.id).rxTotal, 1000);
    assert.equal(storedHistoryRx(r, p.id), 1000, 'written with the row that counts them');
    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 4000 });
    await crashed.monitor.pollOnce();
    // No stop(): the process died with 3000 bytes unsaved. The kernel still has them.

    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 4500 });
    const next = createServices(r.ctx);
    await next.monitor.pollOnce();
    assert.equal(historyRx(r, next, p.id), 4500);
    assert.equal(r.store.peers.require(p.id).rxTotal, 4500);
    await next.stop();
  });

  test('a peer deleted mid-minute does not cost the others their minute', async () => {
    const r = rig();
    const services = createServices(r.ctx);
    const { wg0, p } = await connectedPeer(r, services, 1000);
    const gone = addPeer(r.store, wg0.id, 3);
    r.host.peer('wg0', gone.publicKey, { rxBytes: 700 });
    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 2000 });
    await services.monitor.pollOnce();
    r.store.peers.delete(gone.id);
    r.clock.t += 60_000; // the next minute: the last one is written
    await services.monitor.pollOnce();
    assert.equal(services.monitor.lastError, null);
    assert.equal(storedHistoryRx(r, p.id), 2000);
    assert.equal(r.store.peers.require(p.id).rxTotal, 2000);
    await services.stop();
  });

  test('a key rotation mid-minute keeps the totals the history has', async () => {
    const r = rig();
    const services = createServices(r.ctx);
    const { p } = await connectedPeer(r, services, 1000);
    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 5000 });
    await services.monitor.pollOnce();
    const keys = { publicKey: randomKey(), privateKey: null, presharedKey: null };
    r.store.peers.replaceKeys(p.id, keys);
    r.host.kernel.get('wg0')?.delete(p.publicKey);
    r.host.peer('wg0', keys.publicKey, { rxBytes: 300 });
    r.clock.t += 1000;
    await services.monitor.pollOnce();
    assert.equal(historyRx(r, services, p.id), 5300);
    assert.equal(r.store.peers.require(p.id).rxTotal, 5300);
    await services.stop();
  });
});
