// The monitor's orchestration on a fake kernel with a hand-moved clock: what is
// logged, stored and pushed when a handshake comes, counters reset, a session
// goes stale, a peer is cut off and let back, and a user goes over the limit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  readPushes,
  type EventName,
  type EventPayload,
  type PeerStats,
} from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Cidr } from '../../../shared/validate/index';
import type { ServiceContext } from '../../../main/services/context';
import { createServices, type Services, createContext } from '../../../main/services';
import { LOCAL_HOST_ID, type PeerId, type PeerRecord } from '../../../main/store/types';
import type { Store } from '../../../main/store';
import { FakeHost } from './fake-host';
import { addInterface, addPeer, monitorStore } from './helpers';

const START = Date.UTC(2024, 5, 1, 12, 0, 10);

interface Rig {
  clock: { t: number };
  store: Store;
  host: FakeHost;
  events: { name: EventName; payload: unknown }[];
  ctx: ServiceContext;
  services: Services;
}

function rig(): Rig {
  const clock = { t: START };
  const { store } = monitorStore(() => clock.t);
  const host = new FakeHost();
  const events: Rig['events'] = [];
  const ctx = createContext({
    store,
    host,
    hostId: LOCAL_HOST_ID,
    now: () => clock.t,
    events: <E extends EventName>(name: E, payload: EventPayload<E>) => {
      events.push({ name, payload });
    },
  });
  return { clock, store, host, events, ctx, services: createServices(ctx) };
}

const nowS = (r: Rig) => Math.floor(r.clock.t / 1000);
const pushed = (r: Rig): PeerStats[] =>
  readPushes(
    r.events
      .filter((e) => e.name === 'peers.stats')
      .map((e) => e.payload as EventPayload<'peers.stats'>),
  ).flatMap((p) => p.peers);
const lastPushed = (r: Rig, id: number) =>
  pushed(r)
    .filter((p) => p.id === id)
    .at(-1);
const log = (r: Rig) =>
  r.services.connections.list({}).map((c) => [c.peerId, c.event, c.rx, c.tx, c.reason]);

