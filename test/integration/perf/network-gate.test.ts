/**
 * Issue 17: a peer step runs the network step (routes, firewall table) only
 * when it can change something. On a server whose network nothing manages,
 * a plain peer's disconnect runs no `ip route`; a site peer's route still
 * follows it out of the kernel and back, and goes when its network is edited
 * away (the step after the last site network still runs).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parsePort,
} from '../../../shared/validate';
import type { Host } from '../../../main/host/host';
import type { InterfaceId, PeerId } from '../../../main/store';
import { generateKeyPair } from '../../../main/wireguard';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

test('the network step runs for site routes only, on a server with no network settings', async () => {
  const ns = await rig.namespace('g');
  let syncs = 0;
  const counting = (host: Host): Host =>
    new Proxy(host, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'syncRoutes') syncs += 1;
        // Bound to the real host: its methods read its private fields.
        return value.bind(target) as unknown;
      },
    });
  const { services } = await world(rig, ns, 'wgdesk.db', counting);
  const server = await services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(rig.name('g0'))),
      up: true,
      listenPort: unwrap(parsePort(51831)),
      ipv4Address: unwrap(parseInterfaceAddress('10.47.0.1/24')),
    },
    ADMIN,
  );
  const interfaceId = server.id as InterfaceId;
  const peer = async (name: string, extra: string[]): Promise<PeerId> => {
    const created = await services.peers.create(
      {
        interfaceId,
        name: unwrap(parseConfText(name)),
        type: extra.length === 0 ? 'client' : 'gateway',
        tunnelMode: 'hub',
        publicKey: (await generateKeyPair()).publicKey,
        presharedKey: false,
        keepPrivateKey: false,
        extraNetworks: extra.map((c) => unwrap(parseCidr(c))),
      },
      ADMIN,
    );
    return created.peer.id as PeerId;
  };
  const plain = await peer('phone', []);
  // The first step of a server in a process runs it: routes left earlier are unknown.
  assert.ok(syncs >= 1, 'first step synced routes');
  syncs = 0;
  await services.access.disconnect([plain], undefined, ADMIN);
  await services.access.reconnect([plain], ADMIN);
  assert.equal(syncs, 0, 'no ip route for a plain peer on an unmanaged server');

  const site = await peer('office', ['192.168.47.0/24']);
  const routes = () => rig.exec(ns, 'ip', ['-4', 'route', 'show']);
  const siteRoute = /192\.168\.47\.0\/24 dev \S+ proto 241/;
  assert.match(await routes(), siteRoute);
  await services.access.disconnect([site], undefined, ADMIN);
  assert.doesNotMatch(await routes(), siteRoute, 'out of the kernel, no route');
  await services.access.reconnect([site], ADMIN);
  assert.match(await routes(), siteRoute, 'back');
  await services.peers.update(site, { extraNetworks: [] }, ADMIN);
  assert.doesNotMatch(await routes(), siteRoute, 'the last site network edited away');
  syncs = 0;
  await services.access.disconnect([plain], undefined, ADMIN);
  assert.equal(syncs, 0, 'no site network left: skipped again');
});
