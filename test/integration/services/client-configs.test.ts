/**
 * Client configs made by wgdesk, used by the real wg-quick: hub-routed and
 * split tunnels pass traffic to the server, a full tunnel gets wg-quick's
 * default-route policy rules, the QR code decodes to exactly the config, and
 * the clients zip holds the same files.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { strFromU8, unzipSync } from 'fflate';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
} from '../../../shared/validate';
import type { InterfaceId, PeerId } from '../../../main/store';
import { generateKeyPair } from '../../../main/wireguard';
import { decodeQr, sh, useRig, waitFor } from '../rig';
import { Lan } from './net';
import { ADMIN, appError, clientUp, peerOf, ping, world } from './setup';

const rig = useRig();

test('wgdesk client configs work with the real wg-quick', async (t) => {
  const lan = await Lan.create(rig, 's');
  const { services, host, store } = await world(rig, lan.server);
  // A host on a subnet behind the server, for the split tunnel to reach (no
  // dummy module here: the server's loopback holds it).
  await rig.exec(lan.server, 'ip', ['address', 'add', '10.77.0.1/32', 'dev', 'lo']);

  const server = await services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(rig.name('s0'))),
      up: true,
      listenPort: unwrap(parsePort(51820)),
      ipv4Address: unwrap(parseInterfaceAddress('10.66.0.1/24')),
      ipv6Address: unwrap(parseInterfaceAddress('fd66::1/64')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51820')),
    },
    ADMIN,
  );
  assert.equal(server.exists, true);
  assert.equal(server.up, true);
  const ifaceId = server.id as InterfaceId;
  const create = async (name: string, tunnelMode: 'hub' | 'split' | 'full', split: string[] = []) =>
    services.peers.create(
      {
        interfaceId: ifaceId,
        name: unwrap(parseConfText(name)),
        type: 'client',
        tunnelMode,
        splitNetworks: split.map((c) => unwrap(parseCidr(c))),
        keepalive: unwrap(parseKeepalive(1)),
        presharedKey: true,
        keepPrivateKey: true,
      },
      ADMIN,
    );
  const hub = await create('hub laptop', 'hub');
  const split = await create('split laptop', 'split', ['10.77.0.0/24']);
  const full = await create('full laptop', 'full');
  assert.deepEqual(
    hub.peer.addresses,
    ['10.66.0.2/32', 'fd66::2/128'],
    'lowest free, both families',
  );
  assert.deepEqual(split.peer.addresses, ['10.66.0.3/32', 'fd66::3/128']);
  assert.equal(hub.config, null, 'a kept key is revealed through peers.config only');
  assert.ok([hub, split, full].every((c) => c.peer.applied));

  await t.test('hub-routed: the server network through the tunnel, v4 and v6', async () => {
    const ns = await lan.client('h');
    const conf = services.configs.forPeer(hub.peer.id as PeerId);
    assert.equal(conf.filename, 'hub-laptop.conf');
    assert.match(conf.text, /^AllowedIPs = 10\.66\.0\.0\/24, fd66::\/64$/m);
    await clientUp(rig, ns, rig.name('ch'), conf.text);
    await ping(rig, ns, '10.66.0.1');
    await ping(rig, ns, 'fd66::1');
    const routes = await rig.exec(ns, 'ip', ['route']);
    assert.match(routes, new RegExp(`10\\.66\\.0\\.0/24 dev ${rig.name('ch')}`));
  });

  await t.test('split: server networks plus the chosen subnet behind the server', async () => {
    const ns = await lan.client('p');
    const conf = services.configs.forPeer(split.peer.id as PeerId);
    assert.match(conf.text, /^AllowedIPs = 10\.66\.0\.0\/24, fd66::\/64, 10\.77\.0\.0\/24$/m);
    await clientUp(rig, ns, rig.name('cp'), conf.text);
    await ping(rig, ns, '10.77.0.1');
    await ping(rig, ns, '10.66.0.1');
  });

  await t.test('full: wg-quick default-route rules in the client namespace', async () => {
    const ns = await lan.client('f');
    const ifname = rig.name('cf');
    const conf = services.configs.forPeer(full.peer.id as PeerId);
    assert.match(conf.text, /^AllowedIPs = 0\.0\.0\.0\/0, ::\/0$/m);
    await clientUp(rig, ns, ifname, conf.text);
    // wg-quick's full tunnel: fwmark 51820 (0xca6c) on the tunnel's own packets,
    // everything else looked up in table 51820, whose default goes into the tunnel.
    assert.match(
      await rig.exec(ns, 'ip', ['-4', 'rule']),
      /not from all fwmark 0xca6c lookup 51820/,
    );
    assert.match(await rig.exec(ns, 'ip', ['-4', 'rule']), /lookup main suppress_prefixlength 0/);
    assert.match(
      await rig.exec(ns, 'ip', ['-6', 'rule']),
      /not from all fwmark 0xca6c lookup 51820/,
    );
    assert.match(
      await rig.exec(ns, 'ip', ['-4', 'route', 'show', 'table', '51820']),
      new RegExp(`default dev ${ifname}`),
    );
    assert.match(
      await rig.exec(ns, 'ip', ['-6', 'route', 'show', 'table', '51820']),
      new RegExp(`default dev ${ifname}`),
    );
    await ping(rig, ns, '10.66.0.1');
  });

  await t.test('every client handshook with the server', async () => {
    await waitFor(
      async () => {
        const seen = await host.readInterface(unwrap(parseInterfaceName(rig.name('s0'))));
        return [hub, split, full].every(
          (c) => peerOf(seen.peers, c.peer.publicKey).latestHandshake !== null,
        );
      },
      10_000,
      'three handshakes',
    );
  });

  await t.test('the QR code decodes to exactly the config', async () => {
    const conf = services.configs.forPeer(split.peer.id as PeerId);
    const png = await services.configs.qr(split.peer.id as PeerId, 'png');
    assert.equal(png.mime, 'image/png');
    const file = join(rig.dir, 'split.png');
    writeFileSync(file, Buffer.from(png.data, 'base64'));
    assert.equal(await decodeQr(file), conf.text);
    const svg = await services.configs.qr(split.peer.id as PeerId, 'svg');
    assert.equal(svg.mime, 'image/svg+xml');
    assert.match(svg.data, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  await t.test(
    'the clients zip holds every config; keyless peers are listed as skipped',
    async () => {
      const pasted = await services.peers.create(
        {
          interfaceId: ifaceId,
          name: unwrap(parseConfText('pasted key')),
          publicKey: (await generateKeyPair()).publicKey,
          type: 'client',
          tunnelMode: 'hub',
          presharedKey: false,
          keepPrivateKey: true,
        },
        ADMIN,
      );
      const e = await appError(async () => services.configs.forPeer(pasted.peer.id as PeerId));
      assert.equal(e.kind, 'Conflict');
      assert.match(e.message, /does not hold the private key/);
      const zip = services.exports.exportClients(ifaceId);
      assert.equal(zip.filename, `${rig.name('s0')}-clients.zip`);
      assert.deepEqual(zip.skipped, ['pasted key']);
      const files = unzipSync(Buffer.from(zip.base64, 'base64'));
      assert.deepEqual(Object.keys(files).sort(), [
        'full-laptop.conf',
        'hub-laptop.conf',
        'split-laptop.conf',
      ]);
      const hubFile = files['hub-laptop.conf'];
      assert.ok(hubFile);
      assert.equal(strFromU8(hubFile), services.configs.forPeer(hub.peer.id as PeerId).text);

      // Each entry holds a private key: Info-ZIP's unzip lists and extracts it 0600.
      const zipPath = join(rig.dir, zip.filename);
      writeFileSync(zipPath, Buffer.from(zip.base64, 'base64'));
      const listing = (await sh('unzip', ['-Z', zipPath]))
        .split('\n')
        .filter((l) => /\.conf$/.test(l));
      assert.equal(listing.length, 3);
      for (const line of listing) assert.match(line, /^-rw------- .* unx /, line);
      const out = join(rig.dir, 'unzipped');
      await sh('unzip', ['-q', '-d', out, zipPath]);
      for (const f of readdirSync(out)) assert.equal(statSync(join(out, f)).mode & 0o777, 0o600, f);
    },
  );

  await t.test('a key not kept: the config comes once, with the create', async () => {
    const once = await services.peers.create(
      {
        interfaceId: ifaceId,
        name: unwrap(parseConfText('once')),
        type: 'client',
        tunnelMode: 'hub',
        presharedKey: true,
        keepPrivateKey: false,
      },
      ADMIN,
    );
    assert.ok(once.config);
    assert.match(once.config.text, /^PrivateKey = /m);
    assert.equal(once.peer.hasPrivateKey, false);
    assert.equal(
      (await appError(async () => services.configs.forPeer(once.peer.id as PeerId))).kind,
      'Conflict',
    );
  });

  await t.test("a planted public_key column never reaches a client's config", async () => {
    const kernelKey = (await host.readInterface(unwrap(parseInterfaceName(rig.name('s0')))))
      .publicKey;
    assert.ok(kernelKey !== null, 'the server runs with its key');
    const planted = (await generateKeyPair()).publicKey;
    // Another writer of the database file, as a process of the same user could be.
    const raw = new Database(join(rig.dir, 'wgdesk.db'));
    const setColumn = (key: string) =>
      raw.prepare('UPDATE interfaces SET public_key = ? WHERE id = ?').run(key, ifaceId);
    setColumn(planted);
    try {
      assert.equal(store.interfaces.require(ifaceId).publicKey, planted, 'the column is planted');
      const serverKeys = (text: string) =>
        [...text.matchAll(/^PublicKey = (\S+)$/gm)].map((m) => m[1]);
      assert.deepEqual(serverKeys(services.configs.forPeer(hub.peer.id as PeerId).text), [
        kernelKey,
      ]);
      const files = unzipSync(
        Buffer.from(services.exports.exportClients(ifaceId).base64, 'base64'),
      );
      for (const [name, bytes] of Object.entries(files)) {
        assert.deepEqual(serverKeys(strFromU8(bytes)), [kernelKey], name);
      }
      const once = await services.peers.create(
        {
          interfaceId: ifaceId,
          name: unwrap(parseConfText('once after planting')),
          type: 'client',
          tunnelMode: 'hub',
          presharedKey: false,
          keepPrivateKey: false,
        },
        ADMIN,
      );
      assert.ok(once.config);
      assert.deepEqual(serverKeys(once.config.text), [kernelKey]);
    } finally {
      setColumn(kernelKey);
      raw.close();
    }
  });
});
