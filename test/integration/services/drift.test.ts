/**
 * Drift between the database and a real kernel: changes made behind wgdesk's
 * back with `wg set` are reported, and both reconcile directions converge.
 * At start, desired state is pushed and the audit log says so.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate';
import { isClean } from '../../../main/services/interfaces/drift-diff';
import { writeSecretFile } from '../files';
import type { InterfaceId, PeerId } from '../../../main/store';
import { generateKeyPair, generatePresharedKey } from '../../../main/wireguard';
import { useRig } from '../rig';
import { ADMIN, peerOf, world } from './setup';

const rig = useRig();

test('out-of-band changes are reported and reconciled both ways', async (t) => {
  const ns = await rig.namespace('d');
  const { services, host, store, events } = await world(rig, ns);
  const name = unwrap(parseInterfaceName(rig.name('d0')));
  const wg = (...args: string[]) => rig.exec(ns, 'wg', args);
  const view = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51850)),
      ipv4Address: unwrap(parseInterfaceAddress('10.110.0.1/24')),
    },
    ADMIN,
  );
  const id = view.id as InterfaceId;
  await services.bulk.create(
    {
      interfaceId: id,
      count: 3,
      namePattern: unwrap(parseConfText('d{n}')),
      type: 'client',
      tunnelMode: 'hub',
      presharedKey: false,
      keepPrivateKey: true,
    },
    ADMIN,
  );
  const [p1, p2, p3] = services.peers.list(id);
  assert.ok(p1 && p2 && p3);
  assert.ok(isClean(await services.drift.get(id)));

  const stranger = await generateKeyPair();
  const psk = generatePresharedKey();
  const pskFile = join(rig.dir, 'psk');
  await writeSecretFile(pskFile, `${psk}\n`);
  const meddle = async () => {
    await wg('set', name, 'peer', p1.publicKey, 'remove');
    await wg(
      'set',
      name,
      'peer',
      stranger.publicKey,
      'preshared-key',
      pskFile,
      'allowed-ips',
      '10.110.0.200/32',
    );
    await wg('set', name, 'peer', p2.publicKey, 'persistent-keepalive', '33');
  };

  await t.test('reported: missing, unknown, different', async () => {
    await meddle();
    const r = await services.drift.get(id);
    assert.deepEqual(r.missingFromKernel, [{ peerId: p1.id, publicKey: p1.publicKey, name: 'd1' }]);
    assert.deepEqual(r.unknownInKernel, [
      { publicKey: stranger.publicKey, allowedIps: ['10.110.0.200/32'] },
    ]);
    assert.deepEqual(r.different, [
      { peerId: p2.id, publicKey: p2.publicKey, fields: ['persistentKeepalive'] },
    ]);
    assert.equal(r.interfaceMissing, false);
  });

  await t.test('push: the kernel gets what the database says', async () => {
    const r = await services.drift.reconcile(id, 'push', ADMIN);
    assert.ok(isClean(r), JSON.stringify(r));
    const seen = (await host.readInterface(name)).peers;
    assert.ok(seen.some((p) => p.publicKey === p1.publicKey));
    assert.ok(!seen.some((p) => p.publicKey === stranger.publicKey));
    assert.equal(peerOf(seen, p2.publicKey).persistentKeepalive, 0);
    assert.ok(events.some((e) => e.name === 'state.changed'));
  });

  await t.test('adopt: the database takes what the kernel has', async () => {
    await meddle();
    const r = await services.drift.reconcile(id, 'adopt', ADMIN);
    assert.ok(isClean(r), JSON.stringify(r));
    const rows = services.peers.list(id);
    assert.equal(rows.find((p) => p.id === p1.id)?.enabled, false, 'missing: disabled, kept');
    assert.equal(rows.find((p) => p.id === p2.id)?.keepalive, 33);
    const adopted = rows.find((p) => p.publicKey === stranger.publicKey);
    assert.ok(adopted);
    assert.deepEqual(adopted.addresses, ['10.110.0.200/32']);
    assert.equal(adopted.hasPrivateKey, false);
    assert.equal(
      store.peers.revealPresharedKey(adopted.id as PeerId),
      psk,
      'its PSK was read, not guessed',
    );
    const seen = (await host.readInterface(name)).peers;
    assert.ok(
      !seen.some((p) => p.publicKey === p1.publicKey),
      'adopt changed nothing in the kernel',
    );
    // A push now keeps the adopted peer, PSK and all.
    assert.ok(isClean(await services.drift.reconcile(id, 'push', ADMIN)));
    assert.equal(
      peerOf((await host.readInterface(name)).peers, stranger.publicKey).hasPresharedKey,
      true,
    );
    const actions = store.audit.list({ limit: 50 }).map((e) => e.action);
    assert.ok(
      actions.includes('drift.adopt') &&
        actions.includes('drift.push') &&
        actions.includes('peer.adopt'),
    );
  });

  await t.test('startup pushes desired state to running interfaces and logs it', async () => {
    await services.interfaces.create(
      {
        name: unwrap(parseInterfaceName(rig.name('d1'))),
        up: false,
        ipv4Address: unwrap(parseInterfaceAddress('10.111.0.1/24')),
      },
      ADMIN,
    );
    await wg('set', name, 'peer', p3.publicKey, 'remove');
    const outcomes = await services.startup();
    assert.deepEqual(
      outcomes.map((o) => [o.name, o.outcome]),
      [
        [name, 'pushed'],
        [rig.name('d1'), 'left-down'],
      ],
    );
    assert.ok((await host.readInterface(name)).peers.some((p) => p.publicKey === p3.publicKey));
    const [entry] = store.audit.list({ action: 'startup.push', limit: 1 });
    assert.equal(entry?.actor, 'startup');
    assert.equal(entry?.details['missingFromKernel'], 1);
  });
});
