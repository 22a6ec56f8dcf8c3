/**
 * usedNetworks is cached between calls (allocation reads it on every create):
 * the cache must never show a network that is gone or hide one that is there,
 * whoever changed the table and however a transaction ended.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseCidr, parseConfText } from '../../../shared/validate/index';
import { createStore, openDatabase } from '../../../main/store/index';
import type { InterfaceId, NewPeer } from '../../../main/store/types';
import { addInterface, freshStore, randomKey } from './helpers';

const cidr = (s: string) => unwrap(parseCidr(s));

const peer = (interfaceId: InterfaceId, address: string, extra: string[] = []): NewPeer => ({
  interfaceId,
  name: unwrap(parseConfText(address)),
  type: 'client',
  tunnelMode: 'hub',
  publicKey: randomKey(),
  addresses: [cidr(address)],
  extraNetworks: extra.map(cidr),
});

const sorted = (list: readonly string[]) => [...list].sort();

describe('usedNetworks', () => {
  const store = freshStore();
  const wg0 = addInterface(store, 'wg0');
  const wg1 = addInterface(store, 'wg1');

  test('inserts, one or many, show at once; other interfaces are apart', () => {
    assert.deepEqual(store.peers.usedNetworks(wg0), []);
    store.peers.insert(peer(wg0, '10.0.0.2/32', ['192.168.5.0/24']));
    assert.deepEqual(sorted(store.peers.usedNetworks(wg0)), ['10.0.0.2/32', '192.168.5.0/24']);
    store.peers.insertMany([peer(wg0, '10.0.0.3/32'), peer(wg1, '10.1.0.2/32')]);
    assert.deepEqual(sorted(store.peers.usedNetworks(wg0)), [
      '10.0.0.2/32',
      '10.0.0.3/32',
      '192.168.5.0/24',
    ]);
    assert.deepEqual(store.peers.usedNetworks(wg1), ['10.1.0.2/32']);
  });

  test('a rolled-back transaction leaves no trace of its inserts', () => {
    const before = sorted(store.peers.usedNetworks(wg0));
    assert.throws(() =>
      store.transaction(() => {
        store.peers.insert(peer(wg0, '10.0.0.9/32'));
        assert.ok(store.peers.usedNetworks(wg0).includes(cidr('10.0.0.9/32')));
        throw new Error('the kernel said no');
      }),
    );
    assert.deepEqual(sorted(store.peers.usedNetworks(wg0)), before);
  });

  test('edits and deletes show at once', () => {
    const row = store.peers.listByInterface(wg0).find((p) => p.addresses[0] === '10.0.0.3/32');
    assert.ok(row);
    store.peers.usedNetworks(wg0);
    store.peers.update(row.id, { addresses: [cidr('10.0.0.30/32')] });
    assert.ok(store.peers.usedNetworks(wg0).includes(cidr('10.0.0.30/32')));
    assert.ok(!store.peers.usedNetworks(wg0).includes(cidr('10.0.0.3/32')));
    store.peers.delete(row.id);
    assert.ok(!store.peers.usedNetworks(wg0).includes(cidr('10.0.0.30/32')));
  });

  test('a change by another connection (wgdesk api beside the app) shows too', () => {
    const path = store.db.name;
    store.peers.usedNetworks(wg0);
    const other = openDatabase(path);
    try {
      createStore(other, store.dataKey).peers.insert(peer(wg0, '10.0.0.77/32'));
    } finally {
      other.close();
    }
    assert.ok(store.peers.usedNetworks(wg0).includes(cidr('10.0.0.77/32')));
  });

  test('a deleted interface takes its networks along, even if its id comes back', () => {
    const wg9 = addInterface(store, 'wg9');
    store.peers.insert(peer(wg9, '10.9.0.2/32'));
    assert.deepEqual(store.peers.usedNetworks(wg9), ['10.9.0.2/32']);
    store.interfaces.delete(wg9);
    const again = addInterface(store, 'wg10');
    if (again === wg9) assert.deepEqual(store.peers.usedNetworks(again), []);
    assert.deepEqual(store.peers.usedNetworks(wg9), []);
  });
});
