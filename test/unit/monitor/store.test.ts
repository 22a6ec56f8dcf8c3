import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../../../main/store/db';
import { MIGRATIONS } from '../../../main/store/migrations/index';
import { ConnectionRepo } from '../../../main/store/connections';
import { ObservedRepo } from '../../../main/store/observed';
import { SampleRepo } from '../../../main/store/samples';
import type { PeerId, UserId } from '../../../main/store/types';
import { UserRepo } from '../../../main/store/users';
import { addInterface, addPeer, monitorMigrations, monitorStore, tempDir } from './helpers';

describe('migration 002-monitor', () => {
  test('keeps the connection log, records each row’s user, and adds the new event', () => {
    const path = join(tempDir(), 'old.db');
    const before = MIGRATIONS.filter((m) => m.version === 1);
    const db = openDatabase(path, { migrations: before });
    db.exec(`INSERT INTO interfaces (host_id, name, private_key_sealed, public_key, created_at,
               updated_at) VALUES (1, 'wg0', x'00', 'k', 1, 1);
             INSERT INTO users (name, created_at, updated_at) VALUES ('alice', 1, 1);
             INSERT INTO peers (interface_id, user_id, name, type, public_key, tunnel_mode,
               created_at, updated_at) VALUES (1, 1, 'p', 'client', 'pk', 'hub', 1, 1);
             INSERT INTO connection_log (peer_id, at, event, endpoint, rx, tx)
               VALUES (1, 5, 'connected', '192.0.2.2:1', 10, 20);`);
    db.close();
    const migrated = openDatabase(path, { migrations: monitorMigrations() });
    try {
      assert.deepEqual(
        migrated
          .prepare('SELECT id, peer_id, user_id, at, event, rx, tx FROM connection_log')
          .all(),
        [{ id: 1, peer_id: 1, user_id: 1, at: 5, event: 'connected', rx: 10, tx: 20 }],
      );
      migrated
        .prepare(`INSERT INTO connection_log (peer_id, at, event) VALUES (1, 6, 'auto_reconnect')`)
        .run();
      // AUTOINCREMENT continues after the copied rows.
      assert.equal(
        migrated.prepare<[], { id: number }>('SELECT max(id) AS id FROM connection_log').get()?.id,
        2,
      );
      assert.deepEqual(
        migrated.prepare('SELECT session_rx_start, session_tx_start FROM peers').all(),
        [{ session_rx_start: 0, session_tx_start: 0 }],
      );
      assert.throws(() =>
        migrated
          .prepare(`INSERT INTO connection_log (peer_id, at, event) VALUES (1, 7, 'x')`)
          .run(),
      );
    } finally {
      migrated.close();
    }
  });
});

