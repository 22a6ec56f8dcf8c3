/**
 * Scale without disruption: 1,000 peers created in one bulk call are all in
 * the kernel, and adding peers to a server with live clients and 1,000 other
 * peers resets nobody's session or counters.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
} from '../../../shared/validate';
import type { InterfaceId, PeerId } from '../../../main/store';
import type { ObservedPeer } from '../../../main/wireguard';
import { useRig, waitFor } from '../rig';
import { Lan } from './net';
import { ADMIN, clientUp, peerOf, ping, world } from './setup';

const rig = useRig();

test('bulk 1,000 peers, then more peers, with live clients untouched', async (t) => {
  const lan = await Lan.create(rig, 'b');
  const { services, host } = await world(rig, lan.server);
  const name = unwrap(parseInterfaceName(rig.name('b0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51840)),
      ipv4Address: unwrap(parseInterfaceAddress('10.100.0.1/16')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51840')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const peer = (n: string) => ({
    interfaceId: id,
    name: unwrap(parseConfText(n)),
    type: 'client' as const,
    tunnelMode: 'hub' as const,
    keepalive: unwrap(parseKeepalive(1)),
    presharedKey: true,
    keepPrivateKey: true,
  });

  // Two real clients with traffic.
  const clients: { ns: string; key: string }[] = [];
  for (const n of ['1', '2']) {
    const created = await services.peers.create(peer(`live ${n}`), ADMIN);
    const ns = await lan.client(`b${n}`);
    await clientUp(
      rig,
      ns,
      rig.name(`k${n}`),
      services.configs.forPeer(created.peer.id as PeerId).text,
    );
    await ping(rig, ns, '10.100.0.1');
    clients.push({ ns, key: created.peer.publicKey });
  }
  await waitFor(
    async () => {
      const seen = await host.readInterface(name);
      return clients.every((c) => peerOf(seen.peers, c.key).latestHandshake !== null);
    },
    10_000,
    'both clients handshook',
  );

  const snapshot = async () =>
    new Map<string, ObservedPeer>(
      (await host.readInterface(name)).peers.map((p) => [p.publicKey, p]),
    );
  const assertUntouched = (before: Map<string, ObservedPeer>, after: Map<string, ObservedPeer>) => {
    for (const [key, b] of before) {
      const a = after.get(key);
      assert.ok(a, `peer ${key} is still in the kernel`);
      assert.equal(
        a.latestHandshake,
        b.latestHandshake,
        'no new handshake: the session was not reset',
      );
      assert.ok(a.rxBytes >= b.rxBytes && a.txBytes >= b.txBytes, 'counters were not reset');
    }
  };

  await t.test('1,000 peers in one bulk call are all in the kernel', async () => {
    const before = await snapshot();
    const ids = await services.bulk.create(
      { ...peer('x'), keepalive: undefined, count: 1000, namePattern: 'device {n}' },
      ADMIN,
    );
    assert.equal(ids.length, 1000);
    const rows = services.peers.list(id);
    assert.ok(rows.every((r) => r.applied));
    const after = await snapshot();
    assert.equal(after.size, 1002);
    for (const r of rows) {
      assert.deepEqual(after.get(r.publicKey)?.allowedIps, r.addresses, r.name);
    }
    assert.equal(new Set(rows.map((r) => r.addresses[0])).size, 1002, 'every address distinct');
    assertUntouched(before, after);
    for (const c of clients) await ping(rig, c.ns, '10.100.0.1', 2);
  });

  await t.test('one more peer resets no other peer', async () => {
    for (const c of clients) await ping(rig, c.ns, '10.100.0.1', 2);
    const before = await snapshot();
    const one = await services.peers.create(peer('one more'), ADMIN);
    const after = await snapshot();
    assert.ok(after.has(one.peer.publicKey));
    assertUntouched(before, after);
    // A reset session would cut the client off for ~15 s; these answer at once.
    for (const c of clients) await ping(rig, c.ns, '10.100.0.1', 2);
    const later = await snapshot();
    for (const c of clients) {
      const b = peerOf([...before.values()], c.key);
      const l = peerOf([...later.values()], c.key);
      assert.ok(l.rxBytes > b.rxBytes, 'traffic keeps being counted on the same session');
    }
  });

  await t.test('concurrent creates on a live server: distinct addresses, all applied', async () => {
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) => services.peers.create(peer(`par ${i}`), ADMIN)),
    );
    const addresses = made.map((m) => m.peer.addresses[0]);
    assert.equal(new Set(addresses).size, 20);
    const seen = await snapshot();
    for (const m of made)
      assert.deepEqual(seen.get(m.peer.publicKey)?.allowedIps, m.peer.addresses);
  });

  await t.test('editing and deleting one peer touches only that peer', async () => {
    const first = clients[0];
    assert.ok(first);
    const row = services.peers.list(id).find((p) => p.publicKey === first.key);
    assert.ok(row);
    const before = await snapshot();
    await services.peers.update(row.id as PeerId, { keepalive: unwrap(parseKeepalive(7)) }, ADMIN);
    const after = await snapshot();
    assert.equal(after.get(first.key)?.persistentKeepalive, 7);
    assertUntouched(before, after);
    await ping(rig, first.ns, '10.100.0.1', 2);

    const victim = services.peers.list(id).find((p) => p.name === 'one more');
    assert.ok(victim);
    await services.peers.update(victim.id as PeerId, { enabled: false }, ADMIN);
    assert.equal((await snapshot()).has(victim.publicKey), false, 'disabled: out of the kernel');
    await services.peers.update(victim.id as PeerId, { enabled: true }, ADMIN);
    assert.equal((await snapshot()).has(victim.publicKey), true, 'enabled: back in');
    const beforeDelete = await snapshot();
    assert.equal(await services.peers.delete([victim.id as PeerId], ADMIN), 1);
    const afterDelete = await snapshot();
    assert.equal(afterDelete.has(victim.publicKey), false);
    beforeDelete.delete(victim.publicKey);
    assertUntouched(beforeDelete, afterDelete);
  });
});