describe('monitor on a fake kernel', () => {
  test('a server’s history sums its peers per bucket, the unsaved minute included', async () => {
    const r = rig();
    const wg0 = addInterface(r.store, 'wg0');
    const a = addPeer(r.store, wg0.id, 2);
    const b = addPeer(r.store, wg0.id, 3);
    r.host.up('wg0');
    const seen = { latestHandshake: nowS(r) - 2, endpoint: '192.0.2.2:40000' };
    r.host.peer('wg0', a.publicKey, { ...seen, rxBytes: 1000, txBytes: 10 });
    r.host.peer('wg0', b.publicKey, { ...seen, rxBytes: 500, txBytes: 20 });
    await r.services.monitor.pollOnce();
    const sums = (from: number) => {
      const h = r.services.history.interfaceHistory(wg0.id, from, r.clock.t + 1);
      let [rx, tx] = [0, 0];
      for (const x of h.points) [rx, tx] = [rx + x.rx, tx + x.tx];
      return [h.resolution, rx, tx];
    };
    assert.deepEqual(sums(r.clock.t - 3_600_000), [60, 1500, 30]);
    r.clock.t += 60_000;
    r.host.peer('wg0', a.publicKey, { latestHandshake: nowS(r) - 1 });
    await r.services.monitor.pollOnce();
    assert.deepEqual(sums(r.clock.t - 3_600_000), [60, 1500, 30], 'the same once written');
    assert.deepEqual(sums(r.clock.t - 7 * 86_400_000), [3600, 1500, 30], 'from the hour rows');
    assert.throws(
      () => r.services.history.interfaceHistory(wg0.id, r.clock.t, r.clock.t),
      (e: unknown) => e instanceof AppError && e.kind === 'InvalidInput',
    );
  });

  test('online, totals across a counter reset, rates, history, summary, going stale', async () => {
    const r = rig();
    const wg0 = addInterface(r.store, 'wg0');
    const p = addPeer(r.store, wg0.id, 2);
    addPeer(r.store, wg0.id, 3); // never connects
    r.host.up('wg0');
    r.host.peer('wg0', p.publicKey, {
      latestHandshake: nowS(r) - 2,
      endpoint: '192.0.2.2:40000',
      rxBytes: 1000,
      txBytes: 2000,
    });
    await r.services.monitor.pollOnce();
    assert.equal(lastPushed(r, p.id)?.status, 'online');
    assert.equal(lastPushed(r, p.id)?.rxTotal, 1000);
    assert.deepEqual(log(r), [[p.id, 'connected', 1000, 2000, null]]);
    assert.equal(r.store.peers.require(p.id).sessionStartedAt, (nowS(r) - 2) * 1000);

    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 3000, txBytes: 2500 });
    await r.services.monitor.pollOnce();
    assert.deepEqual(
      [lastPushed(r, p.id)?.rxTotal, lastPushed(r, p.id)?.rxRate, lastPushed(r, p.id)?.txRate],
      [3000, 2000, 500],
    );

    // The interface restarts: the kernel's counters start again from zero.
    r.clock.t += 1000;
    r.host.peer('wg0', p.publicKey, { rxBytes: 100, txBytes: 50 });
    await r.services.monitor.pollOnce();
    assert.equal(lastPushed(r, p.id)?.rxTotal, 3100);
    // Counters alone are written once a minute; the kernel keeps counting meanwhile.
    assert.equal(r.store.peers.require(p.id).rxTotal, 1000);

    // Nothing changed: nothing pushed for this peer.
    r.clock.t += 1000;
    const before = pushed(r).length;
    await r.services.monitor.pollOnce();
    assert.equal(pushed(r).length, before + 1, 'only the rate going to 0 is pushed');
    assert.equal(lastPushed(r, p.id)?.rxRate, 0);

    const hist = r.services.history.peerHistory(p.id, r.clock.t - 3_600_000, r.clock.t);
    assert.equal(hist.resolution, 60);
    assert.equal(
      hist.points.reduce((s, x) => s + x.rx, 0),
      3100,
      'the unsaved minute is included',
    );
    // The next minute writes the samples; the history reads the same from the database.
    r.clock.t += 60_000;
    r.host.peer('wg0', p.publicKey, { latestHandshake: nowS(r) - 1 });
    await r.services.monitor.pollOnce();
    assert.equal(r.store.peers.require(p.id).rxTotal, 3100, 'written with the minute');
    const again = r.services.history.peerHistory(p.id, r.clock.t - 3_600_000, r.clock.t);
    assert.equal(
      again.points.reduce((s, x) => s + x.rx, 0),
      3100,
    );
    const week = r.services.history.peerHistory(p.id, r.clock.t - 7 * 86_400_000, r.clock.t);
    assert.equal(week.resolution, 3600);
    assert.equal(
      week.points.reduce((s, x) => s + x.tx, 0),
      2550,
    );
    const summary = r.services.history.interfaceSummary(wg0.id);
    assert.deepEqual([summary.rx, summary.tx, summary.peers, summary.online], [3100, 2550, 2, 1]);
    assert.equal(summary.freeIpv4, 254 - 3);

    // No handshake for more than 180 s: the session is over, dated when the keys expired.
    const hs = (nowS(r) - 1) * 1000;
    r.clock.t += 200_000;
    await r.services.monitor.pollOnce();
    assert.equal(lastPushed(r, p.id)?.status, 'offline');
    const [newest] = r.services.connections.list({ limit: 1 });
    assert.deepEqual(
      [newest?.event, newest?.at, newest?.rx, newest?.reason],
      ['disconnected', hs + 180_000, 3100, { code: 'stale', seconds: 180 }],
    );
    await r.services.stop();
  });

  test('disconnect, restart, stray re-add, reconnect, timed disconnect', async () => {
    const r = rig();
    const wg0 = addInterface(r.store, 'wg0');
    const p = addPeer(r.store, wg0.id, 2);
    r.host.up('wg0');
    r.host.peer('wg0', p.publicKey, {
      latestHandshake: nowS(r),
      endpoint: '192.0.2.2:1',
      rxBytes: 500,
      txBytes: 600,
    });
    await r.services.monitor.pollOnce();
    const [stats] = await r.services.access.disconnect([p.id], undefined, { actor: 'admin' });
    assert.equal(r.host.has('wg0', p.publicKey), false, 'out of the kernel at once');
    assert.deepEqual(stats, {
      id: p.id,
      status: 'disconnected',
      outReason: 'disconnected',
      outUntil: null,
      lastHandshake: null,
      endpoint: null,
      rxTotal: 500,
      txTotal: 600,
      rxRate: 0,
      txRate: 0,
    });
    const row = r.store.peers.require(p.id);
    assert.deepEqual([row.disconnected, row.disconnectedUntil], [true, null]);
    assert.equal(row.rxTotal, 500, 'the totals are kept');
    assert.deepEqual(log(r)[0], [
      p.id,
      'admin_disconnect',
      500,
      600,
      { code: 'admin_cut', actor: 'admin', forSeconds: null },
    ]);
    await r.services.idle();
    assert.deepEqual(r.host.flushed, [['10.66.0.2']]);
    assert.ok(r.host.calls.includes('flush wg0'), 'flushed for the peer’s own interface');
    assert.deepEqual(
      r.store.audit.list({ targetType: 'peer' }).map((a) => a.action),
      ['peer.conntrack_flush', 'peer.disconnect'],
    );

    // A new app on the same database; somebody puts the peer back into the kernel.
    await r.services.stop();
    const restarted = createServices(r.ctx);
    r.host.peer('wg0', p.publicKey, { latestHandshake: nowS(r) });
    await restarted.monitor.pollOnce();
    assert.equal(r.host.has('wg0', p.publicKey), false, 'it stays out');
    assert.equal(
      restarted.monitor.snapshot(wg0.id).peers.find((s) => s.id === p.id)?.status,
      'disconnected',
    );

    await restarted.access.reconnect([p.id], { actor: 'admin' });
    assert.equal(r.host.has('wg0', p.publicKey), true);
    assert.equal(r.store.peers.require(p.id).disconnected, false);
    assert.equal(log(r)[0]?.[1], 'admin_reconnect');

    // For 60 s: back by itself once the time is over.
    await restarted.access.disconnect([p.id], 60, { actor: 'admin' });
    assert.equal(r.store.peers.require(p.id).disconnectedUntil, r.clock.t + 60_000);
    assert.equal(
      r.store.peers.require(p.id).disconnectReason,
      JSON.stringify({ code: 'admin_cut', actor: 'admin', forSeconds: 60 }),
    );
    r.clock.t += 30_000;
    await restarted.monitor.pollOnce();
    assert.equal(r.host.has('wg0', p.publicKey), false);
    r.clock.t += 31_000;
    await restarted.monitor.pollOnce();
    assert.equal(r.host.has('wg0', p.publicKey), true);
    assert.equal(r.store.peers.require(p.id).disconnected, false);
    const [auto] = restarted.connections.list({ limit: 1 });
    assert.deepEqual(
      [auto?.event, auto?.reason],
      [
        'auto_reconnect',
        { code: 'time_up', after: { code: 'admin_cut', actor: 'admin', forSeconds: 60 } },
      ],
    );
    await assert.rejects(
      restarted.access.disconnect([(p.id + 100) as PeerId], undefined, { actor: 'a' }),
      {
        name: 'AppError(NotFound)',
      },
    );
    await restarted.stop();
  });

  test('device limit: the oldest session is cut and waits for a free slot; 0 never cuts', async () => {
    const r = rig();
    const users = r.store.users;
    const alice = users.insert({ name: 'alice', maxDevices: 1, limitCooldownS: 600 });
    const bob = users.insert({ name: 'bob', maxDevices: 0 });
    const wg0 = addInterface(r.store, 'wg0');
    const wg1 = addInterface(r.store, 'wg1', '10.67.0.1/24');
    const laptop = addPeer(r.store, wg0.id, 2, { userId: alice.id });
    const phone = addPeer(r.store, wg1.id, 3, { userId: alice.id });
    const bobs: PeerRecord[] = [4, 5, 6].map((n) =>
      addPeer(r.store, wg0.id, n, { userId: bob.id }),
    );
    r.host.up('wg0');
    r.host.up('wg1');
    r.host.peer('wg0', laptop.publicKey, {
      latestHandshake: nowS(r) - 10,
      endpoint: '192.0.2.2:1',
    });
    for (const b of bobs) r.host.peer('wg0', b.publicKey, { latestHandshake: nowS(r) });
    await r.services.monitor.pollOnce();
    assert.deepEqual(
      r.services.users.list().map((u) => [u.name, u.devicesOnline, u.atLimit]),
      [
        ['alice', 1, true],
        ['bob', 3, false],
      ],
    );

    r.clock.t += 1000;
    r.host.peer('wg1', phone.publicKey, { latestHandshake: nowS(r), endpoint: '198.51.100.2:1' });
    await r.services.monitor.pollOnce();
    assert.equal(r.host.has('wg0', laptop.publicKey), false, 'the laptop (older) is cut');
    assert.equal(r.host.has('wg1', phone.publicKey), true);
    assert.equal(
      bobs.every((b) => r.host.has('wg0', b.publicKey)),
      true,
      'limit 0 never cuts',
    );
    const [cut] = r.services.connections.list({ event: 'limit_disconnect' });
    assert.deepEqual(
      [cut?.peerId, cut?.userName, cut?.reason],
      [laptop.id, 'alice', { code: 'over_limit', user: 'alice', online: 2, limit: 1 }],
    );
    const [audit] = r.store.audit.list({ action: 'peer.limit_disconnect' });
    assert.deepEqual(audit?.details, {
      name: 'peer 2',
      interfaceId: wg0.id,
      userId: alice.id,
      userName: 'alice',
      online: 2,
      limit: 1,
      peerId: laptop.id,
      cooldownS: 600,
    });
    assert.equal(r.store.peers.require(laptop.id).disconnectedUntil, r.clock.t + 600_000);
    assert.deepEqual(await r.services.limits.enforce('admin'), [], 'within the limit now');

    // The cool-down is over, but the phone holds the slot: the laptop waits
    // (before issue 12 it came back here and cut the phone, every cool-down).
    for (let minute = 0; minute < 15; minute += 1) {
      r.clock.t += 60_000;
      r.host.peer('wg1', phone.publicKey, { latestHandshake: nowS(r) });
      for (const b of bobs) r.host.peer('wg0', b.publicKey, { latestHandshake: nowS(r) });
      await r.services.monitor.pollOnce();
    }
    assert.equal(r.host.has('wg0', laptop.publicKey), false, 'the laptop still waits');
    assert.equal(r.services.connections.list({ event: 'limit_disconnect' }).length, 1);
    assert.deepEqual(
      r.services.users.list().map((u) => [u.name, u.holding, u.waiting]),
      [
        ['alice', [phone.id], [laptop.id]],
        ['bob', bobs.map((b) => b.id), []],
      ],
    );

    // The phone goes quiet: its slot is free, and the laptop takes it.
    r.clock.t += 181_000;
    for (const b of bobs) r.host.peer('wg0', b.publicKey, { latestHandshake: nowS(r) });
    await r.services.monitor.pollOnce();
    assert.equal(r.host.has('wg0', laptop.publicKey), true);
    assert.equal(r.store.peers.require(laptop.id).disconnected, false);
    assert.equal(r.host.calls.filter((c) => c.startsWith('set wg0')).length, 1);
    await r.services.stop();
  });

  test('pushes only changes and at most once per window', async () => {
    const r = rig();
    const wg0 = addInterface(r.store, 'wg0');
    const peers = [2, 3, 4].map((n) => addPeer(r.store, wg0.id, n));
    r.host.up('wg0');
    for (const p of peers) r.host.peer('wg0', p.publicKey);
    await r.services.monitor.pollOnce();
    const first = r.events.filter((e) => e.name === 'peers.stats');
    assert.equal(first.length, 1);
    assert.equal(pushed(r).length, 3, 'the first poll shows everything');
    r.clock.t += 1000;
    await r.services.monitor.pollOnce();
    assert.equal(pushed(r).length, 3, 'nothing changed, nothing sent');
    const [a, b] = peers;
    assert.ok(a && b);
    r.clock.t += 200;
    r.host.peer('wg0', a.publicKey, { rxBytes: 5 });
    await r.services.monitor.pollOnce();
    const statsEvents = () => r.events.filter((e) => e.name === 'peers.stats');
    assert.equal(statsEvents().length, 2, 'a change after the window: sent at once');
    assert.deepEqual(
      pushed(r)
        .slice(3)
        .map((x) => x.id),
      [a.id],
      'only the peer that changed',
    );
    r.clock.t += 200;
    r.host.peer('wg0', b.publicKey, { rxBytes: 5 });
    await r.services.monitor.pollOnce();
    assert.equal(statsEvents().length, 2, 'a change within the window is held back');
    await r.services.stop();
  });

  test('conntrack is skipped where the tool is missing; addresses wider than a host are not flushed', async () => {
    const r = rig();
    r.host.conntrack = false;
    const wg0 = addInterface(r.store, 'wg0');
    const p = addPeer(r.store, wg0.id, 2, {
      extraNetworks: ['192.168.1.0/24' as Cidr],
    });
    r.host.up('wg0');
    await r.services.monitor.pollOnce();
    await r.services.access.disconnect([p.id], undefined, { actor: 'admin' });
    await r.services.idle();
    assert.deepEqual(r.host.flushed, []);
    const [audit] = r.store.audit.list({ action: 'peer.conntrack_flush' });
    assert.equal(audit?.details.outcome, 'conntrack is not installed');
    await r.services.stop();
  });
});
