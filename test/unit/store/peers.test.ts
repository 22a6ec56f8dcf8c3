import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseEndpoint,
  parseKeepalive,
  type WgKey,
} from '../../../shared/validate/index';
import type { InterfaceId, PeerId, UserId } from '../../../main/store/types';
import { addInterface, freshStore, newPeer, randomKey } from './helpers';
import { INSERT_CHUNK } from '../../../main/store/peer-rows';

const cidr = (s: string) => unwrap(parseCidr(s));

describe('peers', () => {
  let clock = 5_000;
  const store = freshStore(() => clock);
  const wg0 = addInterface(store, 'wg0');

  test('insert, get and list with defaults; secrets only through reveal', () => {
    const privateKey = randomKey();
    const presharedKey = randomKey();
    const input = newPeer(wg0, 1, {
      privateKey,
      presharedKey,
      type: 'gateway',
      tunnelMode: 'site',
      extraNetworks: [cidr('192.168.10.0/24')],
      endpoint: unwrap(parseEndpoint('203.0.113.7:51820')),
      keepalive: unwrap(parseKeepalive(25)),
    });
    const rec = store.peers.insert(input);
    assert.deepEqual(rec, {
      id: rec.id,
      interfaceId: wg0,
      userId: null,
      name: 'peer 1',
      email: null,
      type: 'gateway',
      publicKey: input.publicKey,
      hasPrivateKey: true,
      hasPresharedKey: true,
      addresses: ['10.0.0.1/32'],
      extraNetworks: ['192.168.10.0/24'],
      tunnelMode: 'site',
      splitNetworks: [],
      keepalive: 25,
      endpoint: '203.0.113.7:51820',
      enabled: true,
      disconnected: false,
      disconnectedUntil: null,
      disconnectReason: null,
      disconnectKind: 'admin',
      revokedAt: null,
      revokedBy: null,
      expiresAt: null,
      quotaBytes: null,
      quotaPeriod: 'month',
      quotaResetDay: 1,
      quotaExceededAt: null,
      bandwidthDownKbps: null,
      bandwidthUpKbps: null,
      userBandwidthDownKbps: null,
      userBandwidthUpKbps: null,
      userEnabled: true,
      userQuotaHold: null,
      quotaUse: { periodStart: null, base: 0, warned: 0 },
      lastHandshake: null,
      rxTotal: 0,
      txTotal: 0,
      rxLastSeen: 0,
      txLastSeen: 0,
      sessionStartedAt: null,
      applied: false,
      createdAt: 5_000,
      updatedAt: 5_000,
    });
    assert.deepEqual(store.peers.getById(rec.id), rec);
    assert.equal(store.peers.revealPrivateKey(rec.id), privateKey);
    assert.equal(store.peers.revealPresharedKey(rec.id), presharedKey);

    const listed = store.peers.listByInterface(wg0);
    assert.deepEqual(
      listed.find((p) => p.id === rec.id),
      rec,
    );
    const text = JSON.stringify(listed);
    assert.ok(!text.includes(privateKey), 'list leaks the private key');
    assert.ok(!text.includes(presharedKey), 'list leaks the PSK');
  });

  test('a peer without kept secrets reveals null', () => {
    const rec = store.peers.insert(newPeer(wg0, 2));
    assert.equal(rec.hasPrivateKey, false);
    assert.equal(rec.hasPresharedKey, false);
    assert.equal(store.peers.revealPrivateKey(rec.id), null);
    assert.equal(store.peers.revealPresharedKey(rec.id), null);
  });

  test('the same public key twice on one interface is a Conflict', () => {
    const publicKey = randomKey();
    store.peers.insert(newPeer(wg0, 3, { publicKey }));
    assert.throws(() => store.peers.insert(newPeer(wg0, 4, { publicKey })), {
      kind: 'Conflict',
      message: `interface ${wg0} already has a peer with public key ${publicKey}`,
    });
    // …but the same key on another interface is fine.
    const wg1 = addInterface(store, 'wg1');
    assert.equal(store.peers.insert(newPeer(wg1, 3, { publicKey })).publicKey, publicKey);
  });

  test('an unknown interface or user is NotFound', () => {
    assert.throws(() => store.peers.insert(newPeer(999 as InterfaceId, 5)), {
      kind: 'NotFound',
      message: 'interface 999 does not exist',
    });
    assert.throws(() => store.peers.insert(newPeer(wg0, 5, { userId: 77 as UserId })), {
      kind: 'NotFound',
    });
  });

  test('deleting a user keeps the peer and clears user_id', () => {
    const userId = Number(
      store.db
        .prepare(`INSERT INTO users (name, created_at, updated_at) VALUES ('alice', 0, 0)`)
        .run().lastInsertRowid,
    ) as UserId;
    const rec = store.peers.insert(newPeer(wg0, 6, { userId }));
    assert.equal(rec.userId, userId);
    store.db.prepare('DELETE FROM users WHERE id = ?').run(userId);
    assert.equal(store.peers.require(rec.id).userId, null);
  });

  test('update changes settings; updateObserved leaves updatedAt alone', () => {
    const rec = store.peers.insert(newPeer(wg0, 7));
    clock = 6_000;
    const blocked = store.peers.update(rec.id, {
      disconnected: true,
      disconnectReason: 'lost laptop',
      splitNetworks: [cidr('10.0.0.0/8')],
      tunnelMode: 'split',
    });
    assert.deepEqual(blocked, {
      ...rec,
      disconnected: true,
      disconnectReason: 'lost laptop',
      splitNetworks: ['10.0.0.0/8'],
      tunnelMode: 'split',
      updatedAt: 6_000,
    });
    clock = 7_000;
    store.peers.updateObserved(rec.id, { rxTotal: 10, txTotal: 20, applied: true });
    const seen = store.peers.require(rec.id);
    assert.equal(seen.rxTotal, 10);
    assert.equal(seen.txTotal, 20);
    assert.equal(seen.applied, true);
    assert.equal(seen.updatedAt, 6_000);
  });

  test('a timed disconnect needs disconnected = true (CHECK holds)', () => {
    const rec = store.peers.insert(newPeer(wg0, 8));
    assert.throws(() => store.peers.update(rec.id, { disconnectedUntil: 9_999 }), {
      kind: 'Internal',
    });
    assert.equal(store.peers.require(rec.id).disconnectedUntil, null);
  });

  test('replaceKeys re-seals both secrets under the new public key', () => {
    const rec = store.peers.insert(newPeer(wg0, 9, { privateKey: randomKey() }));
    const keys = { publicKey: randomKey(), privateKey: randomKey(), presharedKey: randomKey() };
    const next = store.peers.replaceKeys(rec.id, keys);
    assert.equal(next.publicKey, keys.publicKey);
    assert.equal(next.hasPresharedKey, true);
    assert.equal(store.peers.revealPrivateKey(rec.id), keys.privateKey);
    assert.equal(store.peers.revealPresharedKey(rec.id), keys.presharedKey);
    const dropped = store.peers.replaceKeys(rec.id, {
      publicKey: randomKey(),
      privateKey: null,
      presharedKey: null,
    });
    assert.equal(dropped.hasPrivateKey, false);
    assert.equal(dropped.hasPresharedKey, false);
  });

  test('a sealed key copied to another peer does not open there', () => {
    const a = store.peers.insert(newPeer(wg0, 10, { privateKey: randomKey() }));
    const b = store.peers.insert(newPeer(wg0, 11, { privateKey: randomKey() }));
    store.db
      .prepare(
        `UPDATE peers SET private_key_sealed =
           (SELECT private_key_sealed FROM peers WHERE id = ?) WHERE id = ?`,
      )
      .run(a.id, b.id);
    assert.throws(() => store.peers.revealPrivateKey(b.id), { kind: 'Internal' });
  });

  test('deleting an interface cascades to its peers and their history', () => {
    const wgc = addInterface(store, 'wg-cascade');
    const ids = store.peers.insertMany([newPeer(wgc, 1), newPeer(wgc, 2)]);
    const first = ids[0] ?? (0 as PeerId);
    store.db
      .prepare(`INSERT INTO connection_log (peer_id, at, event) VALUES (?, 1, 'connected')`)
      .run(first);
    store.db
      .prepare(`INSERT INTO traffic_samples (peer_id, resolution, bucket_start) VALUES (?, 60, 0)`)
      .run(first);
    store.interfaces.delete(wgc);
    assert.deepEqual(store.peers.listByInterface(wgc), []);
    for (const id of ids) assert.equal(store.peers.getById(id), undefined);
    const count = (table: string) =>
      store.db.prepare(`SELECT count(*) FROM ${table} WHERE peer_id = ?`).pluck().get(first);
    assert.equal(count('connection_log'), 0);
    assert.equal(count('traffic_samples'), 0);
  });

  test('insertMany is all or nothing', () => {
    const wgm = addInterface(store, 'wg-atomic');
    const dup: WgKey = randomKey();
    const batch = [
      newPeer(wgm, 1),
      newPeer(wgm, 2, { publicKey: dup }),
      newPeer(wgm, 3, { publicKey: dup }),
    ];
    assert.throws(() => store.peers.insertMany(batch), { kind: 'Conflict' });
    assert.deepEqual(store.peers.listByInterface(wgm), []);
  });

  // issue 17: rows go in INSERT_CHUNK at a time; a refused chunk names the row at fault.
  test('insertMany in chunks: ids in input order, a duplicate inside a chunk stores nothing', () => {
    const wgk = addInterface(store, 'wg-chunks');
    const batch = Array.from({ length: INSERT_CHUNK * 2 + 5 }, (_, i) =>
      newPeer(wgk, i, { privateKey: randomKey(), presharedKey: randomKey() }),
    );
    const ids = store.peers.insertMany(batch);
    batch.forEach((p, i) => {
      const id = ids[i] ?? (0 as PeerId);
      assert.equal(store.peers.getById(id)?.publicKey, p.publicKey);
      assert.equal(store.peers.revealPrivateKey(id), p.privateKey);
      assert.equal(store.peers.revealPresharedKey(id), p.presharedKey);
    });
    const wgd = addInterface(store, 'wg-chunk-dup');
    const again = Array.from({ length: INSERT_CHUNK * 2 }, (_, i) => newPeer(wgd, i));
    const dup = again[3]?.publicKey ?? randomKey();
    again[INSERT_CHUNK + 7] = newPeer(wgd, 999, { publicKey: dup });
    assert.throws(() => store.peers.insertMany(again), {
      kind: 'Conflict',
      message: new RegExp(`public key ${dup.replace(/[+/]/g, '\\$&')}`),
    });
    assert.deepEqual(store.peers.listByInterface(wgd), []);
  });

  test('insertMany of 10,000 peers', () => {
    const wgBig = addInterface(store, 'wg-big');
    const batch = Array.from({ length: 10_000 }, (_, i) =>
      newPeer(wgBig, i, { presharedKey: randomKey() }),
    );
    const started = performance.now();
    const ids = store.peers.insertMany(batch);
    const ms = performance.now() - started;
    console.log(`insertMany: 10,000 peers (each with a sealed PSK) in ${ms.toFixed(1)} ms`);
    assert.equal(ids.length, 10_000);
    assert.equal(new Set(ids).size, 10_000);
    const listed = store.peers.listByInterface(wgBig);
    assert.equal(listed.length, 10_000);
    assert.equal(listed[9_999]?.publicKey, batch[9_999]?.publicKey);
  });

  test('missing ids are NotFound', () => {
    const rec = store.peers.insert(newPeer(wg0, 12));
    store.peers.delete(rec.id);
    assert.equal(store.peers.getById(rec.id), undefined);
    assert.throws(() => store.peers.delete(rec.id), { kind: 'NotFound' });
    assert.throws(() => store.peers.update(rec.id, { enabled: false }), { kind: 'NotFound' });
    assert.throws(() => store.peers.revealPrivateKey(rec.id), { kind: 'NotFound' });
    assert.throws(() => store.peers.updateObserved(rec.id, { applied: true }), {
      kind: 'NotFound',
    });
  });
});
