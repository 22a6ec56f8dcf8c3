/**
 * A server's history against real WireGuard: every applied change is a
 * revision with who and what; two compare without showing a secret; rolling
 * back three revisions restores settings, key and peers as one change (a new
 * revision), and the restored peer's real wg-quick client handshakes again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseDnsList,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parseMtu,
  parsePort,
} from '../../../shared/validate';
import type { InterfaceId, PeerId } from '../../../main/store';
import { useRig, waitFor } from '../rig';
import { Lan } from '../services/net';
import { ADMIN, clientUp, ping, world } from '../services/setup';

const rig = useRig();

test('history, compare and rollback of three revisions', async (t) => {
  const lan = await Lan.create(rig, 'h');
  const { services, host, store } = await world(rig, lan.server);
  const name = unwrap(parseInterfaceName(rig.name('h0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51880)),
      ipv4Address: unwrap(parseInterfaceAddress('10.132.0.1/24')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51880')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const made = await services.peers.create(
    {
      interfaceId: id,
      name: unwrap(parseConfText('phone')),
      type: 'client',
      tunnelMode: 'hub',
      keepalive: unwrap(parseKeepalive(1)),
      presharedKey: true,
      keepPrivateKey: true,
    },
    { actor: 'ana' },
  );
  const phone = made.peer;
  const clientNs = await lan.client('h1');
  await clientUp(rig, clientNs, rig.name('g1'), services.configs.forPeer(phone.id as PeerId).text);
  await ping(rig, clientNs, '10.132.0.1');
  const [base] = services.revisions.list(id);
  assert.ok(base);
  assert.equal(base.actor, 'ana');
  // What the window words as "Created peer phone": the action, and the peer by name.
  assert.deepEqual(
    base.actions.map((a) => [a.action, a.targetType, a.targetId, a.name]),
    [['peer.create', 'peer', String(phone.id), 'phone']],
  );
  assert.equal(base.peers, 1);

  // Three changes: settings, the peer set, the key.
  await services.interfaces.update(
    id,
    { dns: unwrap(parseDnsList('192.0.2.53')), mtu: unwrap(parseMtu(1380)) },
    ADMIN,
  );
  await services.peers.delete([phone.id as PeerId], ADMIN);
  await services.interfaces.update(id, { rotatePrivateKey: true }, ADMIN);
  const history = services.revisions.list(id);
  assert.equal(history[3]?.id, base.id, 'three revisions after it');
  assert.deepEqual(
    history.slice(0, 3).map((r) => r.actions.map((a) => a.action)),
    [['interface.update'], ['peer.delete'], ['interface.update']],
  );

  await t.test('compare names what changed and never shows a secret', () => {
    const diff = services.revisions.compare(id, base.id, history[0]?.id ?? 0);
    const fields = diff.settings.map((c) => c.field);
    assert.deepEqual(fields.sort(), ['dns', 'mtu', 'privateKey']);
    assert.equal(diff.settings.find((c) => c.field === 'privateKey')?.after, 'private key rotated');
    assert.deepEqual(diff.peersRemoved, [{ name: 'phone', publicKey: phone.publicKey }]);
    const text = JSON.stringify(diff);
    assert.ok(!text.includes(store.interfaces.revealPrivateKey(id)));
    const quiet = services.revisions.compare(id, history[2]?.id ?? 0, history[1]?.id ?? 0);
    assert.deepEqual(quiet.settings, [], 'deleting a peer changed no setting');
    assert.equal(quiet.peersRemoved.length, 1);
  });

  await t.test('rolling back three revisions restores all of it, as a new revision', async () => {
    const view = await services.revisions.rollback(id, base.id, ADMIN);
    assert.equal(view.publicKey, server.publicKey, 'the old key is back');
    const row = store.interfaces.require(id);
    assert.deepEqual(row.dns, []);
    assert.equal(row.mtu, null);
    const peers = services.peers.list(id);
    assert.deepEqual(
      peers.map((p) => p.publicKey),
      [phone.publicKey],
    );
    assert.ok(peers.every((p) => p.applied));
    const seen = await host.readInterface(name);
    assert.equal(seen.publicKey, server.publicKey);
    assert.deepEqual(
      seen.peers.map((p) => p.publicKey),
      [phone.publicKey],
    );
    assert.equal((await host.linkState(name)).mtu, 1420);
    const [latest] = services.revisions.list(id);
    assert.deepEqual(
      latest?.actions.map((a) => a.action),
      ['interface.rollback'],
    );
    const same = services.revisions.compare(id, base.id, latest?.id ?? 0);
    assert.deepEqual(same, { settings: [], peersAdded: [], peersRemoved: [], peersChanged: [] });
  });

  await t.test('the restored peer’s client handshakes again', async () => {
    await waitFor(
      async () => {
        await ping(rig, clientNs, '10.132.0.1', 1).catch(() => undefined);
        const p = (await host.readInterface(name)).peers[0];
        return p?.latestHandshake !== null && p?.latestHandshake !== undefined;
      },
      30_000,
      'the phone handshakes with the restored server',
    );
    await ping(rig, clientNs, '10.132.0.1', 2);
  });
});
