/**
 * The network step runs after every peer change, so it must cost nothing
 * when the change touches nothing it owns: no route, no rule's addresses.
 * Counted at the host: such a change asks root for the peer step alone.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import {
  parseCidr,
  parseConfText,
  parseInterfaceAddress,
  parseInterfaceName,
  parseKeepalive,
  parsePort,
} from '../../../shared/validate';
import type { Host } from '../../../main/host/host';
import type { InterfaceId, PeerId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

test('a peer change that touches no route and no rule asks root for the peer step only', async () => {
  const ns = await rig.namespace('q');
  const calls: string[] = [];
  const counting = (host: Host): Host =>
    new Proxy(host, {
      get: (target, prop, receiver) => {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const { services } = await world(rig, ns, 'wgdesk.db', counting, undefined, join(rig.dir, 'run'));
  const server = await services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(rig.name('q0'))),
      up: true,
      listenPort: unwrap(parsePort(51823)),
      ipv4Address: unwrap(parseInterfaceAddress('10.58.0.1/24')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const create = (label: string) =>
    services.peers.create(
      {
        interfaceId: id,
        name: unwrap(parseConfText(label)),
        type: 'client',
        tunnelMode: 'hub',
        presharedKey: false,
        keepPrivateKey: true,
      },
      ADMIN,
    );
  const alice = (await create('alice')).peer.id as PeerId;
  const bob = (await create('bob')).peer.id as PeerId;
  const during = async (change: () => Promise<unknown>) => {
    calls.length = 0;
    await change();
    return [...calls];
  };
  const keepalive = (n: number) => ({ keepalive: unwrap(parseKeepalive(n)) });

  // Not managed: the peer step, nothing else.
  assert.deepEqual(await during(() => services.peers.update(alice, keepalive(5), ADMIN)), [
    'setPeer',
  ]);
  // Managed, with a rule naming bob: alice's change still asks nothing more.
  await services.network.configure(id, { reach: 'internet', policy: 'isolate' }, ADMIN);
  await services.network.createRule(
    id,
    {
      source: { kind: 'any' },
      destination: { kind: 'peer', peerId: bob },
      protocol: 'tcp',
      ports: [{ from: 22, to: 22 }],
      action: 'allow',
      enabled: true,
    },
    ADMIN,
  );
  assert.deepEqual(await during(() => services.peers.update(alice, keepalive(9), ADMIN)), [
    'setPeer',
  ]);
  // What it owns changes: bob's site is a route and a destination of the rule.
  const site = { extraNetworks: [unwrap(parseCidr('192.168.78.0/24'))] };
  assert.deepEqual(await during(() => services.peers.update(bob, site, ADMIN)), [
    'setPeer',
    'syncRoutes',
    'applyNetwork',
  ]);
});
