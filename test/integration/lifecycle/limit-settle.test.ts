/**
 * Device limits that settle, with two real clients of a user with a limit of 1
 * that both keep trying: the device cut for the limit waits for a free slot
 * instead of coming back every cool-down and cutting the other in turn. The
 * engine's clock (and its reading of the kernel's handshakes: clockedHost)
 * moves 30 s every half second while both retry, so 15 minutes of engine
 * time, fifteen 60 s cool-downs, pass in about 15 s: exactly one cut.
 * Then the admin's one-click swap gives the slot to the waiting device.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserRepo } from '../../../main/store/users';
import { useRig } from '../rig';
import { addClient, pingForever, watchKernel } from '../monitor/net';
import { lifecycleApp } from './app';

const rig = useRig();
const COOLDOWN_S = 60;
const ENGINE_SPAN_MS = 15 * 60_000;
const STEP_MS = 30_000;

test('limit 1, two devices retrying: one cut, the other waits; swap in one click', async () => {
  const life = await lifecycleApp(rig, 250, true);
  const { app, server, clock } = life;
  const alice = new UserRepo(app.db, clock.now).insert({
    name: 'alice',
    maxDevices: 1,
    limitCooldownS: COOLDOWN_S,
  });
  life.services.start();
  const pings: { stop: () => Promise<number[]> }[] = [];
  try {
    const laptop = await addClient(rig, server, app.store, 1, alice.id);
    await app.events.waitStats(laptop.peer.id, (s) => s.status === 'online', 10_000, 'laptop');
    pings.push(pingForever(laptop.ns, '10.66.0.1'));
    const phone = await addClient(rig, server, app.store, 2, alice.id);
    pings.push(pingForever(phone.ns, '10.66.0.1'));
    await watchKernel(server, laptop.peer.publicKey, (p) => p === undefined, 10_000, 'cut');
    const start = clock.now();
    // Real time between steps: the clients keep trying, and each step is seen by two polls.
    while (clock.now() - start < ENGINE_SPAN_MS) {
      clock.offset += STEP_MS;
      await new Promise((r) => setTimeout(r, 500));
    }
    const cuts = life.services.connections.list({ event: 'limit_disconnect' });
    assert.deepEqual(
      cuts.map((c) => c.peerId),
      [laptop.peer.id],
      `one cut in ${ENGINE_SPAN_MS / 1000 / COOLDOWN_S} cool-downs of engine time`,
    );
    assert.equal(life.services.connections.list({ event: 'auto_reconnect' }).length, 0);
    await app.events.waitStats(phone.peer.id, (s) => s.status === 'online', 1_000, 'phone');
    const [user] = life.services.users.list();
    assert.deepEqual([user?.holding, user?.waiting], [[phone.peer.id], [laptop.peer.id]]);
    assert.equal(life.services.peers.get(laptop.peer.id).outReason, 'device_limit');

    const swapped = await life.services.users.swap(phone.peer.id, laptop.peer.id, {
      actor: 'admin',
    });
    assert.deepEqual(swapped.waiting, [phone.peer.id]);
    await watchKernel(server, phone.peer.publicKey, (p) => p === undefined, 5_000, 'phone out');
    await watchKernel(server, laptop.peer.publicKey, (p) => p !== undefined, 5_000, 'laptop in');
    await app.events.waitStats(laptop.peer.id, (s) => s.status === 'online', 30_000, 'laptop');
    // The phone keeps trying and waits: the laptop keeps the slot.
    await new Promise((r) => setTimeout(r, 5_000));
    assert.equal(
      (await server.host.readInterface(server.iface.name)).peers.some(
        (p) => p.publicKey === phone.peer.publicKey,
      ),
      false,
    );
    assert.equal(life.services.connections.list({ event: 'limit_disconnect' }).length, 2);
  } finally {
    for (const p of pings) await p.stop();
    await life.services.stop();
    app.db.close();
  }
});
