// Cutting every peer of a large server ends their tracked connections in pages
// the host operation takes (at most MAX_ADDRESSES a call): one call with all of
// them was refused by the helper, and the flush was logged as failed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ADDRESSES } from '../../../main/host/protocol/schemas';
import { flushConntrack } from '../../../main/services/kernel/conntrack';
import { FakeHost } from '../monitor/fake-host';
import { addInterface, addPeer, monitorStore } from '../monitor/helpers';

test('the cut peers of one server are flushed in pages the operation takes, every address once', async () => {
  const { store } = monitorStore();
  const host = new FakeHost();
  const wg0 = addInterface(store, 'wg0', '10.66.0.1/16');
  const peers = Array.from({ length: MAX_ADDRESSES + 44 }, (_, i) => addPeer(store, wg0.id, i + 2));
  const outcome = await flushConntrack(
    host,
    store,
    peers.map((p) => ({ interfaceId: wg0.id, addresses: p.addresses })),
  );
  assert.equal(outcome, 'flushed');
  assert.deepEqual(
    host.flushed.map((page) => page.length),
    [MAX_ADDRESSES, 44],
  );
  assert.deepEqual(
    host.flushed.flat(),
    peers.map((p) => p.addresses[0]?.split('/')[0]),
  );
});