describe('monitor repositories', () => {
  let clock = 1_000;
  const { store, db } = monitorStore(() => clock);
  const users = new UserRepo(db, () => clock);
  const samples = new SampleRepo(db);
  const connections = new ConnectionRepo(db);
  const observed = new ObservedRepo(db);
  const wg0 = addInterface(store, 'wg0');
  const wg1 = addInterface(store, 'wg1', '10.67.0.1/24');

  test('users: defaults, unique names, update, delete leaves peers ownerless', () => {
    const alice = users.insert({ name: 'alice', maxDevices: 1 });
    assert.equal(alice.limitCooldownS, 600);
    assert.equal(alice.enabled, true);
    assert.throws(() => users.insert({ name: 'alice' }), { name: 'AppError(Conflict)' });
    clock = 2_000;
    const updated = users.update(alice.id, { email: 'a@example.com', limitCooldownS: 60 });
    assert.equal(updated.email, 'a@example.com');
    assert.equal(updated.maxDevices, 1);
    assert.equal(updated.updatedAt, 2_000);
    assert.deepEqual(
      users.listLimited().map((u) => u.name),
      ['alice'],
    );
    const bob = users.insert({ name: 'bob' });
    const peer = addPeer(store, wg0.id, 50, { userId: bob.id });
    assert.equal(users.peerCounts().get(bob.id), 1);
    users.delete(bob.id);
    assert.equal(store.peers.require(peer.id).userId, null);
    assert.throws(() => users.delete(bob.id), { name: 'AppError(NotFound)' });
  });

  test('samples: minute and hour rows, summed on conflict, pruned by age in bounded steps', () => {
    const a = addPeer(store, wg0.id, 2);
    const b = addPeer(store, wg1.id, 3);
    const t0 = 1_717_243_200; // an hour boundary, unix s
    db.transaction(() => {
      samples.add(t0, [
        { peerId: a.id, rx: 100, tx: 10 },
        { peerId: b.id, rx: 0, tx: 0 },
      ]);
      samples.add(t0 + 60, [{ peerId: a.id, rx: 50, tx: 5 }]);
      samples.add(t0 + 60, [{ peerId: a.id, rx: 1, tx: 1 }]); // a restart within the minute
      samples.add(t0 + 3600, [{ peerId: b.id, rx: 7, tx: 7 }]);
    })();
    assert.deepEqual(samples.series(a.id, 60, t0, t0 + 3600, 60), [
      { start: t0, rx: 100, tx: 10 },
      { start: t0 + 60, rx: 51, tx: 6 },
    ]);
    assert.deepEqual(samples.series(a.id, 3600, t0, t0 + 7200, 3600), [
      { start: t0, rx: 151, tx: 16 },
    ]);
    assert.deepEqual(samples.series(b.id, 3600, t0, t0 + 7200, 86_400), [
      { start: t0 + 3600 - ((t0 + 3600) % 86_400), rx: 7, tx: 7 },
    ]);
    assert.deepEqual(samples.interfaceTotal(wg0.id, 3600, t0, t0 + 7200), { rx: 151, tx: 16 });
    assert.deepEqual(samples.interfaceTotal(wg1.id, 60, t0, t0 + 7200), { rx: 7, tx: 7 });
    // Bounded: at most 60 s of history per call.
    assert.equal(samples.prune(60, t0 + 10_000, 60), 1);
    assert.equal(samples.prune(60, t0 + 10_000, 60), 1);
    assert.equal(samples.prune(60, t0 + 3600, 60), 0, 'the rest is younger');
    assert.equal(samples.prune(3600, t0 + 1, 86_400), 1);
  });

  test('connection log: filters, newest first, names joined', () => {
    const alice = users.insert({ name: 'carol' });
    const p = addPeer(store, wg0.id, 9, { userId: alice.id });
    const q = addPeer(store, wg0.id, 10);
    const e = (
      peerId: PeerId,
      userId: UserId | null,
      at: number,
      event: 'connected' | 'disconnected',
    ) => ({
      peerId,
      userId,
      at,
      event,
      endpoint: null,
      rx: 1,
      tx: 2,
      detail: null,
    });
    connections.append([
      e(p.id, alice.id, 10, 'connected'),
      e(q.id, null, 20, 'connected'),
      e(p.id, alice.id, 30, 'disconnected'),
    ]);
    assert.deepEqual(
      connections.list().map((c) => [c.peerName, c.event, c.at]),
      [
        ['peer 9', 'disconnected', 30],
        ['peer 10', 'connected', 20],
        ['peer 9', 'connected', 10],
      ],
    );
    assert.equal(connections.list({ userId: alice.id }).length, 2);
    assert.equal(connections.list({ peerId: q.id })[0]?.userName, null);
    assert.equal(connections.list({ event: 'disconnected' })[0]?.userName, 'carol');
    assert.equal(connections.list({ since: 20, until: 30 }).length, 1);
    const [newest] = connections.list({ limit: 1 });
    const before = { at: newest?.at ?? 0, protocol: 'wireguard', id: newest?.id ?? 0 } as const;
    assert.equal(connections.list({ before }).length, 2);
    assert.throws(() => connections.list({ limit: 0 }), { name: 'AppError(InvalidInput)' });
  });

  test('observed rows: batch write, and the change counter moves only on writes', () => {
    const p = addPeer(store, wg0.id, 20);
    const c0 = observed.changeCounter();
    assert.equal(observed.changeCounter(), c0, 'a read changes nothing');
    observed.write([
      {
        id: p.id,
        observed: {
          lastHandshake: 5,
          rxTotal: 10,
          txTotal: 20,
          rxLastSeen: 10,
          txLastSeen: 20,
          sessionStartedAt: 5,
          sessionRxStart: 1,
          sessionTxStart: 2,
        },
      },
    ]);
    assert.notEqual(observed.changeCounter(), c0);
    const row = observed.getById(p.id);
    assert.equal(row?.observed.sessionRxStart, 1);
    assert.equal(store.peers.require(p.id).rxTotal, 10);
    clock = 3_000;
    store.peers.update(p.id, { disconnected: true });
    assert.equal(observed.listByInterface(wg0.id).find((r) => r.id === p.id)?.disconnected, true);
    const c1 = observed.changeCounter();
    store.peers.update(p.id, { disconnected: false });
    assert.notEqual(observed.changeCounter(), c1, 'an edit within the same millisecond counts');
  });
});
