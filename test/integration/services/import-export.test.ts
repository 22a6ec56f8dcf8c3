/**
 * Adopting what an admin already runs: a real wg-quick file imported and
 * exported again gives the same interface and peers; a running interface
 * (brought up by the real wg-quick) is imported without disturbing a live
 * client's session.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseEndpoint, parseInterfaceName } from '../../../shared/validate';
import { isClean } from '../../../main/services/interfaces/drift-diff';
import { writeSecretFile } from '../files';
import type { InterfaceId, PeerId } from '../../../main/store';
import {
  generateKeyPair,
  generatePresharedKey,
  parseWgQuickConf,
  type WgQuickConfig,
} from '../../../main/wireguard';
import { useRig, waitFor } from '../rig';
import { Lan } from './net';
import { ADMIN, appError, clientUp, peerOf, ping, world } from './setup';

const rig = useRig();

/** What must survive a round trip, order of AllowedIPs aside; an unnamed peer is named by position. */
function essence(c: WgQuickConfig) {
  return {
    privateKey: c.interface.privateKey,
    listenPort: c.interface.listenPort,
    addresses: c.interface.addresses,
    mtu: c.interface.mtu,
    peers: c.peers.map((p, i) => ({
      name: p.name ?? `peer ${i + 1}`,
      publicKey: p.publicKey,
      presharedKey: p.presharedKey,
      allowedIps: [...p.allowedIps].sort(),
      endpoint: p.endpoint,
      persistentKeepalive: p.persistentKeepalive ?? 0,
    })),
  };
}

test('a wg-quick file: import, export, the same interface and peers', async () => {
  const ns = await rig.namespace('x');
  const { services, host } = await world(rig, ns, 'file.db');
  const server = await generateKeyPair();
  const [a, b, c] = await Promise.all([generateKeyPair(), generateKeyPair(), generateKeyPair()]);
  const psk = generatePresharedKey();
  const file = [
    '[Interface]',
    `PrivateKey = ${server.privateKey}`,
    'ListenPort = 51830',
    'Address = 10.88.0.1/24, fd88::1/64',
    'MTU = 1420',
    '',
    '[Peer]',
    '# Name = alice',
    `PublicKey = ${a.publicKey}`,
    `PresharedKey = ${psk}`,
    'AllowedIPs = 10.88.0.2/32, fd88::2/128',
    'PersistentKeepalive = 25',
    '',
    '[Peer]',
    `PublicKey = ${b.publicKey}`,
    'AllowedIPs = 10.88.0.3/32',
    '',
    '[Peer]',
    '# Name = branch office',
    `PublicKey = ${c.publicKey}`,
    'AllowedIPs = 10.88.0.4/32, 192.168.50.0/24',
    'Endpoint = 192.0.2.50:51820',
    'PersistentKeepalive = 15',
    '',
  ].join('\n');
  const name = unwrap(parseInterfaceName(rig.name('i0')));
  const imported = await services.imports.importConf(name, file, ADMIN);
  assert.equal(imported.peers, 3);
  assert.deepEqual(imported.warnings, []);
  assert.equal(imported.interface.exists, false);
  assert.equal(imported.interface.publicKey, server.publicKey);
  const id = imported.interface.id as InterfaceId;

  const peers = services.peers.list(id);
  assert.deepEqual(
    peers.map((p) => [
      p.name,
      p.type,
      p.addresses,
      p.extraNetworks,
      p.hasPrivateKey,
      p.hasPresharedKey,
    ]),
    [
      ['alice', 'client', ['10.88.0.2/32', 'fd88::2/128'], [], false, true],
      ['peer 2', 'client', ['10.88.0.3/32'], [], false, false],
      ['branch office', 'gateway', ['10.88.0.4/32'], ['192.168.50.0/24'], false, false],
    ],
  );
  const noKey = await appError(async () => services.configs.forPeer(peers[0]?.id as PeerId));
  assert.equal(noKey.kind, 'Conflict', 'an imported peer has no private key: no config');

  const exported = services.exports.exportConf(id);
  assert.equal(exported.filename, `${name}.conf`);
  const again = unwrap(parseWgQuickConf(exported.text));
  assert.deepEqual(essence(again.config), essence(unwrap(parseWgQuickConf(file)).config));

  // Written 0600 through write-temp + fsync + rename, and the real wg-quick reads it.
  const path = join(rig.dir, `${name}.conf`);
  await writeSecretFile(path, exported.text);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(readFileSync(path, 'utf8'), exported.text);
  const stripped = await rig.exec(ns, 'wg-quick', ['strip', path]);
  assert.match(stripped, new RegExp(`PublicKey = ${c.publicKey.replace(/[+/]/g, '\\$&')}`));

  // Brought up, the kernel holds what the file said.
  await services.interfaces.setUp(id, true, ADMIN);
  const seen = await host.readInterface(name);
  assert.equal(seen.listenPort, 51830);
  assert.deepEqual([...peerOf(seen.peers, c.publicKey).allowedIps].sort(), [
    '10.88.0.4/32',
    '192.168.50.0/24',
  ]);
  assert.equal(peerOf(seen.peers, a.publicKey).hasPresharedKey, true);
  assert.ok(isClean(await services.drift.get(id)));
});

