// The contract methods of the monitor and users, end to end below the
// transport: params through the contract's schemas, the handler, and the
// result checked against the contract's result schema.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHODS, parseParams, type MethodName } from '../../../shared/contract';
import { monitorHandlers } from '../../../main/api/handlers/monitor';
import { userHandlers } from '../../../main/api/handlers/users';
import { createServices, createContext } from '../../../main/services';
import { LOCAL_HOST_ID } from '../../../main/store/types';
import { FakeHost } from './fake-host';
import { addInterface, addPeer, monitorStore } from './helpers';

describe('monitor and users handlers', () => {
  const clock = { t: Date.UTC(2024, 5, 1, 12, 0, 0) };
  const { store } = monitorStore(() => clock.t);
  const host = new FakeHost();
  const ctx = createContext({
    store,
    host,
    hostId: LOCAL_HOST_ID,
    now: () => clock.t,
    events: () => undefined,
  });
  const services = createServices(ctx);
  const caller = { actor: 'admin' };
  const handlers = { ...monitorHandlers(services, caller), ...userHandlers(services, caller) };
  const wg0 = addInterface(store, 'wg0');
  const peer = addPeer(store, wg0.id, 2);
  host.up('wg0');
  host.peer('wg0', peer.publicKey, {
    latestHandshake: clock.t / 1000,
    endpoint: '192.0.2.2:1',
    rxBytes: 10,
  });

  /** Calls a method as the router would, and checks the result against the contract. */
  async function call<M extends keyof typeof handlers & MethodName>(
    method: M,
    raw: unknown,
  ): Promise<unknown> {
    const params = parseParams(METHODS[method].params, raw);
    if (!params.ok) throw params.error;
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    const result = await handler(params.value);
    const checked = METHODS[method].result.safeParse(result);
    assert.ok(checked.success, `${method} result breaks the contract: ${String(checked.error)}`);
    return result;
  }

  test('users, stats, disconnect, reconnect, history, summary, log, csv, limits', async () => {
    await services.monitor.pollOnce();
    const user = (await call('users.create', { name: ' alice ', maxDevices: 1 })) as {
      id: number;
      name: string;
    };
    assert.equal(user.name, 'alice');
    await call('users.update', { id: user.id, email: 'alice@example.com' });
    store.peers.update(peer.id, { userId: user.id as never });
    await services.monitor.pollOnce();
    const users = (await call('users.list', {})) as { devicesOnline: number; atLimit: boolean }[];
    assert.deepEqual(
      users.map((u) => [u.devicesOnline, u.atLimit]),
      [[1, true]],
    );
    const stats = (await call('peers.stats', { interfaceId: wg0.id })) as {
      peers: { status: string }[];
    };
    assert.equal(stats.peers[0]?.status, 'online');
    await call('peers.disconnect', { ids: [peer.id], forSeconds: 900 });
    await call('peers.reconnect', { ids: [peer.id] });
    await call('peers.history', { id: peer.id, from: clock.t - 3_600_000, to: clock.t + 1 });
    await call('interfaces.summary', { id: wg0.id });
    await call('interfaces.history', { id: wg0.id, from: clock.t - 3_600_000, to: clock.t + 1 });
    const entries = (await call('connections.list', { peerId: peer.id })) as { event: string }[];
    assert.deepEqual(
      entries.map((e) => e.event),
      ['admin_reconnect', 'admin_disconnect', 'connected'],
    );
    // By user: what happened while the peer was theirs (it connected before it was assigned).
    const mine = (await call('connections.list', { userId: user.id })) as { event: string }[];
    assert.deepEqual(
      mine.map((e) => e.event),
      ['admin_reconnect', 'admin_disconnect'],
    );
    const csv = (await call('connections.csv', { event: 'admin_disconnect' })) as {
      filename: string;
      text: string;
    };
    assert.match(csv.filename, /^wgdesk-connections-\d{12}\.csv$/);
    assert.equal(csv.text.trimEnd().split('\r\n').length, 2);
    assert.deepEqual(await call('limits.enforceNow', {}), { cuts: [] });
    assert.deepEqual(await call('users.delete', { id: user.id }), { deleted: true });
    await services.stop();
  });

  test('bad params are refused by the contract before any handler runs', () => {
    const bad: [MethodName, unknown, string][] = [
      ['peers.history', { id: 1, from: 10, to: 5 }, 'to'],
      ['peers.history', { id: 1, from: 0, to: 400 * 86_400_000 }, 'from'],
      ['peers.disconnect', { ids: [] }, 'ids'],
      ['peers.disconnect', { ids: [1], forSeconds: 0 }, 'forSeconds'],
      ['connections.list', { event: 'rebooted' }, 'event'],
      ['connections.list', { limit: 5000 }, 'limit'],
      ['users.create', { name: '' }, 'name'],
      ['users.create', { name: 'x', maxDevices: -1 }, 'maxDevices'],
      ['users.create', { name: 'bell\u0007' }, 'name'],
      ['users.update', { id: 1, bogus: true }, 'params'],
    ];
    for (const [method, raw, field] of bad) {
      const r = parseParams(METHODS[method].params, raw);
      assert.equal(r.ok, false, `${method} ${JSON.stringify(raw)}`);
      if (!r.ok) assert.equal(r.error.field, field, `${method} ${JSON.stringify(raw)}`);
    }
  });
});
