/**
 * A server's address pools are kept between creates (issue 17) and brought
 * up to date with what was stored since: the address a create gets is always
 * the lowest one free in the database, whatever happened in between — peers
 * added, one deleted, a transaction rolled back, an allocation never stored.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseConfText, parseInterfaceAddress, parseInterfaceName } from '../../../shared/validate';
import { LOCAL_HOST_ID, type PeerId } from '../../../main/store';
import { Allocation } from '../../../main/services/peers/input';
import { freshStore, randomKey } from '../store/helpers';

test('the kept pools hand out the lowest free address after every kind of change', () => {
  const store = freshStore();
  const iface = store.interfaces.insert({
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName('wg0')),
    privateKey: randomKey(),
    publicKey: randomKey(),
    ipv4Address: unwrap(parseInterfaceAddress('10.7.0.1/24')),
  });
  const next = () => new Allocation(store, iface).take(1)[0]?.[0];
  const create = (): PeerId =>
    store.transaction(() => {
      const addresses = new Allocation(store, iface).take(1)[0] ?? [];
      return store.peers.insert({
        interfaceId: iface.id,
        name: unwrap(parseConfText('p')),
        type: 'client',
        tunnelMode: 'hub',
        publicKey: randomKey(),
        addresses,
      }).id as PeerId;
    });

  const first = create();
  create();
  create();
  assert.equal(next(), '10.7.0.5/32', 'after three creates');
  assert.equal(next(), '10.7.0.5/32', 'an allocation never stored takes nothing');

  store.peers.delete(first);
  assert.equal(next(), '10.7.0.2/32', "a deleted peer's address is free again");
  create();

  assert.throws(() =>
    store.transaction(() => {
      create();
      throw new Error('rolled back');
    }),
  );
  assert.equal(next(), '10.7.0.5/32', 'a rolled-back create took nothing');

  const two = new Allocation(store, iface);
  assert.deepEqual(
    [two.take(1)[0]?.[0], two.take(2).map((a) => a[0])],
    ['10.7.0.5/32', ['10.7.0.6/32', '10.7.0.7/32']],
    'one allocation asked twice hands out different addresses',
  );
});