test('a running interface is adopted without touching its live session', async () => {
  const lan = await Lan.create(rig, 'r');
  const cli = await lan.client('rc');
  const server = await generateKeyPair();
  const client = await generateKeyPair();
  const psk = generatePresharedKey();
  const idle = await Promise.all([generateKeyPair(), generateKeyPair()]);
  const name = unwrap(parseInterfaceName(rig.name('r0')));
  const serverFile = [
    '[Interface]',
    `PrivateKey = ${server.privateKey}`,
    'ListenPort = 51831',
    'Address = 10.89.0.1/24',
    '',
    '[Peer]',
    `PublicKey = ${client.publicKey}`,
    `PresharedKey = ${psk}`,
    'AllowedIPs = 10.89.0.2/32',
    ...idle.flatMap((k, i) => [
      '',
      '[Peer]',
      `PublicKey = ${k.publicKey}`,
      `AllowedIPs = 10.89.0.${i + 3}/32`,
    ]),
    '',
  ].join('\n');
  const serverPath = join(rig.dir, `${name}.conf`);
  await writeSecretFile(serverPath, serverFile);
  await rig.exec(lan.server, 'wg-quick', ['up', serverPath]);
  await clientUp(
    rig,
    cli,
    rig.name('rk'),
    [
      '[Interface]',
      `PrivateKey = ${client.privateKey}`,
      'Address = 10.89.0.2/32',
      '',
      '[Peer]',
      `PublicKey = ${server.publicKey}`,
      `PresharedKey = ${psk}`,
      'AllowedIPs = 10.89.0.0/24',
      'Endpoint = 192.0.2.1:51831',
      'PersistentKeepalive = 1',
      '',
    ].join('\n'),
  );
  await ping(rig, cli, '10.89.0.1');
  const { services, host } = await world(rig, lan.server, 'running.db');
  await waitFor(
    async () =>
      peerOf((await host.readInterface(name)).peers, client.publicKey).latestHandshake !== null,
    10_000,
    'the client handshake',
  );
  const before = peerOf((await host.readInterface(name)).peers, client.publicKey);

  const adopted = await services.imports.importRunning(
    name,
    unwrap(parseEndpoint('192.0.2.1:51831')),
    ADMIN,
  );
  assert.equal(adopted.peers, 3);
  assert.equal(adopted.interface.publicKey, server.publicKey);
  assert.equal(adopted.interface.ipv4Address, '10.89.0.1/24');
  assert.equal(adopted.interface.listenPort, 51831);
  const id = adopted.interface.id as InterfaceId;
  const rows = services.peers.list(id);
  assert.ok(
    rows.every((p) => p.applied),
    'rows read from the kernel match it',
  );
  assert.equal(rows.find((p) => p.publicKey === client.publicKey)?.hasPresharedKey, true);

  // Nothing was restarted: the session goes on, counters keep counting from where they were.
  await ping(rig, cli, '10.89.0.1');
  const after = peerOf((await host.readInterface(name)).peers, client.publicKey);
  assert.ok(
    after.latestHandshake !== null && after.latestHandshake >= (before.latestHandshake ?? 0),
  );
  assert.ok(
    after.rxBytes > before.rxBytes && after.txBytes > before.txBytes,
    'counters were not reset',
  );
  assert.ok(isClean(await services.drift.get(id)), 'the database now says what the kernel has');

  // Pushing the adopted state changes nothing either (wg syncconf with no differences).
  await services.drift.reconcile(id, 'push', ADMIN);
  await ping(rig, cli, '10.89.0.1', 1);
  const pushed = peerOf((await host.readInterface(name)).peers, client.publicKey);
  assert.ok(pushed.rxBytes > after.rxBytes, 'still counting after the push');
  assert.equal(pushed.hasPresharedKey, true, 'the PSK survived the push');

  assert.equal(
    (await appError(() => services.imports.importRunning(name, null, ADMIN))).kind,
    'Conflict',
  );
  const missing = unwrap(parseInterfaceName(rig.name('nope')));
  assert.equal(
    (await appError(() => services.imports.importRunning(missing, null, ADMIN))).kind,
    'NotFound',
  );
});
