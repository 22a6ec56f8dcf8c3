import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHODS } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { createRouter, INTERNAL_MESSAGE, type ErrorLog } from '../../../main/api/router';
import type { Caller } from '../../../main/services/context';
import { deferred, fakeHandlers } from './fake-handlers';

const admin: Caller = { actor: 'admin' };
const caps = {
  root: false,
  wg: true,
  wireguardGo: true,
  ip: true,
  nft: false,
  tc: true,
  conntrack: false,
};

function recordingLog(): { log: ErrorLog; entries: { context: string; error: unknown }[] } {
  const entries: { context: string; error: unknown }[] = [];
  return { log: (context, error) => entries.push({ context, error }), entries };
}

describe('api router', () => {
  test('answers exactly the contract methods', () => {
    const router = createRouter(fakeHandlers(), { log: () => undefined });
    assert.deepEqual([...router.methods].sort(), Object.keys(METHODS).sort());
  });

  test('an unknown method is InvalidInput on the field "method"', async () => {
    const router = createRouter(fakeHandlers(), { log: () => undefined });
    for (const name of ['nope', '__proto__', 'constructor', 'toString', '']) {
      const r = await router.call(name, {}, admin);
      assert.equal(r.ok, false, name);
      if (!r.ok) {
        assert.equal(r.error.kind, 'InvalidInput');
        assert.equal(r.error.field, 'method');
      }
    }
  });

  test('params are validated before the handler runs, and arrive parsed', async () => {
    const seen: unknown[] = [];
    const router = createRouter(
      fakeHandlers({
        'peers.qr': async (p) => {
          seen.push(p);
          return { mime: 'image/png', data: '' };
        },
      }),
      { log: () => undefined },
    );
    const bad = await router.call('peers.qr', { id: 'x; rm -rf /' }, admin);
    assert.deepEqual(bad.ok ? undefined : bad.error.field, 'id');
    const extra = await router.call('peers.qr', { id: 1, shell: '$(id)' }, admin);
    assert.equal(extra.ok, false, 'unknown keys are refused (strict objects)');
    assert.equal(seen.length, 0, 'the handler never saw invalid params');
    const good = await router.call('peers.qr', { id: 3 }, admin);
    assert.equal(good.ok, true);
    assert.deepEqual(seen, [{ id: 3, format: 'png' }], 'defaults applied');
  });

  test('a thrown AppError becomes its wire form', async () => {
    const router = createRouter(
      fakeHandlers({
        'interfaces.get': () =>
          Promise.reject(new AppError('NotFound', 'interface 9 does not exist', 'id')),
      }),
      { log: () => undefined },
    );
    const r = await router.call('interfaces.get', { id: 9 }, admin);
    assert.deepEqual(r, {
      ok: false,
      error: { kind: 'NotFound', message: 'interface 9 does not exist', field: 'id' },
    });
  });

  test('any other error is a fixed Internal message; the real one goes only to the log', async () => {
    const { log, entries } = recordingLog();
    const secret = 'kPrivateKeyMaterial0000000000000000000000000=';
    const router = createRouter(
      fakeHandlers({ 'peers.config': () => Promise.reject(new Error(`boom ${secret}`)) }),
      { log },
    );
    const r = await router.call('peers.config', { id: 1 }, { actor: 'cli' });
    assert.deepEqual(r, { ok: false, error: { kind: 'Internal', message: INTERNAL_MESSAGE } });
    assert.equal(JSON.stringify(r).includes(secret), false);
    assert.equal(entries.length, 1);
    assert.match(entries[0]?.context ?? '', /peers\.config.*cli/);
    assert.match(String(entries[0]?.error), /boom/);
  });

  test('mutating methods run one at a time, in order; reads do not wait', async () => {
    const first = deferred();
    const started = deferred();
    const order: string[] = [];
    const router = createRouter(
      fakeHandlers({
        'peers.delete': async (p) => {
          order.push(`delete ${p.ids.join()} start`);
          if (p.ids[0] === 1) {
            started.resolve();
            await first.promise;
          }
          order.push(`delete ${p.ids.join()} end`);
          return { deleted: p.ids.length };
        },
        'system.capabilities': async () => {
          order.push('read');
          return caps;
        },
      }),
      { log: () => undefined },
    );
    const a = router.call('peers.delete', { ids: [1] }, admin);
    const b = router.call('peers.delete', { ids: [2] }, admin);
    await started.promise;
    await router.call('system.capabilities', {}, admin);
    assert.deepEqual(order, ['delete 1 start', 'read'], 'b waits for a; the read does not');
    first.resolve();
    await Promise.all([a, b]);
    assert.deepEqual(order, [
      'delete 1 start',
      'read',
      'delete 1 end',
      'delete 2 start',
      'delete 2 end',
    ]);
  });

  test('a failed mutation does not block the queue', async () => {
    const router = createRouter(
      fakeHandlers({
        'peers.delete': async (p) => {
          if (p.ids[0] === 1) throw new AppError('Conflict', 'no');
          return { deleted: 1 };
        },
      }),
      { log: () => undefined },
    );
    const a = await router.call('peers.delete', { ids: [1] }, admin);
    const b = await router.call('peers.delete', { ids: [2] }, admin);
    assert.equal(a.ok, false);
    assert.deepEqual(b, { ok: true, value: { deleted: 1 } });
  });

  test('validateResults turns a result that breaks the contract into Internal', async () => {
    const broken = fakeHandlers({
      // @ts-expect-error a handler drifting from its result schema is what this catches
      'system.capabilities': async () => ({ root: 'yes' }),
    });
    const { log, entries } = recordingLog();
    const strict = createRouter(broken, { log, validateResults: true });
    const r = await strict.call('system.capabilities', {}, admin);
    assert.deepEqual(r, { ok: false, error: { kind: 'Internal', message: INTERNAL_MESSAGE } });
    assert.equal(entries.length, 1);
    const lax = createRouter(broken, { log });
    assert.equal((await lax.call('system.capabilities', {}, admin)).ok, true);
  });

  test('handler sets are built once per caller, for that caller', async () => {
    const built: string[] = [];
    const router = createRouter(
      (caller) => {
        built.push(caller.actor);
        return fakeHandlers({
          'system.capabilities': async () => ({ ...caps, root: caller.actor === 'cli' }),
        });
      },
      { log: () => undefined },
    );
    const a = await router.call('system.capabilities', {}, admin);
    await router.call('system.capabilities', {}, admin);
    const c = await router.call('system.capabilities', {}, { actor: 'cli' });
    assert.deepEqual(built, ['admin', 'cli']);
    assert.deepEqual(a.ok && a.value, caps);
    assert.equal(c.ok, true);
  });
});
