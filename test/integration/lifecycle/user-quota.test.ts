/**
 * A quota on a user (issue 12) with two real clients: the user's quota is
 * the sum of their peers' bytes, so real traffic from one device cuts both
 * (reason "quota", naming the user), after warnings at 80 and 90 % pushed as
 * events and logged; moving the engine's clock past the day brings both
 * back. A new peer of the user gets the user's expiry and quota defaults.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventPayload } from '../../../shared/contract';
import { unwrap } from '../../../shared/result';
import { parseConfText } from '../../../shared/validate';
import type { PeerId, UserId } from '../../../main/store';
import { useRig } from '../rig';
import { addClient, watchKernel } from '../monitor/net';
import { floodUntilCut, lifecycleApp } from './app';

const rig = useRig();
const ADMIN = { actor: 'admin' };
const DAY = 86_400_000;
const MB = 1_000_000;

test("a user's quota cuts all their peers, warns first, and lets them back next period", async () => {
  const life = await lifecycleApp(rig, 100, true);
  const { app, server, clock } = life;
  const { id: aliceId } = life.services.users.create(
    {
      name: 'alice',
      quotaBytes: MB,
      quotaPeriod: 'day',
      peerExpiryDays: 30,
      peerQuotaBytes: 5 * MB,
      peerQuotaPeriod: 'week',
    },
    ADMIN,
  );
  const alice = { id: aliceId as UserId };
  const one = await addClient(rig, server, app.store, 1, alice.id);
  const two = await addClient(rig, server, app.store, 2, alice.id);
  const has = (key: string, present: boolean, label: string) =>
    watchKernel(server, key, (p) => (p !== undefined) === present, 10_000, label);
  const log = (peerId: number, event: string) =>
    life.services.connections.list({ event } as never).filter((e) => e.peerId === peerId);
  life.services.start();
  try {
    await app.events.waitStats(one.peer.id, (s) => s.status === 'online', 10_000, 'one online');
    await app.events.waitStats(two.peer.id, (s) => s.status === 'online', 10_000, 'two online');
    // From one device only.
    await floodUntilCut(server, one.ns, one.peer.publicKey, 'the user quota cut, first device');
    await has(two.peer.publicKey, false, 'the user quota cut, second device');
    for (const c of [one, two]) {
      const [cut] = log(c.peer.id, 'quota_disconnect');
      assert.equal(cut?.reason?.code, 'quota');
      assert.ok(cut?.reason?.code === 'quota' && cut.reason.user === 'alice', 'names the user');
      assert.equal(life.services.peers.get(c.peer.id).outReason, 'quota');
    }
    const warnings = app.events.all
      .filter((e) => e.name === 'quota.warning')
      .map((e) => e.payload as EventPayload<'quota.warning'>);
    assert.deepEqual(
      warnings.map((w) => [w.scope, w.id, w.name, w.percent]),
      [
        ['user', alice.id, 'alice', 80],
        ['user', alice.id, 'alice', 90],
      ],
    );
    assert.deepEqual(
      log(one.peer.id, 'quota_warning')
        .map((e) => (e.reason?.code === 'quota_warning' ? [e.reason.percent, e.reason.user] : null))
        .reverse(),
      [
        [80, 'alice'],
        [90, 'alice'],
      ],
      'logged on the device whose bytes crossed each level',
    );
    const held = life.services.users.get(alice.id);
    assert.ok(held.quotaUsed >= MB && held.quotaUsed < 1.3 * MB, `used ${held.quotaUsed}`);
    assert.ok(held.quotaOut !== null && held.quotaOut.until !== null, 'says when they are back');

    clock.offset += DAY;
    for (const c of [one, two]) await has(c.peer.publicKey, true, 'back in the next period');
    assert.deepEqual(log(two.peer.id, 'auto_reconnect')[0]?.reason, { code: 'quota_period' });
    assert.equal(life.services.users.get(alice.id).quotaOut, null);

    // The user's defaults for a new peer of theirs (30 days on the engine's clock).
    const before = clock.now();
    const made = await life.services.peers.create(
      {
        interfaceId: server.iface.id,
        name: unwrap(parseConfText('tablet')),
        userId: alice.id as never,
        type: 'client',
        tunnelMode: 'full',
        presharedKey: false,
        keepPrivateKey: true,
      },
      ADMIN,
    );
    const tablet = app.store.peers.require(made.peer.id as PeerId);
    const expires = tablet.expiresAt ?? 0;
    assert.ok(
      expires >= before + 30 * DAY && expires <= clock.now() + 30 * DAY,
      'expires in 30 days',
    );
    assert.deepEqual(
      [tablet.quotaBytes, tablet.quotaPeriod],
      [5 * MB, 'week'],
      "the user's default quota",
    );
  } finally {
    await life.services.stop();
    app.db.close();
  }
});
