import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Cidr } from '../../../shared/validate';
import { compileServer, linesOf, needsForwarding } from '../../../main/services/network/compile';
import { resolveRules } from '../../../main/services/network/resolve';
import { siteNetworks } from '../../../main/services/kernel/network';
import type { NetworkSettings, PeerId, UserId } from '../../../main/store';
import { ALICE, BOB, GATEWAY, IFACE, PEERS, rule } from './fixtures';

const SETTINGS: NetworkSettings = {
  reach: 'internet',
  uplink: null,
  masqueradeIpv4: true,
  masqueradeIpv6: false,
  policy: 'isolate',
};
const peerSrc = (p: typeof ALICE) => ({ kind: 'peer', peerId: p.id as PeerId }) as const;

describe('resolveRules', () => {
  test('orders by priority then id, drops disabled rules and rules about nobody', () => {
    const rules = [
      rule(1, { kind: 'any' }, { kind: 'internet' }, { priority: 50 }),
      rule(2, { kind: 'any' }, { kind: 'server' }, { priority: 10 }),
      rule(3, { kind: 'any' }, { kind: 'any' }, { priority: 10 }),
      rule(4, { kind: 'any' }, { kind: 'any' }, { enabled: false }),
      rule(5, { kind: 'user', userId: 99 as UserId }, { kind: 'any' }),
      rule(6, { kind: 'peer', peerId: 99 as PeerId }, { kind: 'any' }),
    ];
    assert.deepEqual(
      resolveRules(rules, PEERS).map((r) => r.id),
      [2, 3, 1],
    );
  });
  test('a user is every peer of theirs; a peer is its addresses and its networks', () => {
    const [u, g] = resolveRules(
      [
        rule(1, { kind: 'user', userId: 7 as UserId }, { kind: 'any' }),
        rule(2, peerSrc(GATEWAY), { kind: 'any' }),
      ],
      PEERS,
    );
    assert.deepEqual(u?.source, ['10.8.0.2/32', 'fd08::2/128', '10.8.0.3/32']);
    assert.deepEqual(g?.source, ['10.8.0.4/32', '192.168.50.0/24']);
  });
});

describe('linesOf', () => {
  const cases: [
    string,
    Parameters<typeof rule>,
    { family: string; saddr: unknown; daddr: unknown; internet: boolean; ports: unknown }[],
  ][] = [
    [
      'any → any: one line per family',
      [1, { kind: 'any' }, { kind: 'any' }],
      [
        { family: 'ip', saddr: null, daddr: null, internet: false, ports: null },
        { family: 'ip6', saddr: null, daddr: null, internet: false, ports: null },
      ],
    ],
    [
      'a v4 CIDR source has no v6 line',
      [1, { kind: 'cidr', cidr: '10.9.0.0/16' as Cidr }, { kind: 'internet' }],
      [{ family: 'ip', saddr: ['10.9.0.0/16'], daddr: null, internet: true, ports: null }],
    ],
    [
      'alice → bob (v4 only) tcp/22',
      [1, peerSrc(ALICE), peerSrc(BOB), { protocol: 'tcp', ports: [{ from: 22, to: 22 }] }],
      [
        {
          family: 'ip',
          saddr: ['10.8.0.2/32'],
          daddr: ['10.8.0.3/32'],
          internet: false,
          ports: [{ from: 22, to: 22 }],
        },
      ],
    ],
  ];
  for (const [name, args, want] of cases) {
    test(name, () => {
      const [r] = resolveRules([rule(...args)], PEERS);
      assert.ok(r);
      assert.deepEqual(
        linesOf(r).map(({ family, saddr, daddr, internet, ports }) => ({
          family,
          saddr,
          daddr,
          internet,
          ports,
        })),
        want,
      );
    });
  }
});

describe('compileServer', () => {
  const rules = resolveRules(
    [
      rule(1, peerSrc(ALICE), peerSrc(BOB), { protocol: 'tcp', ports: [{ from: 22, to: 22 }] }),
      rule(
        2,
        { kind: 'any' },
        { kind: 'cidr', cidr: '192.168.50.0/24' as Cidr },
        { action: 'deny' },
      ),
      rule(3, { kind: 'any' }, { kind: 'server' }, { protocol: 'udp', action: 'deny' }),
    ],
    PEERS,
  );
  const out = compileServer({ iface: IFACE, settings: SETTINGS, rules, peers: PEERS });
  test('forwarded rules in order, one line per family they can match; rules to the server are not', () => {
    assert.deepEqual(
      out.forward.map((l) => [l.rule, l.family]),
      [
        [1, 'ip'],
        [2, 'ip'],
      ],
    );
  });
  test('rules to the server go to the input hook only', () => {
    assert.deepEqual(
      out.input.map((l) => [l.rule, l.family, l.protocol]),
      [
        [3, 'ip', 'udp'],
        [3, 'ip6', 'udp'],
      ],
    );
  });
  test('settings pass through', () => {
    assert.deepEqual(
      [out.name, out.reach, out.policy, out.masquerade4, out.uplink],
      ['wg0', 'internet', 'isolate', true, null],
    );
  });
  test('forwarding is needed unless nothing at all may be forwarded', () => {
    const base = { iface: IFACE, rules: [], peers: PEERS };
    const deny: NetworkSettings = { ...SETTINGS, reach: 'server', policy: 'deny' };
    assert.equal(needsForwarding({ ...base, settings: deny }), false);
    assert.equal(needsForwarding({ ...base, settings: { ...deny, policy: 'isolate' } }), true);
    assert.equal(needsForwarding({ ...base, settings: deny, rules: rules.slice(0, 1) }), true);
  });
});

describe('siteNetworks', () => {
  const cases: [string, string[], string[]][] = [
    ['tunnel addresses are the server’s own network', ['10.8.0.2/32', 'fd08::2/128'], []],
    ['a site outside gets a route', ['10.8.0.4/32', '192.168.50.0/24'], ['192.168.50.0/24']],
    ['never a default route', ['0.0.0.0/0', '::/0'], []],
    ['a v6 site', ['fd99::/64'], ['fd99::/64']],
    ['duplicates once', ['10.20.0.0/16', '10.20.0.0/16'], ['10.20.0.0/16']],
  ];
  for (const [name, nets, want] of cases) {
    test(name, () => assert.deepEqual(siteNetworks(IFACE, nets as Cidr[]), want));
  }
});
