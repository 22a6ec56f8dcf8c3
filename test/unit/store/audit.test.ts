import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { freshStore } from './helpers';

describe('audit log', () => {
  let clock = 0;
  const { audit } = freshStore(() => clock);
  let a = 0;
  let b = 0;
  let c = 0;

  before(() => {
    clock = 100;
    a = audit.append({
      actor: 'admin',
      action: 'interface.create',
      targetType: 'interface',
      targetId: 1,
    });
    clock = 200;
    b = audit.append({
      actor: 'admin',
      action: 'peer.create',
      targetType: 'peer',
      targetId: 7,
      details: { name: 'laptop', addresses: ['10.8.0.2/32'], hasPresharedKey: true },
    });
    clock = 300;
    c = audit.append({
      actor: 'limits',
      action: 'peer.disconnect',
      targetType: 'peer',
      targetId: '7',
    });
  });

  test('lists newest first, with details', () => {
    const all = audit.list();
    assert.deepEqual(
      all.map((e) => e.id),
      [c, b, a],
    );
    assert.deepEqual(all[1], {
      id: b,
      at: 200,
      actor: 'admin',
      action: 'peer.create',
      targetType: 'peer',
      targetId: '7',
      details: { name: 'laptop', addresses: ['10.8.0.2/32'], hasPresharedKey: true },
    });
    assert.deepEqual(all[0]?.details, {});
  });

  test('filters combine', () => {
    const ids = (f: Parameters<typeof audit.list>[0]) => audit.list(f).map((e) => e.id);
    assert.deepEqual(ids({ actor: 'admin' }), [b, a]);
    assert.deepEqual(ids({ targetType: 'peer', targetId: 7 }), [c, b]);
    assert.deepEqual(ids({ since: 200 }), [c, b]);
    assert.deepEqual(ids({ until: 200 }), [a]);
    assert.deepEqual(ids({ action: 'peer.disconnect', actor: 'admin' }), []);
    assert.deepEqual(ids({ beforeId: c, limit: 1 }), [b]);
  });

  test('refuses a limit out of range', () => {
    assert.throws(() => audit.list({ limit: 0 }), { kind: 'InvalidInput' });
    assert.throws(() => audit.list({ limit: 1001 }), { kind: 'InvalidInput' });
  });

  test('refuses secret-looking details holding text, at any depth', () => {
    const count = audit.list().length;
    assert.throws(
      () => audit.append({ actor: 'admin', action: 'peer.create', details: { privateKey: 'x' } }),
      { kind: 'Internal', message: /details\.privateKey looks like a secret/ },
    );
    assert.throws(
      () =>
        audit.append({
          actor: 'admin',
          action: 'peer.create',
          details: { peer: { keys: [{ presharedKey: 'x' }] } },
        }),
      { kind: 'Internal' },
    );
    assert.equal(audit.list().length, count);
  });
});
