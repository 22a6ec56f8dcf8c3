/**
 * The services' database side with a real SQLite file and servers that are
 * down (so no kernel step runs): allocation under concurrency, validation that
 * stores nothing, the audit trail, and the handlers against the contract.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHODS, parseParams, type MethodName } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import { parseConfText, parseInterfaceAddress, parseInterfaceName } from '../../../shared/validate';
import { driftHandlers } from '../../../main/api/handlers/drift';
import { interfaceHandlers } from '../../../main/api/handlers/interfaces';
import { peerHandlers } from '../../../main/api/handlers/peers';
import { createServices, createContext } from '../../../main/services';
import { LOCAL_HOST_ID, type InterfaceId, type PeerId } from '../../../main/store';
import { freshStore } from '../store/helpers';
import { absentKernelHost } from './fake-host';

const ADMIN = { actor: 'admin' };
const calls: string[] = [];
const store = freshStore();
const events: { name: string; payload: unknown }[] = [];
const services = createServices(
  createContext({
    store,
    host: absentKernelHost(calls),
    hostId: LOCAL_HOST_ID,
    now: Date.now,
    events: (name, payload) => events.push({ name, payload }),
  }),
);
const handlers = {
  ...interfaceHandlers(services, ADMIN),
  ...peerHandlers(services, ADMIN),
  ...driftHandlers(services, ADMIN),
};

/** A contract call as the router makes it: params parsed, result checked against the schema. */
async function call(method: MethodName & keyof typeof handlers, raw: unknown): Promise<unknown> {
  const def = METHODS[method];
  const params = parseParams(def.params, raw);
  if (!params.ok) throw params.error;
  const handler = handlers[method] as (p: unknown) => Promise<unknown>;
  return def.result.parse(await handler(params.value));
}

async function server(name: string, address: string): Promise<InterfaceId> {
  const v = await services.interfaces.create(
    {
      name: unwrap(parseInterfaceName(name)),
      up: false,
      ipv4Address: unwrap(parseInterfaceAddress(address)),
    },
    ADMIN,
  );
  return v.id as InterfaceId;
}

const peerInput = (interfaceId: InterfaceId, name: string) => ({
  interfaceId,
  name: unwrap(parseConfText(name)),
  type: 'client' as const,
  tunnelMode: 'hub' as const,
  presharedKey: true,
  keepPrivateKey: true,
});

