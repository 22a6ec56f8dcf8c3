import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Cidr, IpAddress } from '../../../shared/validate';
import { explain, type ExplainQuery } from '../../../main/services/network/explain';
import { netsOf, resolveRules } from '../../../main/services/network/resolve';
import type { NetworkSettings, PeerId } from '../../../main/store';
import { ALICE, BOB, PEERS, rule } from './fixtures';

const src = (p: typeof ALICE) => ({ kind: 'peer', peerId: p.id as PeerId }) as const;
const rules = resolveRules(
  [
    rule(1, src(ALICE), src(BOB), { protocol: 'tcp', ports: [{ from: 22, to: 22 }] }),
    rule(2, src(ALICE), { kind: 'internet' }, { action: 'deny' }),
    rule(
      3,
      { kind: 'any' },
      { kind: 'server' },
      { protocol: 'udp', ports: [{ from: 53, to: 53 }], action: 'deny' },
    ),
    rule(
      4,
      { kind: 'cidr', cidr: '10.8.0.0/24' as Cidr },
      { kind: 'cidr', cidr: '192.168.50.0/24' as Cidr },
      { protocol: 'icmp' },
    ),
  ],
  PEERS,
);
const tunnelNets = ['10.8.0.0/24', ...PEERS.flatMap(netsOf)] as Cidr[];
const isolate: NetworkSettings = {
  reach: 'networks',
  uplink: null,
  masqueradeIpv4: true,
  masqueradeIpv6: false,
  policy: 'isolate',
};
const q = (
  source: string,
  destination: string,
  protocol: ExplainQuery['protocol'],
  port: number | null = null,
): ExplainQuery => ({
  source: source as IpAddress,
  destination: destination === 'server' ? 'server' : (destination as IpAddress),
  protocol,
  port,
});

describe('explain names what decides', () => {
  const cases: [string, NetworkSettings, ExplainQuery, [boolean, number | null, string]][] = [
    ['the allow rule, tcp/22', isolate, q('10.8.0.2', '10.8.0.3', 'tcp', 22), [true, 1, 'rule']],
    ['isolation, tcp/23', isolate, q('10.8.0.2', '10.8.0.3', 'tcp', 23), [false, null, 'policy']],
    [
      'isolation, the other way round',
      isolate,
      q('10.8.0.3', '10.8.0.2', 'tcp', 22),
      [false, null, 'policy'],
    ],
    [
      'policy allow lets peers talk',
      { ...isolate, policy: 'allow' },
      q('10.8.0.3', '10.8.0.2', 'udp', 9),
      [true, null, 'policy'],
    ],
    [
      'a site behind a gateway is through the tunnel',
      isolate,
      q('10.8.0.3', '192.168.50.7', 'tcp', 80),
      [false, null, 'policy'],
    ],
    [
      'the icmp rule to the site',
      isolate,
      q('10.8.0.3', '192.168.50.7', 'icmp'),
      [true, 4, 'rule'],
    ],
    [
      'the deny to the internet',
      isolate,
      q('10.8.0.2', '198.51.100.2', 'tcp', 443),
      [false, 2, 'rule'],
    ],
    [
      'reach networks: no internet for bob',
      isolate,
      q('10.8.0.3', '198.51.100.2', 'tcp', 443),
      [false, null, 'reach'],
    ],
    [
      'reach networks: a LAN beyond the uplink',
      isolate,
      q('10.8.0.3', '172.16.4.4', 'tcp', 443),
      [true, null, 'reach'],
    ],
    [
      'reach internet',
      { ...isolate, reach: 'internet' },
      q('10.8.0.3', '198.51.100.2', 'tcp', 443),
      [true, null, 'reach'],
    ],
    [
      'reach server only',
      { ...isolate, reach: 'server' },
      q('10.8.0.3', '172.16.4.4', 'tcp', 443),
      [false, null, 'reach'],
    ],
    [
      'deny all but rules',
      { ...isolate, reach: 'internet', policy: 'deny' },
      q('10.8.0.3', '198.51.100.2', 'tcp', 443),
      [false, null, 'policy'],
    ],
    [
      'the server: a deny rule for udp/53',
      isolate,
      q('10.8.0.3', 'server', 'udp', 53),
      [false, 3, 'rule'],
    ],
    [
      'the server: allowed otherwise',
      isolate,
      q('10.8.0.3', 'server', 'tcp', 22),
      [true, null, 'server'],
    ],
    [
      'a port rule does not match a query without a port',
      isolate,
      q('10.8.0.2', '10.8.0.3', 'tcp'),
      [false, null, 'policy'],
    ],
    [
      'the gateway’s site as a source is the gateway',
      { ...isolate, policy: 'allow' },
      q('192.168.50.9', '10.8.0.2', 'icmp'),
      [true, null, 'policy'],
    ],
  ];
  for (const [name, settings, query, [allowed, ruleId, by]] of cases) {
    test(name, () => {
      const e = explain({ settings, rules, tunnelNets }, query);
      assert.deepEqual(
        [e.allowed, e.ruleId, e.decidedBy],
        [allowed, ruleId, by],
        JSON.stringify(e.reason),
      );
    });
  }
});
