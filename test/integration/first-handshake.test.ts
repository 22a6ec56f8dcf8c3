/**
 * The first end-to-end proof: desired state in a real SQLite file, applied
 * through the in-process Host into a namespace, a client .conf rendered from
 * the database and brought up by the real wg-quick in a second namespace, and
 * traffic through the tunnel visible as a handshake and growing counters.
 */
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseEndpoint,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
} from '../../shared/validate';
import { Runner } from '../../main/host/exec';
import { LocalHost } from '../../main/host/local';
import { locateTools } from '../../main/host/tools';
import { createStore, KeyFileSource, LOCAL_HOST_ID, openDatabase } from '../../main/store';
import {
  buildClientConfig,
  generateKeyPair,
  generatePresharedKey,
  renderWgQuickConf,
} from '../../main/wireguard';
import { useRig, waitFor } from './rig';

const rig = useRig();

test('a stored server and peer handshake through real wg-quick', async () => {
  const srvNs = await rig.namespace('s');
  const cliNs = await rig.namespace('c');
  await rig.link(srvNs, '192.0.2.1', cliNs, '192.0.2.2');

  // Desired state, in a real database file with sealed secrets.
  const db = openDatabase(join(rig.dir, 'wgdesk.db'));
  const store = createStore(db, await new KeyFileSource(rig.dir).load());
  const serverKeys = await generateKeyPair();
  const iface = store.interfaces.insert({
    hostId: LOCAL_HOST_ID,
    name: unwrap(parseInterfaceName(rig.name('s0'))),
    privateKey: serverKeys.privateKey,
    publicKey: serverKeys.publicKey,
    listenPort: unwrap(parsePort(51820)),
    ipv4Address: unwrap(parseInterfaceAddress('10.66.0.1/24')),
    publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51820')),
  });
  const clientKeys = await generateKeyPair();
  const peer = store.peers.insert({
    interfaceId: iface.id,
    name: unwrap(parseConfText('laptop')),
    type: 'client',
    tunnelMode: 'hub',
    publicKey: clientKeys.publicKey,
    privateKey: clientKeys.privateKey,
    presharedKey: generatePresharedKey(),
    addresses: [unwrap(parseCidr('10.66.0.2/32'))],
    keepalive: unwrap(parseKeepalive(1)),
  });

  // Apply it into the server namespace through the in-process Host.
  const host = new LocalHost(new Runner({ tools: locateTools(), netns: srvNs }));
  await host.createInterface(iface.name);
  await host.configure(
    iface.name,
    {
      privateKey: store.interfaces.revealPrivateKey(iface.id),
      listenPort: iface.listenPort,
      fwMark: null,
      peers: [
        {
          publicKey: peer.publicKey,
          presharedKey: store.peers.revealPresharedKey(peer.id),
          allowedIps: peer.addresses,
          endpoint: null,
          persistentKeepalive: unwrap(parseKeepalive(0)),
        },
      ],
    },
    'replace',
  );
  await host.setAddresses(iface.name, iface.ipv4Address === null ? [] : [iface.ipv4Address]);
  await host.setLink(iface.name, { up: true });

  // The client's config, rendered from the database, brought up by real wg-quick.
  const privateKey = store.peers.revealPrivateKey(peer.id);
  assert.ok(privateKey !== null, 'the generated private key was kept');
  const conf = renderWgQuickConf(
    buildClientConfig({
      server: iface,
      peer,
      privateKey,
      presharedKey: store.peers.revealPresharedKey(peer.id),
    }),
  );
  const confPath = join(rig.dir, `${rig.name('c0')}.conf`);
  writeFileSync(confPath, conf, { mode: 0o600 });
  chmodSync(confPath, 0o600);
  await rig.exec(cliNs, 'wg-quick', ['up', confPath]);

  await rig.exec(cliNs, 'ping', ['-c', '3', '-i', '0.2', '-W', '2', '10.66.0.1']);
  await waitFor(
    async () =>
      typeof (await host.readInterface(iface.name)).peers[0]?.latestHandshake === 'number',
    10_000,
    'a handshake in the server dump',
  );
  const first = (await host.readInterface(iface.name)).peers[0];
  assert.ok(first, 'the peer is in the kernel');
  assert.equal(first.publicKey, clientKeys.publicKey);
  assert.equal(first.hasPresharedKey, true);
  assert.match(first.endpoint ?? '', /^192\.0\.2\.2:\d+$/);
  assert.ok(first.rxBytes > 0 && first.txBytes > 0, 'traffic was counted');

  await rig.exec(cliNs, 'ping', ['-c', '5', '-i', '0.2', '-s', '1000', '10.66.0.1']);
  const second = (await host.readInterface(iface.name)).peers[0];
  assert.ok(second, 'the peer is still there');
  assert.ok(second.rxBytes >= first.rxBytes + 5 * 1000, 'RX grew by at least the pings sent');
  assert.ok(second.txBytes >= first.txBytes + 5 * 1000, 'TX grew by at least the replies');

  db.close();
});