describe('services over a real store, servers down', () => {
  test('creating or deleting peers tells windows that the server (its peer count) changed', async () => {
    const id = await server('ev0', '10.21.0.1/24');
    const interfacesChanged = () =>
      events.filter(
        (e) =>
          e.name === 'state.changed' &&
          JSON.stringify(e.payload) === JSON.stringify({ what: 'interfaces', ids: [id] }),
      ).length;
    events.length = 0;
    const one = await services.peers.create(peerInput(id, 'ev one'), ADMIN);
    assert.equal(interfacesChanged(), 1, 'after create');
    await services.bulk.create({ ...peerInput(id, 'x'), count: 3, namePattern: 'ev {n}' }, ADMIN);
    assert.equal(interfacesChanged(), 2, 'after bulk create');
    await services.peers.delete([one.peer.id as PeerId], ADMIN);
    assert.equal(interfacesChanged(), 3, 'after delete');
  });

  test('200 concurrent creates never share an address', async () => {
    const id = await server('conc0', '10.20.0.1/24');
    const created = await Promise.all(
      Array.from({ length: 200 }, (_, i) => services.peers.create(peerInput(id, `c${i}`), ADMIN)),
    );
    const addresses = created.map((c) => c.peer.addresses[0]);
    assert.equal(new Set(addresses).size, 200);
    assert.ok(!addresses.includes('10.20.0.1/32'), 'never the server');
    assert.ok(
      created.every((c) => !c.peer.applied),
      'a down server applies nothing yet',
    );
    assert.deepEqual(
      [...new Set(calls)].sort(),
      ['linkState'],
      'no kernel step ran for a down server',
    );
  });

  test('a /29 fills up; the next create is a clear Conflict and stores nothing', async () => {
    const id = await server('full0', '10.30.0.1/29');
    for (let i = 0; i < 5; i++) await services.peers.create(peerInput(id, `f${i}`), ADMIN);
    const before = store.peers.countByInterface(id);
    await assert.rejects(
      services.peers.create(peerInput(id, 'one too many'), ADMIN),
      (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.kind, 'Conflict');
        assert.match(e.message, /10\.30\.0\.0\/29 is full/);
        return true;
      },
    );
    assert.equal(store.peers.countByInterface(id), before);
    await assert.rejects(
      services.bulk.create({ ...peerInput(id, 'x'), count: 2, namePattern: 'x-{n}' }, ADMIN),
      { kind: 'Conflict' },
    );
    assert.equal(store.peers.countByInterface(id), before, 'bulk is all or nothing');
  });

  test('bulk: names from the pattern, addresses in order, limits checked first', async () => {
    const id = await server('bulk0', '10.40.0.1/16');
    const ids = await services.bulk.create(
      { ...peerInput(id, 'x'), count: 1000, namePattern: 'phone {n}' },
      ADMIN,
    );
    assert.equal(ids.length, 1000);
    const peers = store.peers.listByInterface(id);
    assert.equal(peers[999]?.name, 'phone 1000');
    assert.deepEqual(peers[999]?.addresses, ['10.40.3.233/32']);
    assert.ok(peers.every((p) => p.hasPrivateKey && p.hasPresharedKey));
    await assert.rejects(
      services.bulk.create({ ...peerInput(id, 'x'), count: 64_537, namePattern: 'x' }, ADMIN),
      { kind: 'InvalidInput', field: 'count' },
    );
    await assert.rejects(
      services.bulk.create(
        { ...peerInput(id, 'x'), keepPrivateKey: false, count: 2, namePattern: 'x' },
        ADMIN,
      ),
      { kind: 'InvalidInput', field: 'keepPrivateKey' },
    );
  });

  test('bad input through the contract: InvalidInput naming the field, nothing stored', async () => {
    const id = await server('bad0', '10.50.0.1/24');
    const bad: [MethodName & keyof typeof handlers, unknown, string][] = [
      ['peers.create', { interfaceId: id, name: 'x', publicKey: 'not a key' }, 'publicKey'],
      ['peers.create', { interfaceId: id, name: 'x; rm -rf /\n' }, 'name'],
      [
        'peers.create',
        { interfaceId: id, name: 'x', splitNetworks: ['10.0.0.1/8'] },
        'splitNetworks',
      ],
      [
        'peers.create',
        { interfaceId: id, name: 'x', tunnelMode: 'full', splitNetworks: ['10.0.0.0/8'] },
        'splitNetworks',
      ],
      [
        'peers.create',
        { interfaceId: id, name: 'x', extraNetworks: ['10.50.0.0/25'] },
        'extraNetworks',
      ],
      ['peers.create', { interfaceId: id, name: 'x', addresses: ['10.50.0.255/32'] }, 'addresses'],
      ['interfaces.create', { name: 'wg0$(reboot)' }, 'name'],
      ['interfaces.create', { name: 'v6only', ipv4Address: 'fd00::1/64' }, 'ipv4Address'],
      ['interfaces.create', { name: 'clash', ipv4Address: '10.50.0.200/25' }, 'ipv4Address'],
      ['interfaces.create', { name: 'netaddr', ipv4Address: '10.60.0.0/24' }, 'ipv4Address'],
      [
        'interfaces.importConf',
        { name: 'imp', text: '[Interface]\nPrivateKey = nope\n' },
        'line 2: PrivateKey',
      ],
    ];
    const interfacesBefore = store.interfaces.list().length;
    for (const [method, params, field] of bad) {
      await assert.rejects(call(method, params), (e: unknown) => {
        assert.ok(e instanceof AppError, `${method} ${JSON.stringify(params)}`);
        assert.ok(e.kind === 'InvalidInput' || e.kind === 'Conflict', `${e.kind}: ${e.message}`);
        assert.equal(e.field, field, e.message);
        return true;
      });
    }
    assert.equal(store.peers.countByInterface(id), 0);
    assert.equal(store.interfaces.list().length, interfacesBefore);
  });

  test('handlers return contract views; the audit log has who and what, never secrets', async () => {
    const created = (await call('interfaces.create', {
      name: 'audit0',
      up: false,
      ipv4Address: '10.70.0.1/24',
    })) as { id: number; listenPort: number };
    assert.ok(created.listenPort >= 51820, 'a free port was picked');
    const made = (await call('peers.create', {
      interfaceId: created.id,
      name: 'anna',
      tunnelMode: 'split',
      splitNetworks: ['192.168.0.0/16'],
    })) as { peer: { id: number } };
    await call('peers.update', { id: made.peer.id, name: 'anna laptop', keepalive: 25 });
    await assert.rejects(call('peers.update', { id: made.peer.id, tunnelMode: 'hub' }), {
      kind: 'InvalidInput',
      field: 'splitNetworks',
    });
    await assert.rejects(call('peers.config', { id: made.peer.id }), {
      kind: 'InvalidInput',
      field: 'publicEndpoint',
    });
    await call('interfaces.update', { id: created.id, publicEndpoint: 'vpn.example.org:51820' });
    const cfg = (await call('peers.config', { id: made.peer.id })) as {
      filename: string;
      text: string;
    };
    assert.equal(cfg.filename, 'anna-laptop.conf');
    assert.match(cfg.text, /^Endpoint = vpn\.example\.org:51820$/m);
    assert.match(cfg.text, /^AllowedIPs = 10\.70\.0\.0\/24, 192\.168\.0\.0\/16$/m);
    await assert.rejects(call('peers.config', { id: made.peer.id + 1000 }), { kind: 'NotFound' });
    await call('peers.delete', { ids: [made.peer.id] });
    const log = (await call('audit.list', {
      targetType: 'peer',
      targetId: String(made.peer.id),
    })) as {
      action: string;
      actor: string;
      details: Record<string, unknown>;
    }[];
    assert.deepEqual(
      log.map((e) => e.action),
      ['peer.delete', 'peer.update', 'peer.create'],
    );
    assert.ok(log.every((e) => e.actor === 'admin'));
    assert.deepEqual(log[1]?.details, {
      before: { name: 'anna', keepalive: 0 },
      after: { name: 'anna laptop', keepalive: 25 },
    });
    const secrets = [store.interfaces.revealPrivateKey(created.id as InterfaceId)];
    const all = JSON.stringify(store.audit.list({ limit: 1000 }));
    assert.ok(secrets.every((s) => !all.includes(s)));
    assert.ok(!/PrivateKey =|PresharedKey =/.test(all), 'no config text in the log');
    const views = await call('interfaces.list', {});
    assert.ok(Array.isArray(views));
    const exported = (await call('interfaces.exportConf', { id: created.id })) as { text: string };
    assert.match(exported.text, /^Address = 10\.70\.0\.1\/24$/m);
  });
});
