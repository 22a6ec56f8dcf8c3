/**
 * What a change's revision counts (store/revision-settle.ts), on a real
 * SQLite file: rows the change created are counted without being read
 * (issue 17), one created and deleted again within the change counts as
 * nothing, an edit put back counts as nothing, and the peer count carried
 * forward is the server's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseConfText } from '../../../shared/validate/index';
import type { InterfaceId } from '../../../main/store/types';
import { addInterface, freshStore, newPeer, randomKey } from './helpers';

const meta = { actor: 'test', actions: [] };

/** Peer `i`, with the secrets a bulk create keeps: the images hold their sealed blobs. */
const peer = (interfaceId: InterfaceId, i: number) =>
  newPeer(interfaceId, i, { privateKey: randomKey(), presharedKey: randomKey() });

test('a revision counts what the change left different, and only that', () => {
  const store = freshStore(() => 1_000);
  const id = addInterface(store, 'wg0');
  const { revisions, peers } = store;
  const count = () => peers.countByInterface(id);
  assert.notEqual(revisions.record(id, meta), null, 'the server itself is the first revision');

  // 300 added in one change: counted, and each is a peer the revision added.
  const ids = peers.insertMany(Array.from({ length: 300 }, (_, i) => peer(id, i)));
  const added = revisions.record(id, meta);
  assert.notEqual(added, null);
  assert.equal(revisions.list(id, 1)[0]?.peers, 300);
  const delta = revisions.deltasAfter(id, (added ?? 0) - 1).find((d) => d.revisionId === added);
  assert.equal(delta?.peers.length, 300);
  assert.ok(delta?.peers.every((p) => p.before === null));

  // Created and deleted again within one change: nothing to record.
  const gone = peers.insert(peer(id, 400));
  peers.delete(gone.id);
  assert.equal(revisions.record(id, meta), null);
  assert.equal(revisions.hasPending(id), false);

  // Two added, one of them deleted again, one old one deleted, one renamed and back.
  const [first, second] = ids;
  if (first === undefined || second === undefined) throw new Error('no peers');
  const kept = peers.insert(peer(id, 401));
  peers.delete(peers.insert(peer(id, 402)).id);
  peers.delete(first);
  const name = peers.require(second).name;
  peers.update(second, { name: unwrap(parseConfText('renamed')) });
  peers.update(second, { name });
  const mixed = revisions.record(id, meta);
  assert.notEqual(mixed, null);
  assert.equal(revisions.list(id, 1)[0]?.peers, count());
  assert.equal(count(), 300);
  const d = revisions.deltasAfter(id, (mixed ?? 0) - 1).find((x) => x.revisionId === mixed);
  assert.deepEqual(
    d?.peers.map((p) => [p.peerId, p.before === null]).sort((a, b) => Number(a[0]) - Number(b[0])),
    [
      [first, false],
      [kept.id, true],
    ],
  );
  assert.equal(revisions.hasPending(id), false);
});
