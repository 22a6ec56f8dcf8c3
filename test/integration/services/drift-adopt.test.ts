/**
 * Adopting secrets and settings changed behind wgdesk's back with `wg set`: a
 * PSK given to a peer, a PSK taken away, a new listen port and a new
 * interface private key. After adopt the database holds what the kernel has,
 * read from the real wireguard-go, and drift is clean.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseConfText,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate';
import { isClean } from '../../../main/services/interfaces/drift-diff';
import type { InterfaceId, PeerId } from '../../../main/store';
import { generateKeyPair, generatePresharedKey } from '../../../main/wireguard';
import { writeSecretFile } from '../files';
import { useRig } from '../rig';
import { ADMIN, world } from './setup';

const rig = useRig();

test('adopt takes PSKs, listen port and private key from the kernel', async () => {
  const ns = await rig.namespace('da');
  const { services, store, host } = await world(rig, ns);
  const name = unwrap(parseInterfaceName(rig.name('da0')));
  const wg = (...args: string[]) => rig.exec(ns, 'wg', args);
  const view = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51880)),
      ipv4Address: unwrap(parseInterfaceAddress('10.130.0.1/24')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51880')),
    },
    ADMIN,
  );
  const id = view.id as InterfaceId;
  const peer = async (n: string, presharedKey: boolean) =>
    (
      await services.peers.create(
        {
          interfaceId: id,
          name: unwrap(parseConfText(n)),
          type: 'client',
          tunnelMode: 'hub',
          presharedKey,
          keepPrivateKey: true,
        },
        ADMIN,
      )
    ).peer;
  const bare = await peer('bare', false);
  const withPsk = await peer('psk', true);
  assert.ok(isClean(await services.drift.get(id)));

  const psk = generatePresharedKey();
  const pskFile = join(rig.dir, 'psk');
  await writeSecretFile(pskFile, `${psk}\n`);
  const serverKey = await generateKeyPair();
  const keyFile = join(rig.dir, 'server.key');
  await writeSecretFile(keyFile, `${serverKey.privateKey}\n`);
  await wg('set', name, 'peer', bare.publicKey, 'preshared-key', pskFile);
  await wg('set', name, 'peer', withPsk.publicKey, 'preshared-key', '/dev/null');
  await wg('set', name, 'listen-port', '51881');
  await wg('set', name, 'private-key', keyFile);

  const report = await services.drift.get(id);
  assert.deepEqual([...report.interfaceDifferent].sort(), ['listenPort', 'publicKey']);
  assert.deepEqual(
    report.different.map((d) => [d.peerId, d.fields]),
    [
      [bare.id, ['presharedKey']],
      [withPsk.id, ['presharedKey']],
    ],
  );

  const after = await services.drift.reconcile(id, 'adopt', ADMIN);
  assert.ok(isClean(after), JSON.stringify(after));
  assert.equal(store.peers.revealPresharedKey(bare.id as PeerId), psk, 'the PSK was read');
  assert.equal(store.peers.revealPresharedKey(withPsk.id as PeerId), null, 'removed: none kept');
  assert.equal(
    store.peers.revealPrivateKey(withPsk.id as PeerId) !== null,
    true,
    'the peer keeps its own private key',
  );
  const iface = await services.interfaces.get(id);
  assert.equal(iface.listenPort, 51881);
  assert.equal(iface.publicKey, serverKey.publicKey);
  assert.equal(store.interfaces.revealPrivateKey(id), serverKey.privateKey);
  // The adopted values are what a push now writes: the kernel keeps them.
  assert.ok(isClean(await services.drift.reconcile(id, 'push', ADMIN)));
  const seen = await host.readInterface(name);
  assert.equal(seen.listenPort, 51881);
  assert.equal(seen.publicKey, serverKey.publicKey);
  // A client config rendered now names the adopted server key and PSK.
  const conf = services.configs.forPeer(bare.id as PeerId).text;
  assert.ok(conf.includes(serverKey.publicKey) && conf.includes(psk));
});
