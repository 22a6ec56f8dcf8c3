/**
 * Device limits on real WireGuard: a user with limit 1 and two real clients.
 * The one that connected first is cut within two polls of the second
 * connecting, its traffic stops, and the log says why. Limit 0 never cuts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServices } from '../../../main/services';
import { UserRepo } from '../../../main/store/users';
import { useRig } from '../rig';
import { addClient, openApp, pingForever, serverHost, startServer, watchKernel } from './net';

const rig = useRig();
const POLL_MS = 1000;

test('limit 1: the older session is cut when a second device connects; limit 0 never cuts', async () => {
  const at = await serverHost(rig);
  const app = await openApp(rig, at.host);
  const server = await startServer(rig, at, app.store);
  const alice = new UserRepo(app.db, Date.now).insert({
    name: 'alice',
    maxDevices: 1,
    limitCooldownS: 600,
  });
  const services = createServices(app.ctx, { pollIntervalMs: POLL_MS });
  services.start();
  // Stopped in `finally` too: a ping left running by a failed assertion held the test file open.
  let laptopPings: ReturnType<typeof pingForever> | undefined;
  try {
    const laptop = await addClient(rig, server, app.store, 1, alice.id);
    await app.events.waitStats(laptop.peer.id, (s) => s.status === 'online', 10_000, 'laptop');
    assert.deepEqual(
      services.users.list().map((u) => [u.devicesOnline, u.atLimit]),
      [[1, true]],
    );

    laptopPings = pingForever(laptop.ns, '10.66.0.1');
    const phone = await addClient(rig, server, app.store, 2, alice.id);
    const phoneConnected = await watchKernel(
      server,
      phone.peer.publicKey,
      (p) => p !== undefined && p.latestHandshake !== null,
      10_000,
      'the phone handshakes',
    );
    const cut = await watchKernel(
      server,
      laptop.peer.publicKey,
      (p) => p === undefined,
      5_000,
      'the laptop cut',
    );
    assert.ok(
      cut - phoneConnected <= 2 * POLL_MS,
      `cut ${cut - phoneConnected} ms after the second device connected`,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const replies = await laptopPings.stop();
    laptopPings = undefined;
    assert.ok(replies.length > 0, 'the laptop had traffic');
    assert.ok(Math.max(...replies) <= cut + 1000, 'and then none');
    await rig.exec(phone.ns, 'ping', ['-c', '2', '-W', '2', '10.66.0.1']);

    const [entry] = services.connections.list({ userId: alice.id, event: 'limit_disconnect' });
    assert.deepEqual(
      [entry?.peerId, entry?.userName, entry?.reason],
      [laptop.peer.id, 'alice', { code: 'over_limit', user: 'alice', online: 2, limit: 1 }],
    );
    assert.ok((entry?.rx ?? 0) > 0, 'with the bytes of the session it ended');
    const row = app.store.peers.require(laptop.peer.id);
    assert.equal(row.disconnected, true);
    assert.ok(row.disconnectedUntil !== null && row.disconnectedUntil > Date.now() + 590_000);
    assert.deepEqual(
      services.users.list().map((u) => [u.devicesOnline, u.atLimit]),
      [[1, true]],
    );

    // Limit 0: both may be online, and stay so.
    await services.users.update(alice.id, { maxDevices: 0 }, { actor: 'admin' });
    const back = Date.now();
    await services.access.reconnect([laptop.peer.id], { actor: 'admin' });
    const again = pingForever(laptop.ns, '10.66.0.1');
    try {
      await app.events.waitStats(
        laptop.peer.id,
        (s) => s.status === 'online',
        30_000,
        'the laptop back online',
        back,
      );
      await new Promise((r) => setTimeout(r, 3 * POLL_MS));
    } finally {
      await again.stop();
    }
    assert.deepEqual(await services.limits.enforce('admin'), []);
    assert.deepEqual(
      services.users.list().map((u) => [u.devicesOnline, u.atLimit]),
      [[2, false]],
    );
    assert.equal(services.connections.list({ event: 'limit_disconnect' }).length, 1);
  } finally {
    await laptopPings?.stop();
    await services.stop();
    app.db.close();
  }
});
