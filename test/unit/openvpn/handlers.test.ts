// The OpenVPN contract methods below the transport: params through the
// contract's schemas, the handler, the result checked against the contract.
// No OpenVPN server here (the link stays down): what is checked is what is
// stored, refused and shown, never a password.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METHODS, parseParams, type MethodName } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { openvpnHandlers } from '../../../main/api/handlers/openvpn';
import { createServices, createContext } from '../../../main/services';
import { LOCAL_HOST_ID } from '../../../main/store/types';
import { FakeHost } from '../monitor/fake-host';
import { monitorStore } from '../monitor/helpers';

describe('openvpn handlers', () => {
  const { store, db } = monitorStore(() => 1_000);
  const ctx = createContext({
    store,
    host: new FakeHost(),
    hostId: LOCAL_HOST_ID,
    now: () => 1_000,
    events: () => undefined,
  });
  const handlers = openvpnHandlers(createServices(ctx), { actor: 'admin' });

  async function call<M extends keyof typeof handlers & MethodName>(method: M, raw: unknown) {
    const params = parseParams(METHODS[method].params, raw);
    if (!params.ok) throw params.error;
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    const result = await handler(params.value);
    const checked = METHODS[method].result.safeParse(result);
    assert.ok(checked.success, `${method} result breaks the contract: ${String(checked.error)}`);
    return result;
  }

  async function refused(method: keyof typeof handlers & MethodName, raw: unknown, field: string) {
    await assert.rejects(
      () => call(method, raw),
      (e: unknown) => e instanceof AppError && e.kind === 'InvalidInput' && e.field === field,
    );
  }

  const address = { kind: 'unix', path: '/run/openvpn/server.sock' };

  test('attach stores the password sealed and never shows it', async () => {
    const view = await call('openvpn.attach', { name: 'legacy', address, password: 's3cret' });
    assert.equal(JSON.stringify(view).includes('s3cret'), false);
    assert.equal((view as { hasPassword: boolean }).hasPassword, true);
    const row = db
      .prepare<[], { p: Buffer }>('SELECT password_sealed AS p FROM openvpn_servers')
      .get();
    assert.ok(row !== undefined && !row.p.toString('latin1').includes('s3cret'), 'sealed at rest');
    const id = (view as { id: number }).id;
    assert.equal(store.openvpn.revealPassword(id as never), 's3cret');
    const audit = JSON.stringify(store.audit.list({}));
    assert.equal(audit.includes('s3cret'), false, 'not in the audit log');
  });

  test('bad input is refused naming the field, and nothing is stored', async () => {
    const before = store.openvpn.list(LOCAL_HOST_ID).length;
    await refused(
      'openvpn.attach',
      { name: 'x', address, password: 'a\r\nsignal SIGTERM' },
      'password',
    );
    await refused(
      'openvpn.attach',
      { name: 'x', address: { kind: 'unix', path: 'rel' } },
      'address.path',
    );
    await refused(
      'openvpn.attach',
      { name: 'x', address: { kind: 'tcp', host: '192.0.2.1', port: 7505 } },
      'address.host',
    );
    await refused('openvpn.attach', { name: 'a\nb', address }, 'name');
    assert.equal(store.openvpn.list(LOCAL_HOST_ID).length, before);
    const [server] = store.openvpn.list(LOCAL_HOST_ID);
    assert.ok(server !== undefined);
    await refused(
      'openvpn.assign',
      { id: server.id, identity: 'bob\r\nclient-kill 0', userId: null },
      'identity',
    );
    await refused('openvpn.disconnect', { id: server.id, clientId: -1 }, 'clientId');
    assert.deepEqual(store.openvpn.identities(server.id), []);
  });

  test('an identity with quotes and spaces is kept as text', async () => {
    const [server] = store.openvpn.list(LOCAL_HOST_ID);
    assert.ok(server !== undefined);
    const user = store.users.insert({ name: 'bob' });
    const name = 'ev "il__client-kill 0_status';
    const list = await call('openvpn.assign', { id: server.id, identity: name, userId: user.id });
    assert.deepEqual(
      (list as { name: string; userId: number }[]).map((i) => [i.name, i.userId]),
      [[name, user.id]],
    );
    assert.deepEqual(
      ((await call('openvpn.identities', { userId: user.id })) as { name: string }[]).map(
        (i) => i.name,
      ),
      [name],
    );
  });

  test('release lets a held identity back in now, audited; one not held is NotFound', async () => {
    const [server] = store.openvpn.list(LOCAL_HOST_ID);
    assert.ok(server !== undefined);
    store.openvpn.hold(server.id, 'phone', 601_000 as never, 'limit cut');
    const held = (await call('openvpn.identities', { id: server.id })) as {
      name: string;
      heldUntil: number | null;
    }[];
    assert.equal(held.find((i) => i.name === 'phone')?.heldUntil, 601_000);
    const list = (await call('openvpn.release', { id: server.id, identity: 'phone' })) as {
      name: string;
      heldUntil: number | null;
      heldReason: string | null;
    }[];
    const phone = list.find((i) => i.name === 'phone');
    assert.deepEqual([phone?.heldUntil, phone?.heldReason], [null, null]);
    const audit = store.audit.list({}).filter((e) => e.action === 'openvpn.release');
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.actor, 'admin');
    await assert.rejects(
      () => call('openvpn.release', { id: server.id, identity: 'phone' }),
      (e: unknown) => e instanceof AppError && e.kind === 'NotFound',
    );
    assert.equal(store.audit.list({}).filter((e) => e.action === 'openvpn.release').length, 1);
    await refused('openvpn.release', { id: server.id, identity: 'a\r\nkill 1' }, 'identity');
  });

  test('a session on a server whose link is down cannot be ended: a clear error', async () => {
    const [server] = store.openvpn.list(LOCAL_HOST_ID);
    assert.ok(server !== undefined);
    await assert.rejects(
      () => call('openvpn.disconnect', { id: server.id, clientId: 0 }),
      (e: unknown) => e instanceof AppError && e.kind === 'HostUnreachable',
    );
  });
});
