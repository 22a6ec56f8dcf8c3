/**
 * Every field of a running server's [Interface] edited against real `wg` and
 * `ip`, each edit previewed first; a refused step leaves kernel and database
 * as they were; a key rotation locks out the old client configs and the
 * re-sent ones connect (real wg-quick clients).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseDnsList,
  parseEndpoint,
  parseFwMark,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parseMtu,
  parsePort,
} from '../../../shared/validate';
import type { InterfaceId, PeerId } from '../../../main/store';
import { useRig, waitFor } from '../rig';
import { Lan } from '../services/net';
import { ADMIN, appError, clientUp, ping, world } from '../services/setup';

const rig = useRig();

test('editing a running server, field by field, with a preview', async (t) => {
  const lan = await Lan.create(rig, 'e');
  const { services, host, store } = await world(rig, lan.server);
  const name = unwrap(parseInterfaceName(rig.name('e0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51870)),
      ipv4Address: unwrap(parseInterfaceAddress('10.131.0.1/24')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51870')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const clients: { ns: string; ifname: string; peerId: PeerId; key: string }[] = [];
  for (const n of ['1', '2']) {
    const made = await services.peers.create(
      {
        interfaceId: id,
        name: unwrap(parseConfText(`client ${n}`)),
        type: 'client',
        tunnelMode: 'hub',
        keepalive: unwrap(parseKeepalive(1)),
        presharedKey: true,
        keepPrivateKey: true,
      },
      ADMIN,
    );
    const ns = await lan.client(`e${n}`);
    const ifname = rig.name(`f${n}`);
    const peerId = made.peer.id as PeerId;
    await clientUp(rig, ns, ifname, services.configs.forPeer(peerId).text);
    await ping(rig, ns, '10.131.0.1');
    clients.push({ ns, ifname, peerId, key: made.peer.publicKey });
  }
  const everyone = clients.map((c) => c.peerId).sort();
  const [one, two] = clients;
  assert.ok(one && two);

  await t.test('DNS: no session drops, every client config changes, no kernel step', async () => {
    const edit = { dns: unwrap(parseDnsList('192.0.2.53')) };
    const plan = await services.interfaces.preview(id, edit);
    assert.equal(plan.sessionsDrop, false);
    assert.match(plan.sessions, /no session drops/);
    assert.deepEqual(plan.clientConfigs.map((c) => c.peerId).sort(), everyone);
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(store.interfaces.require(id).dns, [], 'a preview changes nothing');
    await services.interfaces.update(id, edit, ADMIN);
    assert.match(services.configs.forPeer(one.peerId).text, /DNS = 192\.0\.2\.53/);
  });

  await t.test('port: the preview says sessions drop; a port in use is refused whole', async () => {
    const plan = await services.interfaces.preview(id, { listenPort: unwrap(parsePort(51871)) });
    assert.equal(plan.sessionsDrop, true);
    assert.match(plan.sessions, /sessions drop/);
    assert.deepEqual(
      plan.steps.map((s) => s.kind),
      ['wg'],
    );
    assert.ok(
      plan.notes.some((n) => /192\.0\.2\.1:51870/.test(n)),
      'warns the endpoint still says 51870',
    );
    const other = rig.name('e9');
    await rig.exec(lan.server, 'wireguard-go', [other]);
    await rig.exec(lan.server, 'wg', ['set', other, 'listen-port', '51871']);
    const e = await appError(() =>
      services.interfaces.update(
        id,
        { listenPort: unwrap(parsePort(51871)), mtu: unwrap(parseMtu(1400)) },
        ADMIN,
      ),
    );
    assert.equal(e.kind, 'CommandFailed');
    const row = store.interfaces.require(id);
    assert.equal(row.listenPort, 51870);
    assert.equal(row.mtu, null);
    assert.equal((await host.readInterface(name)).listenPort, 51870);
    assert.equal((await host.linkState(name)).mtu, 1420);
    await ping(rig, one.ns, '10.131.0.1', 2);
  });

  await t.test('MTU, fwmark and address: applied live, sessions stay', async () => {
    const edit = {
      mtu: unwrap(parseMtu(1380)),
      fwmark: unwrap(parseFwMark('0x51')),
      ipv4Address: unwrap(parseInterfaceAddress('10.131.0.254/24')),
    };
    const plan = await services.interfaces.preview(id, edit);
    assert.deepEqual(
      plan.steps.map((s) => s.kind),
      ['wg', 'addresses', 'mtu'],
    );
    assert.equal(plan.sessionsDrop, false);
    await services.interfaces.update(id, edit, ADMIN);
    const link = await host.linkState(name);
    assert.equal(link.mtu, 1380);
    assert.deepEqual(link.addresses, ['10.131.0.254/24']);
    assert.equal((await host.readInterface(name)).fwMark, 0x51);
    await ping(rig, one.ns, '10.131.0.254', 2);
    await services.interfaces.update(id, { fwmark: null }, ADMIN);
    assert.equal((await host.readInterface(name)).fwMark, 0, 'cleared: wg shows off');
  });

  await t.test('hooks are stored and said to run at the next up or down', async () => {
    const edit = { postUp: [unwrap(parseConfText('true'))] };
    const plan = await services.interfaces.preview(id, edit);
    assert.deepEqual(plan.steps, []);
    assert.ok(plan.notes.some((n) => /next up or down/.test(n)));
    await services.interfaces.update(id, edit, ADMIN);
    assert.deepEqual(store.interfaces.require(id).postUp, ['true']);
  });

  await t.test('key rotation: old configs are locked out, re-sent ones connect', async () => {
    const plan = await services.interfaces.preview(id, { rotatePrivateKey: true });
    assert.equal(plan.sessionsDrop, true);
    assert.deepEqual(plan.clientConfigs.map((c) => c.peerId).sort(), everyone);
    assert.deepEqual(plan.changes, [
      { field: 'privateKey', before: 'current key', after: 'private key rotated' },
    ]);
    const oldKey = server.publicKey;
    const handshakeOf = async (key: string) =>
      (await host.readInterface(name)).peers.find((x) => x.publicKey === key)?.latestHandshake ??
      null;
    const lastOfOne = await handshakeOf(one.key);
    const rotated = await services.interfaces.update(id, { rotatePrivateKey: true }, ADMIN);
    assert.notEqual(rotated.publicKey, oldKey);
    assert.equal((await host.readInterface(name)).publicKey, rotated.publicKey);
    const [entry] = store.audit.list({ action: 'interface.update', limit: 1 });
    assert.equal(entry?.details['keyRotated'], true);
    assert.ok(!JSON.stringify(entry).includes(store.interfaces.revealPrivateKey(id)));

    // Client two gets its new config; client one keeps the old one.
    await rig.exec(two.ns, 'wg-quick', ['down', `${rig.dir}/${two.ifname}.conf`]);
    await clientUp(rig, two.ns, two.ifname, services.configs.forPeer(two.peerId).text);
    await ping(rig, two.ns, '10.131.0.254', 3);
    await assert.rejects(ping(rig, one.ns, '10.131.0.254', 2), 'the old config gets no answer');
    await waitFor(
      async () => {
        const seen = await host.readInterface(name);
        const p = seen.peers.find((x) => x.publicKey === two.key);
        return p?.latestHandshake !== null && p?.latestHandshake !== undefined;
      },
      10_000,
      're-sent client handshakes with the new key',
    );
    assert.deepEqual(await handshakeOf(one.key), lastOfOne, 'no new handshake from the old config');
  });
});
