/**
 * A network change whose apply the kernel refuses changes nothing: the
 * server's settings and rules are put back as they were, nothing is audited,
 * and wgdesk's table in the kernel is byte-for-byte the one before. The
 * refusal is nft's own: the host in front of the real one hands it, once, a
 * ruleset naming the same server twice (nft: "File exists").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseInterfaceAddress, parseInterfaceName, parsePort } from '../../../shared/validate';
import type { Host } from '../../../main/host/host';
import type { NetworkRuleset } from '../../../main/host/network/ruleset';
import type { InterfaceId } from '../../../main/store';
import { useRig } from '../rig';
import { ADMIN, world } from '../services/setup';

const rig = useRig();

test('a refused apply leaves the database and the kernel table as they were', async () => {
  const ns = await rig.namespace('s');
  let refuseNext = false;
  const refusing = (host: Host): Host =>
    new Proxy(host, {
      get: (target, prop, receiver) => {
        if (prop !== 'applyNetwork') return Reflect.get(target, prop, receiver) as unknown;
        return (rs: NetworkRuleset) => {
          const twice = refuseNext && rs.servers[0] !== undefined;
          refuseNext = false;
          const servers = twice ? [...rs.servers, ...rs.servers] : rs.servers;
          return target.applyNetwork?.({ ...rs, servers });
        };
      },
    });
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
  assert.match(before.table, /counter name "r\d+" accept/);

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
    refuseNext = true;
    await assert.rejects(change(), /nothing was changed.*File exists/s, what);
    assert.deepEqual(await state(), before, what);
  }
  // And the same change goes through once the kernel takes it.
  await services.network.updateRule(rule.id, { action: 'deny' }, ADMIN);
  assert.match(
    await rig.exec(ns, 'nft', ['list', 'table', 'inet', 'wgdesk']),
    /counter name "r\d+" drop/,
  );
});
