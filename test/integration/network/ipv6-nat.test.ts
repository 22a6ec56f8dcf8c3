/**
 * IPv6 masquerade, with real packets: a full-tunnel client with an IPv6
 * address reaches an IPv6 "internet" host behind the server's uplink
 * (documentation prefix 2001:db8::/32), which sees the server's uplink
 * address as the source when the admin chose IPv6 masquerade, and the
 * client's own address when not (the host routes the tunnel's prefix back
 * through the server, so only NAT tells the two apart).
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
import type { InterfaceId, PeerId } from '../../../main/store';
import { useRig } from '../rig';
import { Lan } from '../services/net';
import { ADMIN, clientUp, world } from '../services/setup';
import { connects, listen } from './tcp';

const rig = useRig();

const UPLINK6 = '2001:db8:1::1';
const HOST6 = '2001:db8:1::2';

test('a full tunnel reaches an IPv6 internet host masqueraded only when IPv6 masquerade is on', async () => {
  const lan = await Lan.create(rig, 's');
  const srv = lan.server;
  const inet = await rig.namespace('i');
  await rig.link(srv, '198.51.100.1', inet, '198.51.100.2');
  await rig.exec(srv, 'ip', ['-6', 'address', 'add', `${UPLINK6}/64`, 'dev', `${srv}v`, 'nodad']);
  await rig.exec(inet, 'ip', ['-6', 'address', 'add', `${HOST6}/64`, 'dev', `${inet}v`, 'nodad']);
  await rig.exec(srv, 'ip', ['route', 'add', 'default', 'via', '198.51.100.2']);
  await rig.exec(srv, 'ip', ['-6', 'route', 'add', 'default', 'via', HOST6]);
  // The way back to the tunnel's own prefix: without NAT, the host answers the client itself.
  await rig.exec(inet, 'ip', ['-6', 'route', 'add', 'fd57::/64', 'via', UPLINK6]);
  const { services } = await world(
    rig,
    srv,
    'wgdesk.db',
    undefined,
    undefined,
    join(rig.dir, 'run'),
  );

  const server = await services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(rig.name('s0'))),
      up: true,
      listenPort: unwrap(parsePort(51822)),
      ipv4Address: unwrap(parseInterfaceAddress('10.57.0.1/24')),
      ipv6Address: unwrap(parseInterfaceAddress('fd57::1/64')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51822')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const { peer } = await services.peers.create(
    {
      interfaceId: id,
      name: unwrap(parseConfText('alice')),
      type: 'client',
      tunnelMode: 'full',
      presharedKey: false,
      keepPrivateKey: true,
    },
    ADMIN,
  );
  const own6 = (peer.addresses.find((a) => a.includes(':')) ?? '').replace('/128', '');
  assert.match(own6, /^fd57::/);
  const client = await lan.client('a');
  await clientUp(rig, client, rig.name('ca'), services.configs.forPeer(peer.id as PeerId).text);
  const host = await listen(inet, HOST6, [8080, 8081]);

  await services.network.configure(
    id,
    { reach: 'internet', policy: 'allow', masqueradeIpv6: true },
    ADMIN,
  );
  assert.equal(await connects(client, HOST6, 8080, 5000), true, 'masqueraded');
  assert.deepEqual(
    host.accepted.filter((c) => c.endsWith(' 8080')),
    [`${UPLINK6} 8080`],
    'seen as the uplink',
  );

  await services.network.configure(id, { masqueradeIpv6: false }, ADMIN);
  assert.equal(await connects(client, HOST6, 8081, 5000), true, 'routed back');
  assert.deepEqual(
    host.accepted.filter((c) => c.endsWith(' 8081')),
    [`${own6} 8081`],
    'seen as the client itself',
  );
  host.stop();
});
