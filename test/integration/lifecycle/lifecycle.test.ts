/**
 * Peer lifecycle on real WireGuard (issue 12), with the engine's clock moved by
 * the test: a 1 MB quota cut after about 1 MB of real traffic and back in the
 * next period; an expired peer cut and back when extended; a user switched off
 * and on; a revoked key refused by creation, import and adopting drift; and
 * all of it holding through an engine restart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseConfText, parseInterfaceName } from '../../../shared/validate';
import { UserRepo } from '../../../main/store/users';
import type { PeerId } from '../../../main/store';
import { generateKeyPair } from '../../../main/wireguard';
import { useRig, waitFor } from '../rig';
import { addClient, watchKernel } from '../monitor/net';
import { appError } from '../services/setup';
import { floodUntilCut, lifecycleApp } from './app';

const rig = useRig();
const ADMIN = { actor: 'admin' };
const DAY = 86_400_000;
const MB = 1_000_000;

test('quota, expiry, user switched off, revocation, restart', async () => {
  const life = await lifecycleApp(rig, 100);
  const { app, server, clock } = life;
  const alice = new UserRepo(app.db, clock.now).insert({ name: 'alice' });
  const one = await addClient(rig, server, app.store, 1, alice.id);
  const two = await addClient(rig, server, app.store, 2, alice.id);
  const has = (key: string, present: boolean, label: string) =>
    watchKernel(server, key, (p) => (p !== undefined) === present, 10_000, label);
  const events = (peerId: PeerId, event: string) =>
    life.services.connections.list({ event } as never).filter((e) => e.peerId === peerId);
  // A client re-admitted after a cut handshakes again within WireGuard's
  // REKEY_TIMEOUT + KEEPALIVE_TIMEOUT (15 s) of sending into the old session.
  const reaches = (ns: string) =>
    waitFor(
      () =>
        rig.exec(ns, 'ping', ['-c', '1', '-W', '1', '10.66.0.1']).then(
          () => true,
          () => false,
        ),
      30_000,
      'the client reaches the server again',
    );
  life.services.start();
  try {
    // Quota: 1 MB a day, cut after about 1 MB of pings, back the next day.
    await life.services.peers.update(one.peer.id, { quotaBytes: MB, quotaPeriod: 'day' }, ADMIN);
    await app.events.waitStats(one.peer.id, (s) => s.status === 'online', 10_000, 'online');
    const start = app.store.peers.require(one.peer.id);
    await floodUntilCut(server, one.ns, one.peer.publicKey, 'the quota cut');
    const [cut] = events(one.peer.id, 'quota_disconnect');
    assert.deepEqual(
      cut?.reason === null || cut?.reason === undefined ? null : { ...cut.reason, until: 0 },
      { code: 'quota', bytes: 1_000_000, period: 'day', until: 0, user: null },
    );
    assert.ok(cut?.reason?.code === 'quota' && cut.reason.until !== null, 'says when it is back');
    const after = app.store.peers.require(one.peer.id);
    const used = after.rxTotal + after.txTotal - (start.rxTotal + start.txTotal);
    assert.ok(used >= MB && used < 1.3 * MB, `cut after ${used} bytes`);
    assert.deepEqual(
      events(one.peer.id, 'quota_warning')
        .map((e) => (e.reason?.code === 'quota_warning' ? e.reason.percent : null))
        .sort(),
      [80, 90],
    );
    assert.equal(life.services.peers.get(one.peer.id).outReason, 'quota');
    clock.offset += DAY;
    await has(one.peer.publicKey, true, 'back in the next period');
    assert.deepEqual(events(one.peer.id, 'auto_reconnect')[0]?.reason, { code: 'quota_period' });
    await reaches(one.ns);

    // Expiry: cut when the clock passes it; its client gets no answer; extended, it is back.
    await life.services.peers.update(two.peer.id, { expiresAt: clock.now() + 3_600_000 }, ADMIN);
    clock.offset += 3_600_001;
    await has(two.peer.publicKey, false, 'the expiry cut');
    assert.equal(events(two.peer.id, 'expired').length, 1);
    await assert.rejects(rig.exec(two.ns, 'ping', ['-c', '2', '-W', '1', '10.66.0.1']));
    await life.services.peers.update(two.peer.id, { expiresAt: clock.now() + DAY }, ADMIN);
    await has(two.peer.publicKey, true, 'extended');
    await reaches(two.ns);

    // A user switched off: every peer of theirs leaves; switched on, they return.
    await life.services.users.update(alice.id, { enabled: false }, ADMIN);
    for (const c of [one, two]) {
      await has(c.peer.publicKey, false, 'user disabled');
      assert.equal(events(c.peer.id, 'user_disabled').length, 1);
    }
    await life.services.users.update(alice.id, { enabled: true }, ADMIN);
    for (const c of [one, two]) await has(c.peer.publicKey, true, 'user enabled');

    // Revocation: out, no config, and the key is refused by every way back in.
    assert.deepEqual(await life.services.lifecycle.revoke([one.peer.id], ADMIN), 1);
    await has(one.peer.publicKey, false, 'revoked');
    assert.equal(events(one.peer.id, 'revoked').length, 1);
    assert.equal(
      (await appError(async () => life.services.configs.forPeer(one.peer.id))).kind,
      'Conflict',
    );
    const refused = await appError(() =>
      life.services.peers.create(
        {
          interfaceId: server.iface.id,
          name: unwrap(parseConfText('again')),
          publicKey: one.peer.publicKey,
          type: 'client',
          tunnelMode: 'full',
          presharedKey: false,
          keepPrivateKey: false,
        },
        ADMIN,
      ),
    );
    assert.equal(refused.kind, 'Conflict');
    assert.match(refused.message, / was revoked on this server on \S+ by admin;/);
    const conf = [
      '[Interface]',
      `PrivateKey = ${app.store.interfaces.revealPrivateKey(server.iface.id)}`,
      'Address = 10.77.0.1/24',
      '[Peer]',
      `PublicKey = ${one.peer.publicKey}`,
      'AllowedIPs = 10.77.0.2/32',
      '',
    ].join('\n');
    const name = unwrap(parseInterfaceName(rig.name('im')));
    const imported = await appError(() => life.services.imports.importConf(name, conf, ADMIN));
    assert.equal(imported.kind, 'Conflict');
    assert.equal(app.store.interfaces.list(1 as never).length, 1, 'nothing imported');
    await life.services.peers.delete([one.peer.id], ADMIN);
    await rig.exec(server.ns, 'wg', [
      'set',
      server.iface.name,
      'peer',
      one.peer.publicKey,
      'allowed-ips',
      '10.66.0.2/32',
    ]);
    const adopted = await appError(() =>
      life.services.drift.reconcile(server.iface.id, 'adopt', ADMIN),
    );
    assert.equal(adopted.kind, 'Conflict');

    // Through a restart: an expired peer, a quota-held peer and a switched-off
    // user's peer stay out; the others come back.
    const bob = new UserRepo(app.db, clock.now).insert({ name: 'bob', enabled: false });
    const extra = async (n: string, userId: number | null) =>
      (
        await life.services.peers.create(
          {
            interfaceId: server.iface.id,
            name: unwrap(parseConfText(n)),
            publicKey: (await generateKeyPair()).publicKey,
            userId: userId as never,
            type: 'client',
            tunnelMode: 'full',
            presharedKey: false,
            keepPrivateKey: false,
          },
          ADMIN,
        )
      ).peer;
    const held = await extra('held', null);
    app.store.peers.update(held.id as PeerId, {
      quotaBytes: 1000,
      quotaPeriod: 'total',
      quotaExceededAt: clock.now(),
    });
    const bobs = await extra('bobs', bob.id);
    const free = await extra('free', null);
    await life.services.peers.update(two.peer.id, { expiresAt: clock.now() - 1 }, ADMIN);
    await life.restart();
    await server.host.deleteInterface(server.iface.name);
    await life.services.startup();
    const dump = await server.host.readInterface(server.iface.name);
    assert.deepEqual(
      dump.peers.map((p) => p.publicKey).sort(),
      [free.publicKey].sort(),
      'only the peer nothing holds out',
    );
    assert.equal(bobs.outReason, 'user_disabled');
    assert.equal(life.services.peers.get(held.id as PeerId).outReason, 'quota');
    assert.equal(life.services.peers.get(two.peer.id).outReason, 'expired');
  } finally {
    await life.services.stop();
    app.db.close();
  }
});

/** 1200-byte pings every 5 ms to the server (about 0.5 MB/s counted both ways), until killed. */
