/**
 * A VPN that carries traffic, with real packets between namespaces: a full
 * tunnel masqueraded out of the uplink, a site behind a gateway peer routed,
 * client isolation with one allow rule, a deny that ends a running flow
 * (conntrack) while another peer's goes on, an admin's own nft table left
 * byte-for-byte alone, and bad input refused before anything is applied.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { METHODS, parseParams } from '../../../shared/contract';
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
import { useRig, waitFor } from '../rig';
import { Lan } from '../services/net';
import { ADMIN, appError, clientUp, ping, world } from '../services/setup';
import { connects, listen, tick } from './tcp';

const rig = useRig();

const ADMIN_TABLE = `table ip admins_own {
	set blocked {
		type ipv4_addr
		elements = { 203.0.113.9 }
	}

	chain guard {
		type filter hook forward priority 10; policy accept;
		ip saddr @blocked drop
	}
}
`;

test('forwarding, NAT, routes to sites and access rules carry real traffic', async (t) => {
  const lan = await Lan.create(rig, 's');
  const srv = lan.server;
  const inet = await rig.namespace('i');
  await rig.link(srv, '198.51.100.1', inet, '198.51.100.2');
  await rig.exec(srv, 'ip', ['route', 'add', 'default', 'via', '198.51.100.2']);
  await rig.exec(srv, 'sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
  await rig.exec(srv, 'nft', ['-f', '-'], ADMIN_TABLE);
  const adminTable = () => rig.exec(srv, 'nft', ['list', 'table', 'ip', 'admins_own']);
  const pristine = await adminTable();
  const forwarding = async () =>
    (await rig.exec(srv, 'sysctl', ['-n', 'net.ipv4.ip_forward'])).trim();
  const { services, store } = await world(
    rig,
    srv,
    'wgdesk.db',
    undefined,
    undefined,
    join(rig.dir, 'run'),
  );

  const name = unwrap(parseInterfaceName(rig.name('s0')));
  const server = await services.interfaces.create(
    {
      name,
      up: true,
      listenPort: unwrap(parsePort(51820)),
      ipv4Address: unwrap(parseInterfaceAddress('10.55.0.1/24')),
      publicEndpoint: unwrap(parseEndpoint('192.0.2.1:51820')),
    },
    ADMIN,
  );
  const id = server.id as InterfaceId;
  const peer = (
    label: string,
    type: 'client' | 'gateway',
    mode: 'full' | 'hub',
    extra: string[] = [],
  ) =>
    services.peers.create(
      {
        interfaceId: id,
        name: unwrap(parseConfText(label)),
        type,
        tunnelMode: mode,
        extraNetworks: extra.map((c) => unwrap(parseCidr(c))),
        keepalive: unwrap(parseKeepalive(1)),
        presharedKey: false,
        keepPrivateKey: true,
      },
      ADMIN,
    );
  const a = await peer('alice', 'client', 'full');
  const b = await peer('bob', 'client', 'hub');
  const c = await peer('carol', 'client', 'full');
  const g = await peer('site gateway', 'gateway', 'hub', ['192.168.50.0/24']);
  const addr = (p: typeof a) => (p.peer.addresses[0] ?? '').replace('/32', '');

  await t.test(
    'a gateway peer’s site gets a route through the interface, with the peer',
    async () => {
      const routes = await rig.exec(srv, 'ip', ['route', 'show', '192.168.50.0/24']);
      assert.match(routes, new RegExp(`192\\.168\\.50\\.0/24 dev ${name} proto 241`));
      assert.deepEqual((await services.network.get(id)).routeConflicts, []);
    },
  );

  // Clients: namespaces on the bridge running the configs wgdesk made.
  const ns = {
    a: await lan.client('a'),
    b: await lan.client('b'),
    c: await lan.client('c'),
    g: await lan.client('g'),
  };
  const site = await rig.namespace('l');
  await rig.link(ns.g, '192.168.50.1', site, '192.168.50.2');
  await rig.exec(site, 'ip', ['route', 'add', 'default', 'via', '192.168.50.1']);
  await rig.exec(ns.g, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
  for (const [k, p] of [
    ['a', a],
    ['b', b],
    ['c', c],
    ['g', g],
  ] as const) {
    await clientUp(
      rig,
      ns[k],
      rig.name(`c${k}`),
      services.configs.forPeer(p.peer.id as PeerId).text,
    );
  }
  const internet = await listen(inet, '198.51.100.2', [8080]);

  await t.test(
    'unmanaged, nothing is forwarded; managed, a full tunnel reaches the internet masqueraded',
    async () => {
      assert.equal(await connects(ns.a, '198.51.100.2', 8080), false, 'no forwarding before');
      const view = await services.network.configure(
        id,
        { reach: 'internet', policy: 'allow' },
        ADMIN,
      );
      assert.equal(view.managed, true);
      assert.equal(view.uplinkInUse, `${srv}v`, 'the device of the default route');
      assert.equal(await forwarding(), '1');
      assert.equal(await connects(ns.a, '198.51.100.2', 8080, 5000), true);
      assert.ok(
        internet.accepted.includes('198.51.100.1 8080'),
        `seen as the uplink: ${internet.accepted.join()}`,
      );
      assert.equal(await adminTable(), pristine);
    },
  );

  await t.test(
    'a client reaches a host on the LAN behind the gateway, and peers reach each other',
    async () => {
      await ping(rig, ns.a, '192.168.50.2');
      await ping(rig, ns.a, addr(b));
    },
  );

  await t.test('isolation: no peer-to-peer, except exactly one allowed tcp/22', async () => {
    const bob = await listen(ns.b, '0.0.0.0', [22, 23]);
    await services.network.configure(id, { policy: 'isolate' }, ADMIN);
    await assert.rejects(ping(rig, ns.a, addr(b), 2));
    assert.equal(await connects(ns.a, addr(b), 22), false);
    const rule = await services.network.createRule(
      id,
      {
        source: { kind: 'peer', peerId: a.peer.id as PeerId },
        destination: { kind: 'peer', peerId: b.peer.id as PeerId },
        protocol: 'tcp',
        ports: [{ from: 22, to: 22 }],
        action: 'allow',
        enabled: true,
      },
      ADMIN,
    );
    assert.equal(await connects(ns.a, addr(b), 22, 5000), true, 'tcp/22 passes');
    assert.equal(await connects(ns.a, addr(b), 23), false, 'tcp/23 does not');
    assert.equal(await connects(ns.c, addr(b), 22), false, 'nor carol’s tcp/22');
    await assert.rejects(ping(rig, ns.a, addr(b), 2), 'nor ping');
    assert.deepEqual(
      bob.accepted.map((x) => x.split(' ')),
      [[addr(a), '22']],
    );
    const explained = services.network.explain({
      interfaceId: id,
      from: { peerId: a.peer.id as PeerId },
      to: { peerId: b.peer.id as PeerId },
      protocol: 'tcp',
      port: 22,
    });
    assert.deepEqual([explained.allowed, explained.ruleId], [true, rule.id]);
    const other = services.network.explain({
      interfaceId: id,
      from: { peerId: a.peer.id as PeerId },
      to: { peerId: b.peer.id as PeerId },
      protocol: 'tcp',
      port: 23,
    });
    assert.deepEqual([other.allowed, other.decidedBy], [false, 'policy']);
    const counted = (await services.network.get(id)).rules.find((r) => r.id === rule.id);
    assert.ok((counted?.packets ?? 0) > 0, 'the rule counts its packets');
    assert.equal(await adminTable(), pristine);
    bob.stop();
  });

  await t.test('a new deny ends a running flow (conntrack); another peer’s goes on', async () => {
    const alice = tick(ns.a, '198.51.100.2', 8080);
    const carol = tick(ns.c, '198.51.100.2', 8080);
    await waitFor(() => alice.echoes() > 3 && carol.echoes() > 3, 10_000, 'both flows');
    await services.network.createRule(
      id,
      {
        source: { kind: 'peer', peerId: a.peer.id as PeerId },
        destination: { kind: 'internet' },
        protocol: 'any',
        ports: [],
        action: 'deny',
        enabled: true,
      },
      ADMIN,
    );
    // Echoes in flight when the rule landed may still arrive: count from a moment later.
    await new Promise((r) => setTimeout(r, 300));
    const [a0, c0] = [alice.echoes(), carol.echoes()];
    await waitFor(() => carol.echoes() > c0 + 10, 10_000, 'carol’s flow going on');
    assert.equal(alice.echoes(), a0, 'alice’s flow stopped');
    alice.stop();
    carol.stop();
    assert.equal(await adminTable(), pristine);
  });

  await t.test('bad input is InvalidInput naming the field, and nothing is applied', async () => {
    const table = async () =>
      (await rig.exec(srv, 'nft', ['list', 'table', 'inet', 'wgdesk'])).replace(
        /packets \d+ bytes \d+/g,
        '',
      );
    const before = await table();
    const rulesBefore = store.network.rules(id).length;
    const create = METHODS['network.rules.create'].params;
    const base = {
      interfaceId: id,
      source: { kind: 'any' },
      destination: { kind: 'internet' },
      action: 'deny',
    };
    for (const [raw, field] of [
      [{ ...base, protocol: 'tcp', ports: '0' }, 'ports'],
      [{ ...base, protocol: 'tcp', ports: '22, 65536' }, 'ports'],
      [{ ...base, source: { kind: 'cidr', cidr: '10.55.0.7/24' } }, 'source.cidr'],
    ] as const) {
      const r = parseParams(create, raw);
      assert.equal(r.ok, false);
      if (!r.ok) assert.deepEqual([r.error.kind, r.error.field], ['InvalidInput', field]);
    }
    const unknown = await appError(() =>
      services.network.createRule(
        id,
        {
          source: { kind: 'peer', peerId: 999_999 as PeerId },
          destination: { kind: 'any' },
          protocol: 'any',
          ports: [],
          action: 'deny',
          enabled: true,
        },
        ADMIN,
      ),
    );
    assert.deepEqual([unknown.kind, unknown.field], ['InvalidInput', 'source.peerId']);
    // Too large: fill the table past the limit behind the service's back, then ask for one more.
    const filler = store.transaction(() =>
      Array.from(
        { length: 20_000 },
        (_, i) =>
          store.network.insertRule(id, {
            source: { kind: 'any' },
            destination: {
              kind: 'cidr',
              cidr: unwrap(parseCidr(`10.${100 + (i >> 8)}.${i & 255}.0/24`)),
            },
            protocol: 'any',
            ports: [],
            action: 'allow',
            priority: 1000 + i,
            enabled: true,
          }).id,
      ),
    );
    const large = await appError(() =>
      services.network.createRule(
        id,
        {
          source: { kind: 'any' },
          destination: { kind: 'any' },
          protocol: 'any',
          ports: [],
          action: 'deny',
          enabled: true,
        },
        ADMIN,
      ),
    );
    assert.deepEqual([large.kind, large.field], ['InvalidInput', 'rules']);
    store.transaction(() => filler.forEach((r) => store.network.deleteRule(r)));
    assert.equal(store.network.rules(id).length, rulesBefore, 'nothing stored');
    assert.equal(await table(), before, 'nothing applied');
  });

  await t.test(
    'deleting the server removes wgdesk’s table and restores forwarding; the admin’s table stays',
    async () => {
      internet.stop();
      await services.interfaces.delete(id, ADMIN);
      assert.doesNotMatch(await rig.exec(srv, 'nft', ['list', 'tables']), /wgdesk/);
      assert.equal(await forwarding(), '0');
      assert.equal(await adminTable(), pristine);
    },
  );
});
