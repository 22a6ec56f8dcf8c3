import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InterfaceView } from '../../../shared/contract';
import { makeActions } from '../../../renderer/actions';
import { serverReads } from '../../../renderer/lib/server-refresh';
import { createAppStore, type AppStore } from '../../../renderer/store';
import { startSync } from '../../../renderer/store/sync';
import { fakeMainWith, type FakeMain } from './fake-main';
import { peer, server, stats } from './fixtures';

// The page's refresh path, counted: store/sync.ts against a FAKE main that
// records every call. Each test lets the first load finish, forgets it, then
// counts only what one push (or one action and the pushes main sends for it) costs.

const NO_FILES = { text: () => undefined, base64: () => undefined };

async function started(fake: FakeMain): Promise<AppStore> {
  const store = createAppStore();
  startSync(fake.client, store);
  await fake.settled();
  fake.forget();
  return store;
}

/** Which servers the recorded calls were about. */
function serversNamed(fake: FakeMain): number[] {
  return fake.calls.flatMap(({ params }) => {
    const p = params as { id?: number; interfaceId?: number };
    return [p.id ?? p.interfaceId ?? []].flat();
  });
}

describe('sync: a server that changed', () => {
  test('one new peer on server 1 reads server 1 and its summary, nothing of the others', async () => {
    const servers = [server(1), server(2), server(3)];
    const fake = fakeMainWith(servers);
    const store = await started(fake);
    servers[0] = server(1, { peerCount: 1 });
    fake.push('state.changed', { what: 'interfaces', ids: [1] });
    await fake.settled();
    assert.deepEqual(fake.methods(), ['interfaces.get', 'interfaces.summary']);
    assert.deepEqual(serversNamed(fake), [1, 1]);
    assert.equal(store.getState().interfaces?.find((i) => i.id === 1)?.peerCount, 1);
    assert.deepEqual(store.getState().notices, []);
  });

  test('a server brought up gets its live numbers, summary and drift read again', async () => {
    const servers = [server(1, { up: false, exists: false }), server(2)];
    const fake = fakeMainWith(servers);
    await started(fake);
    servers[0] = server(1, { updatedAt: 5 });
    fake.push('state.changed', { what: 'interfaces', ids: [1] });
    await fake.settled();
    assert.deepEqual(fake.methods().sort(), [
      'drift.get',
      'interfaces.get',
      'interfaces.summary',
      'peers.stats',
    ]);
    assert.deepEqual(new Set(serversNamed(fake)), new Set([1]));
  });

  test('a deleted server leaves the store, and nothing more is read', async () => {
    const servers = [server(1), server(2)];
    const fake = fakeMainWith(servers);
    const store = await started(fake);
    servers.splice(0, 1);
    fake.push('state.changed', { what: 'interfaces', ids: [1] });
    await fake.settled();
    assert.deepEqual(fake.methods(), ['interfaces.get']);
    assert.deepEqual(
      store.getState().interfaces?.map((i) => i.id),
      [2],
    );
    assert.deepEqual(store.getState().notices, [], 'a server that is gone is not an error');
  });

  test('without ids, the whole list is read again', async () => {
    const fake = fakeMainWith([server(1), server(2)]);
    await started(fake);
    fake.push('state.changed', { what: 'interfaces' });
    await fake.settled();
    assert.equal(fake.methods()[0], 'interfaces.list');
    assert.equal(fake.calls.length, 1 + 3 * 2);
  });

  test('two changes of one server in a row: the later view stays, even if answers cross', async () => {
    let releaseFirst = (): void => undefined;
    let gets = 0;
    const fake = fakeMainWith([server(1)], {
      // Main's n-th answer has n peers; the first is held back until the second change is pushed.
      'interfaces.get': () => {
        gets++;
        const view = server(1, { peerCount: gets });
        if (gets > 1) return view;
        return new Promise((resolve) => (releaseFirst = () => resolve(view)));
      },
    });
    const store = await started(fake);
    fake.push('state.changed', { what: 'interfaces', ids: [1] });
    fake.push('state.changed', { what: 'interfaces', ids: [1] });
    await new Promise((resolve) => setImmediate(resolve));
    releaseFirst();
    await fake.settled();
    assert.equal(gets, 2);
    assert.equal(store.getState().interfaces?.[0]?.peerCount, 2);
  });

  test('drift named for one server is read for that server only', async () => {
    const fake = fakeMainWith([server(1), server(2), server(3)]);
    await started(fake);
    fake.push('state.changed', { what: 'drift', ids: [2] });
    await fake.settled();
    assert.deepEqual(fake.calls, [{ method: 'drift.get', params: { interfaceId: 2 } }]);
  });
});

describe('sync: an action and the pushes main sends for it', () => {
  test('creating a peer costs 4 calls, however many servers there are', async () => {
    const servers = [server(1), server(2), server(3)];
    const fake = fakeMainWith(servers, {
      'peers.list': () => [],
      'peers.get': ({ id }) => peer(Number(id)),
      'peers.create': () => {
        // What main's PeerService.create emits.
        servers[0] = server(1, { peerCount: 1 });
        fake.push('state.changed', { what: 'peers', ids: [7] });
        fake.push('state.changed', { what: 'interfaces', ids: [1] });
        return { peer: peer(7), config: null };
      },
    });
    const store = await started(fake);
    await makeActions(fake.client, store, NO_FILES).createPeer({ interfaceId: 1, name: 'laptop' });
    await fake.settled();
    assert.deepEqual(fake.methods().sort(), [
      'interfaces.get',
      'interfaces.summary',
      'peers.create',
      'peers.get',
    ]);
  });

  test('a disconnect reloads the peer once: on main’s push, not by itself', async () => {
    const fake = fakeMainWith([server(1)], {
      'peers.list': () => [peer(1)],
      'peers.get': ({ id }) => peer(Number(id), { disconnected: true }),
      'peers.disconnect': ({ ids }) => {
        // What main's AccessService emits once the kernel change is made.
        fake.push('state.changed', { what: 'peers', ids: ids.map(Number) });
        fake.push('state.changed', { what: 'logs' });
        return [stats(1, { status: 'disconnected' })];
      },
    });
    const store = await started(fake);
    const ok = makeActions(fake.client, store, NO_FILES).disconnect([1]);
    await ok;
    await fake.settled();
    assert.deepEqual(fake.methods(), ['peers.disconnect', 'peers.get']);
    assert.equal(store.getState().peerById.get(1)?.disconnected, true);
  });
});

describe('serverReads', () => {
  const base = server(1, { peerCount: 3, updatedAt: 10 });
  const cases: [string, InterfaceView | undefined, InterfaceView, string][] = [
    ['new to the page', undefined, base, 'stats summary drift'],
    ['nothing moved', base, { ...base }, ''],
    ['a peer added', base, { ...base, peerCount: 4 }, 'summary'],
    ['settings saved', base, { ...base, updatedAt: 11 }, 'summary drift'],
    ['brought down', base, { ...base, up: false, exists: false }, 'stats summary drift'],
    ['link up again by itself', { ...base, up: false }, base, 'stats summary drift'],
  ];
  for (const [name, before, after, want] of cases) {
    test(name, () => {
      const r = serverReads(before, after);
      const got = (['stats', 'summary', 'drift'] as const).filter((k) => r[k]).join(' ');
      assert.equal(got, want);
    });
  }
});
