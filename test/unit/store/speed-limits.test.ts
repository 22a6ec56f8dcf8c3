/**
 * Whether a server has speed-limited peers is kept between kernel steps
 * (issue 17): every change that can turn the answer is seen at once — a
 * peer's own limit, its user's default, a peer given to a limited user, a
 * rolled-back transaction and a write by another connection.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceName,
  parseSpeedKbps,
} from '../../../shared/validate';
import { openDatabase } from '../../../main/store/db';
import { LOCAL_HOST_ID, type InterfaceId, type PeerId } from '../../../main/store';
import { createStore } from '../../../main/store/index';
import { freshDb, randomDataKey, randomKey } from './helpers';

const speed = unwrap(parseSpeedKbps(2000));

test('hasSpeedLimits follows every change that can turn it', () => {
  const { db, path } = freshDb();
  const store = createStore(db, randomDataKey());
  const id = store.interfaces.insert({
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName('wg0')),
    privateKey: randomKey(),
    publicKey: randomKey(),
  }).id as InterfaceId;
  const peer = (n: number) =>
    store.peers.insert({
      interfaceId: id,
      name: unwrap(parseConfText(`p${n}`)),
      type: 'client',
      tunnelMode: 'hub',
      publicKey: randomKey(),
      addresses: [unwrap(parseCidr(`10.0.0.${n}/32`))],
    }).id as PeerId;
  const a = peer(2);
  peer(3);
  assert.equal(store.peers.hasSpeedLimits(id), false);
  assert.equal(store.peers.hasSpeedLimits(id), false, 'asked again: the kept answer');

  store.peers.update(a, { bandwidthDownKbps: speed });
  assert.equal(store.peers.hasSpeedLimits(id), true, "a peer's own limit");
  store.peers.update(a, { bandwidthDownKbps: null });
  assert.equal(store.peers.hasSpeedLimits(id), false, 'taken off again');

  const user = store.users.insert({ name: 'bob' });
  store.peers.update(a, { userId: user.id });
  assert.equal(store.peers.hasSpeedLimits(id), false, 'a user without a default');
  store.users.update(user.id, { bandwidthUpKbps: speed });
  assert.equal(store.peers.hasSpeedLimits(id), true, "the user's default");

  // A transaction that finds false inside, then rolls back: the limit is back, and so is the answer.
  assert.throws(() =>
    store.transaction(() => {
      store.peers.update(a, { userId: null });
      assert.equal(store.peers.hasSpeedLimits(id), false);
      throw new Error('rolled back');
    }),
  );
  assert.equal(store.peers.hasSpeedLimits(id), true, 'after a rollback');

  // Another connection (`wgdesk api` beside the app) takes the default off.
  const other = openDatabase(path);
  try {
    other.prepare('UPDATE users SET bandwidth_up_kbps = NULL').run();
  } finally {
    other.close();
  }
  assert.equal(store.peers.hasSpeedLimits(id), false, "another connection's write");
});
