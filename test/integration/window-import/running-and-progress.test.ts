/**
 * What the window's import and bulk dialogs read from main (issue 15, points 9
 * and 11): the WireGuard interfaces running in the namespace, managed or not,
 * without a key; and a bulk create that pushes how far it is, chunk by chunk,
 * before it answers. Real wireguard-go, real SQLite.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate';
import type { EventPayload } from '../../../shared/contract';
import type { InterfaceId } from '../../../main/store';
import { generateKeyPair } from '../../../main/wireguard';
import { writeSecretFile } from '../files';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

test('the running interfaces here are listed by name, port and peers, managed or not, with no key', async () => {
  const ns = await rig.namespace('r');
  const { services } = await world(rig, ns);
  const theirs = unwrap(parseInterfaceName(rig.name('u0')));
  const key = await generateKeyPair();
  const peers = await Promise.all([generateKeyPair(), generateKeyPair()]);
  const path = join(rig.dir, `${theirs}.conf`);
  await writeSecretFile(
    path,
    [
      '[Interface]',
      `PrivateKey = ${key.privateKey}`,
      'ListenPort = 51886',
      'Address = 10.91.0.1/24',
      ...peers.flatMap((p, i) => [
        '',
        '[Peer]',
        `PublicKey = ${p.publicKey}`,
        `AllowedIPs = 10.91.0.${i + 2}/32`,
      ]),
      '',
    ].join('\n'),
  );
  await rig.exec(ns, 'wg-quick', ['up', path]);
  // wireguard-go's control sockets are shared by every namespace: one running
  // in another namespace is seen by `wg show all`, but is not this machine's to adopt.
  const other = await rig.namespace('o');
  const elsewhere = unwrap(parseInterfaceName(rig.name('o0')));
  const otherPath = join(rig.dir, `${elsewhere}.conf`);
  await writeSecretFile(
    otherPath,
    [
      '[Interface]',
      `PrivateKey = ${(await generateKeyPair()).privateKey}`,
      'ListenPort = 51889',
      '',
    ].join('\n'),
  );
  await rig.exec(other, 'wg-quick', ['up', otherPath]);
  const ours = unwrap(parseInterfaceName(rig.name('m0')));
  await services.interfaces.create(
    {
      name: ours,
      up: true,
      listenPort: unwrap(parsePort(51887)),
      ipv4Address: unwrap(parseInterfaceAddress('10.92.0.1/24')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51887')),
    },
    ADMIN,
  );

  const listed = await services.systemConfs.running();
  assert.deepEqual(
    listed,
    [
      { name: ours, managed: true, listenPort: 51887, peers: 0 },
      { name: theirs, managed: false, listenPort: 51886, peers: 2 },
    ].sort((a, b) => a.name.localeCompare(b.name)),
  );
  // Plain text, not a pattern: a base64 key may hold '+', which a RegExp refuses.
  const text = JSON.stringify(listed);
  assert.ok(!text.includes(key.privateKey.slice(0, 16)), 'no private key');
  assert.ok(!text.includes(key.publicKey.slice(0, 16)), 'no public key');
});

test('a bulk create pushes its progress per chunk, up to its total, before the peers are announced', async () => {
  const ns = await rig.namespace('b');
  const { services, events } = await world(rig, ns, 'bulk.db');
  const server = await services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(rig.name('b0'))),
      up: true,
      listenPort: unwrap(parsePort(51888)),
      ipv4Address: unwrap(parseInterfaceAddress('10.93.0.1/16')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51888')),
    },
    ADMIN,
  );
  const interfaceId = server.id as InterfaceId;
  events.length = 0;
  const ids = await services.bulk.create(
    {
      interfaceId,
      type: 'client',
      tunnelMode: 'hub',
      presharedKey: false,
      keepPrivateKey: true,
      count: 120,
      namePattern: 'device {n}',
    },
    ADMIN,
  );
  assert.equal(ids.length, 120);
  const names = events.map((e) => e.name);
  const progress = events
    .filter((e) => e.name === 'peers.bulkProgress')
    .map((e) => e.payload as EventPayload<'peers.bulkProgress'>);
  // 0, then one push per chunk of 25: 25, 50, 75, 100, 120.
  assert.deepEqual(
    progress.map((p) => p.done),
    [0, 25, 50, 75, 100, 120],
  );
  assert.ok(progress.every((p) => p.total === 120 && p.interfaceId === interfaceId));
  assert.ok(
    names.lastIndexOf('peers.bulkProgress') < names.indexOf('state.changed'),
    `every push comes before the peers are announced: ${names.join(', ')}`,
  );
});
