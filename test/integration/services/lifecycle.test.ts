/**
 * A server's life against a real kernel: settings applied live, a refused
 * kernel change rolled back in the database, down and up again with its
 * peers, peers created while it is away, and deletion.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parseMtu,
  parsePort,
} from '../../../shared/validate';
import type { InterfaceId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, appError, world } from './setup';

const rig = useRig();

test('a server from creation to deletion', async (t) => {
  const ns = await rig.namespace('l');
  const { services, host, store } = await world(rig, ns);
  const name = unwrap(parseInterfaceName(rig.name('l0')));
  const view = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51860)),
      ipv4Address: unwrap(parseInterfaceAddress('10.120.0.1/24')),
    },
    ADMIN,
  );
  const id = view.id as InterfaceId;
  const newPeer = (n: string) =>
    services.peers.create(
      {
        interfaceId: id,
        name: unwrap(parseConfText(n)),
        type: 'client',
        tunnelMode: 'hub',
        presharedKey: true,
        keepPrivateKey: true,
      },
      ADMIN,
    );
  const first = await newPeer('first');

  await t.test('settings change live: port, address, MTU', async () => {
    const updated = await services.interfaces.update(
      id,
      {
        listenPort: unwrap(parsePort(51862)),
        ipv4Address: unwrap(parseInterfaceAddress('10.120.0.254/24')),
        mtu: unwrap(parseMtu(1380)),
      },
      ADMIN,
    );
    assert.equal(updated.listenPort, 51862);
    assert.equal((await host.readInterface(name)).listenPort, 51862);
    const link = await host.linkState(name);
    assert.deepEqual(link.addresses, ['10.120.0.254/24']);
    assert.equal(link.mtu, 1380);
    assert.equal((await host.readInterface(name)).peers.length, 1, 'its peer stayed');
  });

  await t.test('a kernel refusal rolls the database back', async () => {
    // Another WireGuard interface in the namespace holds port 51861.
    const other = rig.name('l9');
    await rig.exec(ns, 'wireguard-go', [other]);
    await rig.exec(ns, 'wg', ['set', other, 'listen-port', '51861']);
    const e = await appError(() =>
      services.interfaces.update(id, { listenPort: unwrap(parsePort(51861)) }, ADMIN),
    );
    assert.equal(e.kind, 'CommandFailed');
    assert.equal(store.interfaces.require(id).listenPort, 51862);
    assert.equal((await host.readInterface(name)).listenPort, 51862);
    assert.equal(store.audit.list({ limit: 1 })[0]?.action, 'interface.update.reverted');
  });

  await t.test('down and up again, with its peers', async () => {
    const down = await services.interfaces.setUp(id, false, ADMIN);
    assert.equal(down.exists, false);
    assert.equal(down.enabled, false);
    const whileDown = await newPeer('while down');
    assert.equal(whileDown.peer.applied, false, 'stored, applied when the server comes up');
    const up = await services.interfaces.setUp(id, true, ADMIN);
    assert.equal(up.up, true);
    const keys = (await host.readInterface(name)).peers.map((p) => p.publicKey).sort();
    assert.deepEqual(keys, [first.peer.publicKey, whileDown.peer.publicKey].sort());
    assert.ok(services.peers.list(id).every((p) => p.applied));
    assert.deepEqual((await host.linkState(name)).addresses, ['10.120.0.254/24']);
  });

  await t.test('a server gone behind our back: new peers wait, not fail', async () => {
    await rig.exec(ns, 'ip', ['link', 'del', 'dev', name]);
    const made = await newPeer('orphan');
    assert.equal(made.peer.applied, false);
    assert.equal((await services.drift.get(id)).interfaceMissing, true);
    await services.interfaces.setUp(id, true, ADMIN);
    assert.equal((await host.readInterface(name)).peers.length, 3);
  });

  await t.test('deleting removes link and rows', async () => {
    assert.equal(await services.interfaces.delete(id, ADMIN), true);
    assert.equal((await host.linkState(name)).exists, false);
    assert.equal(store.peers.countByInterface(id), 0);
    assert.equal((await appError(() => services.interfaces.get(id))).kind, 'NotFound');
    const [entry] = store.audit.list({ action: 'interface.delete', limit: 1 });
    assert.equal(entry?.details['peers'], 3);
  });
});
