import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unwrap } from '../../../shared/result';
import { parseCidr, parseConfText } from '../../../shared/validate';
import type { AccessRuleSettings, PeerId } from '../../../main/store';
import { addInterface, freshStore, randomKey } from '../store/helpers';

describe('network settings and access rules in SQLite', () => {
  const store = freshStore(() => 1_000);
  const wg0 = addInterface(store, 'wg0');
  const peer = (i: number) =>
    store.peers.insert({
      interfaceId: wg0,
      name: unwrap(parseConfText(`p${i}`)),
      type: 'client',
      tunnelMode: 'full',
      publicKey: randomKey(),
      addresses: [unwrap(parseCidr(`10.8.0.${i}/32`))],
    });
  const user = store.users.insert({ name: 'ann' });
  const a = peer(2);
  const b = peer(3);
  const rule = (s: Partial<AccessRuleSettings>): AccessRuleSettings => ({
    source: { kind: 'any' },
    destination: { kind: 'any' },
    protocol: 'any',
    ports: [],
    action: 'allow',
    priority: 10,
    enabled: true,
    ...s,
  });

  test('no row: unmanaged; settings round-trip; unmanage keeps the rules', () => {
    assert.equal(store.network.settings(wg0), undefined);
    const s = {
      reach: 'networks',
      uplink: null,
      masqueradeIpv4: true,
      masqueradeIpv6: true,
      policy: 'deny',
    } as const;
    store.network.setSettings(wg0, s);
    assert.deepEqual(store.network.settings(wg0), s);
    const r = store.network.insertRule(wg0, rule({}));
    store.network.unmanage(wg0);
    assert.equal(store.network.settings(wg0), undefined);
    assert.equal(store.network.rule(r.id)?.id, r.id);
    store.network.deleteRule(r.id);
  });

  test('every source and destination kind round-trips; rules come in priority order', () => {
    const cases: AccessRuleSettings[] = [
      rule({
        priority: 30,
        source: { kind: 'peer', peerId: a.id },
        destination: { kind: 'peer', peerId: b.id },
        protocol: 'tcp',
        ports: [
          { from: 22, to: 22 },
          { from: 80, to: 90 },
        ],
      }),
      rule({
        priority: 20,
        source: { kind: 'user', userId: user.id },
        destination: { kind: 'internet' },
        action: 'deny',
      }),
      rule({
        priority: 10,
        source: { kind: 'cidr', cidr: unwrap(parseCidr('192.168.0.0/16')) },
        destination: { kind: 'cidr', cidr: unwrap(parseCidr('fd00::/8')) },
      }),
      rule({ priority: 40, destination: { kind: 'server' }, protocol: 'icmp', enabled: false }),
    ];
    const ids = cases.map((c) => store.network.insertRule(wg0, c).id);
    const back = store.network.rules(wg0);
    assert.deepEqual(
      back.map((r) => r.id),
      [ids[2], ids[1], ids[0], ids[3]],
    );
    for (const [i, c] of cases.entries()) {
      const r = store.network.requireRule(ids[i] ?? 0);
      assert.deepEqual(
        {
          source: r.source,
          destination: r.destination,
          protocol: r.protocol,
          ports: r.ports,
          action: r.action,
          priority: r.priority,
          enabled: r.enabled,
        },
        c,
      );
    }
  });

  test('deleting a peer or a user removes every rule that names them', () => {
    const before = store.network.rules(wg0).length;
    store.peers.delete(b.id);
    assert.equal(store.network.rules(wg0).length, before - 1);
    store.users.delete(user.id);
    assert.equal(store.network.rules(wg0).length, before - 2);
  });

  test('the schema refuses a rule whose kind and columns disagree', () => {
    assert.throws(() =>
      store.db
        .prepare(
          `INSERT INTO access_rules (interface_id, source_kind, destination_kind, protocol, action,
             priority, enabled, created_at, updated_at)
           VALUES (?, 'peer', 'any', 'any', 'allow', 1, 1, 0, 0)`,
        )
        .run(wg0),
    );
    assert.throws(() =>
      store.network.insertRule(wg0, rule({ source: { kind: 'peer', peerId: 9999 as PeerId } })),
    );
  });
});
