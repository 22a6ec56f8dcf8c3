/**
 * A network change whose apply the kernel refuses changes nothing: the
 * server's settings and rules are put back as they were, nothing is audited,
 * and wgdesk's table in the kernel is byte-for-byte the one before. So does
 * a peer change whose firewall apply is refused: the peer step is undone in
 * the database and in WireGuard. The refusal is nft's own: the host in front
 * of the real one hands it, once, a ruleset naming the same server twice
 * (nft: "File exists").
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
import type { NetworkRuleset } from '../../../main/host/network/ruleset';
import type { InterfaceId, PeerId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

/** The real host, except that the next apply it is told to refuse goes to nft with its server twice. */
function refusingHost() {
  const refuse = { next: false };
  const wrap = (host: Host): Host =>
    new Proxy(host, {
      get: (target, prop, receiver) => {
        if (prop !== 'applyNetwork') {
          const value = Reflect.get(target, prop, receiver) as unknown;
          // Bound to the real host: its methods read its private fields (#shaped).
          return typeof value === 'function' ? (value.bind(target) as unknown) : value;
        }
        return (rs: NetworkRuleset) => {
          const twice = refuse.next && rs.servers[0] !== undefined;
          refuse.next = false;
          const servers = twice ? [...rs.servers, ...rs.servers] : rs.servers;
          return target.applyNetwork?.({ ...rs, servers });
        };
      },
    });
  return { refuse, wrap };
}

test('a refused apply leaves the database and the kernel table as they were', async () => {
  const ns = await rig.namespace('s');
  const { refuse, wrap: refusing } = refusingHost();
  const { services, store } = await world(rig, ns, 'wgdesk.db', refusing);
  const server = await services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(rig.name('s0'))),
      up: true,
      listenPort: unwrap(parsePort(51820)),
      ipv4Address: unwrap(parseInterfaceAddress('10.45.0.1/24')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  await services.network.configure(id, { reach: 'internet', policy: 'isolate' }, ADMIN);
  const input = {
    source: { kind: 'any' },
    destination: { kind: 'internet' },
    protocol: 'tcp',
    ports: [{ from: 443, to: 443 }],
    action: 'allow',
    enabled: true,
  } as const;
  const rule = await services.network.createRule(id, input, ADMIN);
  const state = async () => ({
    snapshot: store.network.snapshot(id),
    audit: store.audit.list({ limit: 1000 }).length,
    table: await rig.exec(ns, 'nft', ['list', 'table', 'inet', 'wgdesk']),
  });
  const before = await state();
  assert.match(before.table, /comment "r\d+" : accept/);

  const changes: [string, () => Promise<unknown>][] = [
    ['configure', () => services.network.configure(id, { policy: 'deny' }, ADMIN)],
    [
      'create',
      () => services.network.createRule(id, { ...input, action: 'deny', priority: 1 }, ADMIN),
    ],
    ['update', () => services.network.updateRule(rule.id, { action: 'deny' }, ADMIN)],
    ['delete', () => services.network.deleteRule(rule.id, ADMIN)],
  ];
  for (const [what, change] of changes) {
    refuse.next = true;
    await assert.rejects(change(), /nothing was changed.*File exists/s, what);
    assert.deepEqual(await state(), before, what);
  }
  // And the same change goes through once the kernel takes it.
  await services.network.updateRule(rule.id, { action: 'deny' }, ADMIN);
  assert.match(
    await rig.exec(ns, 'nft', ['list', 'table', 'inet', 'wgdesk']),
    /comment "r\d+" : drop/,
  );
});

test('a peer change whose firewall apply is refused is undone in the database and in WireGuard', async () => {
  const ns = await rig.namespace('p');
  const { refuse, wrap } = refusingHost();
  const { services, store } = await world(rig, ns, 'peers.db', wrap);
  const name = unwrap(parseInterfaceName(rig.name('p0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51821)),
      ipv4Address: unwrap(parseInterfaceAddress('10.46.0.1/24')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  await services.network.configure(id, { reach: 'internet', policy: 'isolate' }, ADMIN);
  const { peer } = await services.peers.create(
    {
      interfaceId: id,
      name: unwrap(parseConfText('alice')),
      type: 'client',
      tunnelMode: 'hub',
      presharedKey: false,
      keepPrivateKey: true,
    },
    ADMIN,
  );
  const peerId = peer.id as PeerId;
  // A rule naming the peer: its addresses are in the table, so changing them applies it.
  await services.network.createRule(
    id,
    {
      source: { kind: 'any' },
      destination: { kind: 'peer', peerId },
      protocol: 'tcp',
      ports: [{ from: 22, to: 22 }],
      action: 'allow',
      enabled: true,
    },
    ADMIN,
  );
  const state = async () => ({
    // The settings put back, as an edit of their own (its time is the revert's).
    row: { ...store.peers.require(peerId), updatedAt: 0 },
    wg: await rig.exec(ns, 'wg', ['show', name, 'allowed-ips']),
    routes: await rig.exec(ns, 'ip', ['route', 'show', 'dev', name]),
    table: await rig.exec(ns, 'nft', ['list', 'table', 'inet', 'wgdesk']),
  });
  const before = await state();
  assert.match(before.wg, /10\.46\.0\.2\/32/);
  assert.match(before.table, /10\.46\.0\.2 \. tcp \. 22/);

  refuse.next = true;
  // Its site: a route, an allowed IP and a destination of the rule, all refused with the table.
  const site = { extraNetworks: [unwrap(parseCidr('192.168.77.0/24'))] };
  await assert.rejects(services.peers.update(peerId, site, ADMIN), /File exists/);
  const after = await state();
  assert.deepEqual(after, before);
  assert.equal(after.row.applied, true);

  // Once nft takes it, the same change goes through, in WireGuard and in the table.
  await services.peers.update(peerId, site, ADMIN);
  const done = await state();
  for (const text of [done.wg, done.routes, done.table]) assert.match(text, /192\.168\.77\.0\/24/);
});
